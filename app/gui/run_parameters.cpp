// Run panel parameters <-> project fields.
#include "run_parameters.h"

#include "store/project.h"

#include <algorithm>

namespace hint::gui {

namespace {

QString stringAt(const nlohmann::json& parameters, const char* key, const QString& fallback)
{
    const auto it = parameters.find(key);
    return it != parameters.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : fallback;
}

}  // namespace

RunParameters runParametersOf(const store::Project& project, RunParameters p)
{
    if (!project.model.arch.empty()) p.arch = QString::fromStdString(project.model.arch);
    p.weights = QString::fromStdString(project.model.weights);
    if (!project.layers.empty()) p.tap = QString::fromStdString(project.layers.front());
    const nlohmann::json& given = project.parameters;
    if (given.is_object()) {
        p.saliency = stringAt(given, "method", p.saliency);
        p.classifier = stringAt(given, "classifier", p.classifier);
        p.shapley = stringAt(given, "shapley", p.shapley);
        p.precision = stringAt(given, "precision", p.precision);
        if (const auto it = given.find("threshold"); it != given.end() && it->is_number()) p.threshold = it->get<double>();
        if (const auto it = given.find("images_per_leaf"); it != given.end() && it->is_number_integer())
            p.imagesPerLeaf = it->get<int>();
    }
    p.seed = int(project.seed);
    return p;
}

void applyRunParameters(const RunParameters& p, store::Project& project)
{
    const std::string arch = p.arch.toStdString();
    const std::string tap = p.tap.toStdString();
    // Another architecture's taps have other names: its layers replace the old ones.
    if (arch != project.model.arch && !tap.empty()) project.layers.clear();
    project.model.arch = arch;
    project.model.weights = p.weights.toStdString();
    if (!tap.empty() && std::find(project.layers.begin(), project.layers.end(), tap) == project.layers.end())
        project.layers.push_back(tap);
    if (!project.parameters.is_object()) project.parameters = nlohmann::json::object();
    project.parameters.erase("saliency");  // written by earlier versions under a key the pipeline never read
    project.parameters["method"] = p.saliency.toStdString();
    project.parameters["threshold"] = p.threshold;
    project.parameters["images_per_leaf"] = p.imagesPerLeaf;
    project.parameters["classifier"] = p.classifier.toStdString();
    project.parameters["shapley"] = p.shapley.toStdString();
    project.parameters["precision"] = p.precision.toStdString();
    project.seed = uint64_t(p.seed);
}

}  // namespace hint::gui
