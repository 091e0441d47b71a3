#include "classifiers/training_set.h"

#include "classifiers/detail/seeded_rng.h"
#include "common/npy.h"

#include <cstring>
#include <filesystem>

namespace hint::classifiers {

namespace {

// Shape (rows, K) of a float32 2-d .npy, checked; the message names the file.
Result<std::vector<int64_t>> matrixShape(const std::string& path, int64_t expectedFeatures)
{
    if (!std::filesystem::is_regular_file(path)) return Error::badInput("missing file " + path);
    auto header = readNpyHeader(path);
    if (!header) return Error::badInput(path + ": " + header.error().message);
    if (header->dtype != "<f4" || header->shape.size() != 2)
        return Error::badInput(path + ": expected a float32 (rows,K) array, got dtype " + header->dtype + " with " +
                               std::to_string(header->shape.size()) + " dimensions");
    if (expectedFeatures > 0 && header->shape[1] != expectedFeatures)
        return Error::badInput(path + ": " + std::to_string(header->shape[1]) + " columns, expected K = " +
                               std::to_string(expectedFeatures) + " as the first concept");
    return header->shape;
}

void appendRows(FloatTensor& matrix, const float* rows, int64_t count)
{
    matrix.data.insert(matrix.data.end(), rows, rows + count * matrix.shape[1]);
    matrix.shape[0] += count;
}

}  // namespace

Result<TrainingSet> buildTrainingSet(const std::vector<std::string>& regionsDirs, int target, uint64_t seed,
                                     jobs::JobContext& context)
{
    const auto groupSize = static_cast<int64_t>(regionsDirs.size());
    if (groupSize == 0) return Error::badInput("--concepts: no regions folder given");
    if (target < 0 || target >= groupSize)
        return Error::badInput("--target " + std::to_string(target) + " is out of range: the group has " +
                               std::to_string(groupSize) + " concepts (0.." + std::to_string(groupSize - 1) + ")");

    // Check every file before reading any, so bad input fails fast.
    TrainingSet set;
    std::vector<int64_t> backgroundSizes;
    for (const auto& dir : regionsDirs) {
        if (!std::filesystem::is_directory(dir)) return Error::badInput("regions folder not found: " + dir);
        auto positives = matrixShape((std::filesystem::path(dir) / "positives.npy").string(), set.features);
        if (!positives) return positives.error();
        set.features = (*positives)[1];
        auto background = matrixShape((std::filesystem::path(dir) / "background.npy").string(), set.features);
        if (!background) return background.error();
        set.conceptRows.push_back((*positives)[0]);
        backgroundSizes.push_back((*background)[0]);
        set.backgroundPool += (*background)[0];
    }
    int64_t positiveTotal = 0;
    for (int64_t m : set.conceptRows) positiveTotal += m;
    if (set.conceptRows[static_cast<size_t>(target)] == 0)
        return Error::badInput((std::filesystem::path(regionsDirs[static_cast<size_t>(target)]) / "positives.npy").string() +
                               ": the target concept has no responsible vectors");

    int64_t wanted = positiveTotal / groupSize;
    if (wanted > set.backgroundPool) {
        context.warning("background pool holds " + std::to_string(set.backgroundPool) + " vectors, fewer than the " +
                        std::to_string(wanted) + " wanted: using all of them");
        wanted = set.backgroundPool;
    }

    set.matrix.shape = {0, set.features};
    set.matrix.data.reserve(static_cast<size_t>((positiveTotal + wanted) * set.features));
    for (int64_t i = 0; i < groupSize; ++i) {
        if (context.isCancelled()) return Error::cancelled();
        const auto path = (std::filesystem::path(regionsDirs[static_cast<size_t>(i)]) / "positives.npy").string();
        auto positives = readNpyFloat(path);
        if (!positives) return Error::badInput(path + ": " + positives.error().message);
        appendRows(set.matrix, positives->data.data(), set.conceptRows[static_cast<size_t>(i)]);
        set.groupLabels.insert(set.groupLabels.end(), static_cast<size_t>(set.conceptRows[static_cast<size_t>(i)]), i);
        set.labels.insert(set.labels.end(), static_cast<size_t>(set.conceptRows[static_cast<size_t>(i)]), i == target ? 1 : 0);
        context.progress(i + 1, 2 * groupSize, "training set");
    }

    // Pooled indices are sorted, so each concept's background file is read once and only its picks kept.
    detail::SeededRng rng(seed);
    const std::vector<int64_t> picks = rng.sampleWithoutReplacement(set.backgroundPool, wanted);
    size_t next = 0;
    int64_t offset = 0;
    for (int64_t i = 0; i < groupSize; ++i) {
        if (context.isCancelled()) return Error::cancelled();
        const int64_t size = backgroundSizes[static_cast<size_t>(i)];
        if (next < picks.size() && picks[next] < offset + size) {
            const auto path = (std::filesystem::path(regionsDirs[static_cast<size_t>(i)]) / "background.npy").string();
            auto background = readNpyFloat(path);
            if (!background) return Error::badInput(path + ": " + background.error().message);
            for (; next < picks.size() && picks[next] < offset + size; ++next)
                appendRows(set.matrix, background->data.data() + (picks[next] - offset) * set.features, 1);
        }
        offset += size;
        context.progress(groupSize + i + 1, 2 * groupSize, "training set");
    }
    set.backgroundRows = wanted;
    set.groupLabels.insert(set.groupLabels.end(), static_cast<size_t>(wanted), groupSize);
    set.labels.insert(set.labels.end(), static_cast<size_t>(wanted), 0);
    return set;
}

}  // namespace hint::classifiers
