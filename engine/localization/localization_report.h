// Writing a localization run: per_image.csv (one row per image: the concept map's box and IoUs under
// every protocol, then each baseline's and extra classifier's IoU) and summary.json (every protocol's
// figure for the classifier at the top level, the same per baseline under "baselines" and per extra
// classifier under "extra_classifiers").
#pragma once

#include "common/result.h"
#include "localization/localization_run.h"
#include "localization/method_evaluation.h"

#include <string>
#include <vector>

namespace hint::localization {

struct ReportImage {
    std::string path;
    int width = 0, height = 0;
    int label = -1, predicted = -1;
};

Status writePerImageCsv(const std::string& path, const std::vector<ReportImage>& images, const MethodEvaluation& main,
                        const std::vector<const MethodEvaluation*>& others, Protocol protocol);
// summary.json's text.
std::string summaryJson(const LocalizationRequest& request, const LocalizationSummary& summary,
                        const std::vector<std::string>& skipped);

}  // namespace hint::localization
