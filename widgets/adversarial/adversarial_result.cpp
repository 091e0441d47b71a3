// One image attacked and explained through the engine: localization::attackImage, then the concept maps
// of each classifier on both inputs with the concept maps view's own function.
#include "adversarial_result.h"

#include "common/embedded_resources.h"
#include "data/shapes_world.h"
#include "hierarchy/word_net.h"
#include "localization/attack_comparison.h"
#include "model/network.h"

#include <algorithm>
#include <cmath>

namespace hint::widgets {

namespace {

Result<std::shared_ptr<const model::Network>> networkFor(const AdversarialRequest& request)
{
    if (request.network) return request.network;
    if (request.weightsPath.empty()) return Error::badInput("no weights file for the " + request.arch + " network");
    auto network = model::Network::create(request.arch);
    if (!network) return network.error();
    if (auto status = network.value()->loadWeights(request.weightsPath); !status) return status.error();
    return std::shared_ptr<const model::Network>(std::move(network).value());
}

Result<std::vector<ConceptMapPanel>> conceptMaps(const FloatTensor& features, const std::vector<ConceptClassifier>& classifiers,
                                                 const data::ImageRgb8& image)
{
    std::vector<ConceptMapPanel> panels;
    for (const auto& classifier : classifiers) {
        auto panel = conceptMapPanel(features, 0, classifier, image.height, image.width);
        if (!panel) return panel.error();
        panels.push_back(std::move(panel).value());
    }
    return panels;
}

double probabilityOf(const std::vector<double>& probabilities, int64_t index)
{
    return index >= 0 && size_t(index) < probabilities.size() ? probabilities[size_t(index)] : 0.0;
}

}  // namespace

localization::AttackOptions attackOptions(const AdversarialSettings& settings)
{
    localization::AttackOptions options;
    options.method = settings.method;
    options.epsilon = settings.epsilon / 255.0;
    options.steps = settings.steps;
    return options;
}

std::vector<std::string> modelClassNames(const std::string& arch, int64_t numClasses, const std::vector<int64_t>& indices)
{
    std::vector<std::string> names;
    const auto& shapes = data::ShapesWorld::classes();
    const auto& wnids = resources::imagenetWnids();
    std::vector<std::string> found;
    if (arch == "shapesnet" && numClasses == int64_t(shapes.size())) {
        for (int64_t i : indices)
            found.push_back(i >= 0 && i < numClasses ? shapes[size_t(i)].name : std::string());
    } else if (numClasses == int64_t(wnids.size())) {
        std::vector<std::string> asked;
        for (int64_t i : indices) asked.push_back(i >= 0 && i < numClasses ? wnids[size_t(i)] : wnids.front());
        if (auto looked = hierarchy::lookupNames(asked)) found = std::move(looked).value();
    }
    for (size_t k = 0; k < indices.size(); ++k)
        names.push_back(k < found.size() && !found[k].empty() ? found[k] : "class " + std::to_string(indices[k]));
    return names;
}

Result<AdversarialResult> computeAdversarial(const AdversarialRequest& request, jobs::JobContext& job)
{
    if (request.imagePath.empty()) return Error::badInput("no image chosen to attack");
    job.progress(0, 3, "load network");
    auto network = networkFor(request);
    if (!network) return network.error();
    if (job.isCancelled()) return Error::cancelled();
    job.progress(1, 3, "attack");
    localization::AttackImageRequest attackRequest;
    attackRequest.image = {request.imagePath, request.label};
    attackRequest.layer = request.layer;
    attackRequest.preprocess = request.preprocess;
    attackRequest.attack = request.attack;
    attackRequest.topNeurons = request.topNeurons;
    auto attacked = localization::attackImage(*network.value(), attackRequest, job);
    if (!attacked) return attacked.error();
    if (job.isCancelled()) return Error::cancelled();
    job.progress(2, 3, "concept maps");

    AdversarialResult result;
    result.imagePath = request.imagePath;
    result.arch = network.value()->info().name;
    result.layer = request.layer;
    result.method = request.attack.method;
    result.epsilon = request.attack.epsilon * 255.0;
    result.steps = request.attack.method == localization::AttackMethod::Pgd ? request.attack.steps : 1;
    result.label = attacked->label;
    result.linf = attacked->linf * 255.0;
    result.topNeurons = request.topNeurons;
    const auto names = modelClassNames(result.arch, network.value()->numClasses(),
                                       {attacked->cleanPrediction, attacked->adversarialPrediction, attacked->label});
    result.labelName = names[2];
    const auto side = [&](data::ImageRgb8 image, int64_t prediction, const std::string& name,
                          const std::vector<double>& probabilities, const FloatTensor& features,
                          std::vector<double> topMeans) -> Result<AdversarialSide> {
        AdversarialSide s;
        auto maps = conceptMaps(features, request.classifiers, image);
        if (!maps) return maps.error();
        s.maps = std::move(maps).value();
        s.image = std::move(image);
        s.prediction = prediction;
        s.className = name;
        s.probability = probabilityOf(probabilities, prediction);
        s.labelProbability = probabilityOf(probabilities, attacked->label);
        s.topMeans = std::move(topMeans);
        return s;
    };
    auto clean = side(std::move(attacked->clean), attacked->cleanPrediction, names[0], attacked->cleanProbabilities,
                      attacked->cleanFeatures, std::move(attacked->cleanTop));
    if (!clean) return clean.error();
    auto adversarial = side(std::move(attacked->adversarial), attacked->adversarialPrediction, names[1],
                            attacked->adversarialProbabilities, attacked->adversarialFeatures,
                            std::move(attacked->adversarialTop));
    if (!adversarial) return adversarial.error();
    result.clean = std::move(clean).value();
    result.attacked = std::move(adversarial).value();
    job.progress(3, 3, "concept maps");
    return result;
}

}  // namespace hint::widgets
