#include "localization/localization_request.h"

#include "classifiers/concept_training.h"
#include "localization/neuron_ablation.h"

#include <filesystem>

namespace hint::localization {

std::vector<std::string> defaultBaselines(const std::string& arch)
{
    std::vector<std::string> names = {"whole", "centre", "gradcam"};
    if (!camLayer(arch).empty()) names.push_back("cam");
    return names;
}

Result<classifiers::LinearModel> loadConceptClassifier(const std::string& folderOrFile)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool folder = fs::is_directory(folderOrFile, ec);
    return classifiers::loadLinearModel(folder ? (fs::path(folderOrFile) / classifiers::kLinearFile).string() : folderOrFile);
}

Status addAblationClassifiers(LocalizationRequest& request, const std::string& classifierDir,
                              const std::string& shapleyCsv, int k, uint64_t seed, jobs::JobContext& job)
{
    auto scores = readShapleyScores(shapleyCsv);
    if (!scores) return scores.error();
    auto ablation = ablationClassifiers(classifierDir, scores.value(), k, seed, job);
    if (!ablation) return ablation.error();
    for (auto& entry : ablation.value())
        request.extraClassifiers.emplace_back("ablation_" + rankingName(entry.ranking), std::move(entry.model));
    return {};
}

}  // namespace hint::localization
