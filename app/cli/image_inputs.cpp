#include "image_inputs.h"

#include "data/dataset.h"

namespace hint::cli {

Result<std::vector<saliency::ImageItem>> imageItemsFromArgs(const Args& args)
{
    std::vector<std::string> sources;
    if (args.has("images")) sources.push_back(args.get("images"));
    for (const auto& p : args.positional()) sources.push_back(p);
    if (sources.empty()) return Error::badInput("no images: give --images DIR|LIST or image files");
    std::vector<saliency::ImageItem> items;
    for (const auto& source : sources) {
        auto dataset = data::listImages(source);
        if (!dataset) return dataset.error();
        if (args.has("labels"))
            if (auto status = data::applyLabels(dataset.value(), args.get("labels")); !status) return status.error();
        for (size_t i = 0; i < dataset->size(); ++i) items.push_back({dataset->path(i), dataset->images[i].classIndex});
    }
    return items;
}

}  // namespace hint::cli
