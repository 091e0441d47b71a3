#include "regions/region_extraction.h"

#include "common/npy.h"
#include "regions/row_reservoir.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include <unistd.h>

namespace hint::regions {
namespace fs = std::filesystem;
namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

Result<nlohmann::json> readJsonFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in) return Error::badInput("cannot read " + path);
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        return Error::badInput(path + ": malformed JSON: " + e.what());
    }
}

int64_t intOr(const nlohmann::json& object, const char* key, int64_t fallback)
{
    auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<int64_t>() : fallback;
}

// Removes a temporary folder unless it was published.
class TempDirGuard {
public:
    explicit TempDirGuard(fs::path dir) : m_dir(std::move(dir)) {}
    ~TempDirGuard()
    {
        std::error_code ec;
        if (!m_dir.empty()) fs::remove_all(m_dir, ec);
    }
    TempDirGuard(const TempDirGuard&) = delete;
    TempDirGuard& operator=(const TempDirGuard&) = delete;
    void release() { m_dir.clear(); }

private:
    fs::path m_dir;
};

// One kind of vectors (positives or background): streamed straight to disk, or sampled with a cap.
class VectorSink {
public:
    VectorSink(std::string name, int64_t rowSize, int64_t cap, uint64_t seed) : m_name(std::move(name)), m_rowSize(rowSize)
    {
        if (cap > 0) m_reservoir = std::make_unique<RowReservoir>(rowSize, cap, seed);
    }

    Status open(const fs::path& dir)
    {
        auto status = m_rows.open((dir / (m_name + ".npy")).string(), {m_rowSize});
        if (!status) return status;
        return m_ids.open((dir / (m_name + "_index.npy")).string(), {2}, "<i8");
    }

    // Takes the positions of one image where mask == wanted; z is K x positions.
    Status add(const float* z, int64_t positions, const std::vector<uint8_t>& mask, uint8_t wanted, int64_t image)
    {
        m_buffer.clear();
        m_bufferIds.clear();
        for (int64_t p = 0; p < positions; ++p) {
            if (mask[static_cast<size_t>(p)] != wanted) continue;
            float* target = nullptr;
            if (m_reservoir) {
                target = m_reservoir->offer(image, p);
                if (!target) continue;
            } else {
                m_buffer.resize(m_buffer.size() + static_cast<size_t>(m_rowSize));
                target = m_buffer.data() + m_buffer.size() - static_cast<size_t>(m_rowSize);
                m_bufferIds.push_back(image);
                m_bufferIds.push_back(p);
            }
            for (int64_t k = 0; k < m_rowSize; ++k) target[k] = z[k * positions + p];
        }
        if (m_reservoir || m_bufferIds.empty()) return {};
        const auto rows = static_cast<int64_t>(m_bufferIds.size() / 2);
        auto status = m_rows.appendRows(m_buffer.data(), rows);
        if (!status) return status;
        return m_ids.appendRows(m_bufferIds.data(), rows);
    }

    Status close()
    {
        if (m_reservoir) {
            Status status;
            m_reservoir->forEachInStreamOrder([&](const float* row, int64_t image, int64_t position) {
                if (!status) return;  // an earlier write failed
                const int64_t id[2] = {image, position};
                status = m_rows.appendRows(row, 1);
                if (status) status = m_ids.appendRows(id, 1);
            });
            if (!status) return status;
        }
        auto status = m_rows.close();
        if (!status) return status;
        return m_ids.close();
    }

    int64_t written() const { return m_rows.rows(); }
    int64_t reservoirBytes() const { return m_reservoir ? m_reservoir->memoryBytes() : 0; }

private:
    std::string m_name;
    int64_t m_rowSize;
    std::unique_ptr<RowReservoir> m_reservoir;
    NpyStreamWriter m_rows;
    NpyStreamWriter m_ids;
    std::vector<float> m_buffer;
    std::vector<int64_t> m_bufferIds;
};

Status checkParams(const RegionParams& params)
{
    if (!std::isfinite(params.mask.threshold)) return Error::badInput("--threshold must be a finite number");
    if (!(params.mask.percentile >= 0.0 && params.mask.percentile <= 100.0))
        return Error::badInput("--percentile must be between 0 and 100");
    if (params.maxPositives < 0 || params.maxBackground < 0)
        return Error::badInput("--max-positives and --max-background must be >= 0 (0 = keep all)");
    return {};
}

// Refuses to replace anything that is not an earlier regions output.
Status checkOutDir(const fs::path& out)
{
    std::error_code ec;
    if (!fs::exists(out, ec)) return {};
    if (!fs::is_directory(out, ec)) return Error::badInput("--out " + out.string() + " exists and is not a folder");
    if (fs::is_empty(out, ec) || fs::exists(out / "regions.json", ec)) return {};
    return Error::badInput("--out " + out.string() + " exists and is not a regions folder; not overwriting it");
}

Status publish(const fs::path& temp, const fs::path& out)
{
    std::error_code ec;
    fs::path old;
    if (fs::exists(out, ec)) {
        old = out.parent_path() / ("." + out.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::remove_all(old, ec);
        fs::rename(out, old, ec);
        if (ec) return Error::runtime("cannot move the old " + out.string() + " aside: " + ec.message());
    }
    fs::rename(temp, out, ec);
    if (ec) {
        std::error_code ignored;
        if (!old.empty()) fs::rename(old, out, ignored);
        return Error::runtime("cannot rename " + temp.string() + " to " + out.string() + ": " + ec.message());
    }
    if (!old.empty()) fs::remove_all(old, ec);
    return {};
}

nlohmann::json summaryJson(const RegionsSummary& s, const std::string& extractDir)
{
    nlohmann::json images = nlohmann::json::array();
    for (const auto& image : s.images)
        images.push_back({{"path", image.path},
                          {"row", image.row},
                          {"label_index", image.labelIndex},
                          {"target_index", image.targetIndex},
                          {"positives", image.positives},
                          {"background", image.background},
                          {"normalized", image.normalized}});
    return {{"format_version", kRegionsFormatVersion},
            {"extract", fs::absolute(extractDir).lexically_normal().string()},
            {"parameters",
             {{"threshold", s.params.mask.threshold},
              {"mode", aggregationModeName(s.params.mask.mode)},
              {"percentile", s.params.mask.percentile},
              {"max_positives", s.params.maxPositives},
              {"max_background", s.params.maxBackground},
              {"seed", s.params.seed}}},
            {"shape", s.shape},
            {"saliency_channels", s.saliencyChannels},
            {"positives", s.positivesWritten},
            {"background", s.backgroundWritten},
            {"positives_total", s.positivesTotal},
            {"background_total", s.backgroundTotal},
            {"images", images}};
}

}  // namespace

Result<ExtractionFolder> openExtraction(const std::string& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return Error::badInput("extraction folder " + dir + " does not exist");
    ExtractionFolder folder;
    folder.dir = dir;
    const std::string manifestPath = dir + "/manifest.json";
    auto manifest = readJsonFile(manifestPath);
    if (!manifest) return manifest.error();
    const auto& m = manifest.value();
    auto shape = m.find("shape");
    if (!m.is_object() || shape == m.end() || !shape->is_array() || shape->size() != 4)
        return Error::badInput(manifestPath + ": key \"shape\" must be [N,C,H,W]");
    for (const auto& v : *shape) {
        if (!v.is_number_integer() || v.get<int64_t>() < 0) return Error::badInput(manifestPath + ": bad \"shape\"");
        folder.shape.push_back(v.get<int64_t>());
    }
    auto images = m.find("images");
    if (images == m.end() || !images->is_array()) return Error::badInput(manifestPath + ": key \"images\" must be a list");
    for (const auto& image : *images) {
        if (!image.is_object()) return Error::badInput(manifestPath + ": an entry of \"images\" is not an object");
        if (image.value("status", std::string("ok")) != "ok") continue;
        folder.images.push_back({image.value("path", std::string()), intOr(image, "label_index", -1),
                                 intOr(image, "target_index", -1)});
    }
    const int64_t n = folder.shape[0];
    if (static_cast<int64_t>(folder.images.size()) != n)
        return Error::badInput(manifestPath + ": " + std::to_string(folder.images.size()) +
                               " images with \"status\":\"ok\" but \"shape\" says N = " + std::to_string(n));
    auto features = readNpyHeader(folder.featuresPath());
    if (!features) return features.error();
    if (features->dtype != "<f4" || features->shape != folder.shape)
        return Error::badInput(folder.featuresPath() + ": expected float32 " + shapeText(folder.shape) + ", found " +
                               features->dtype + " " + shapeText(features->shape));
    auto saliency = readNpyHeader(folder.saliencyPath());
    if (!saliency) return saliency.error();
    const auto& ss = saliency->shape;
    if (saliency->dtype != "<f4" || ss.size() != 4 || ss[0] != n || (ss[1] != folder.shape[1] && ss[1] != 1) ||
        ss[2] != folder.shape[2] || ss[3] != folder.shape[3])
        return Error::badInput(folder.saliencyPath() + ": expected float32 [N,C,H,W] or [N,1,H,W] matching " +
                               shapeText(folder.shape) + ", found " + saliency->dtype + " " + shapeText(ss));
    folder.saliencyChannels = ss[1];
    const std::string targetsPath = dir + "/targets.npy";
    if (fs::exists(targetsPath, ec)) {
        auto targets = readNpyInt64(targetsPath);
        if (!targets) return targets.error();
        if (static_cast<int64_t>(targets->size()) != n)
            return Error::badInput(targetsPath + ": expected " + std::to_string(n) + " targets");
        folder.targets = std::move(targets.value());
    }
    return folder;
}

Result<RegionsSummary> computeRegions(const std::string& extractDir, const std::string& outDir,
                                      const RegionParams& params, jobs::JobContext& context)
{
    if (auto status = checkParams(params); !status) return status.error();
    auto opened = openExtraction(extractDir);
    if (!opened) return opened.error();
    const ExtractionFolder& folder = opened.value();
    const fs::path out = fs::absolute(outDir).lexically_normal();
    if (auto status = checkOutDir(out); !status) return status.error();
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    const fs::path temp = out.parent_path() /
                          ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(stamp));
    if (!fs::create_directory(temp, ec)) return Error::runtime("cannot create " + temp.string() + ": " + ec.message());
    TempDirGuard guard(temp);

    const int64_t n = folder.shape[0], k = folder.shape[1], positions = folder.shape[2] * folder.shape[3];
    // Distinct streams so capping one kind does not change the other's sample.
    VectorSink positives("positives", k, params.maxPositives, params.seed * 2 + 1);
    VectorSink background("background", k, params.maxBackground, params.seed * 2 + 2);
    if (auto status = positives.open(temp); !status) return status.error();
    if (auto status = background.open(temp); !status) return status.error();

    RegionsSummary summary;
    summary.params = params;
    summary.shape = folder.shape;
    summary.saliencyChannels = folder.saliencyChannels;
    summary.bufferBytes = (k + folder.saliencyChannels + 2) * positions * static_cast<int64_t>(sizeof(float)) +
                          positives.reservoirBytes() + background.reservoirBytes();
    int64_t nonFiniteMaps = 0;
    for (int64_t i = 0; i < n; ++i) {
        if (context.isCancelled()) return Error::cancelled();
        auto z = readNpyFloatRows(folder.featuresPath(), i, 1);
        if (!z) return z.error();
        auto s = readNpyFloatRows(folder.saliencyPath(), i, 1);
        if (!s) return s.error();
        ImageMask mask = computeMask(s->data.data(), folder.saliencyChannels, positions, params.mask);
        const auto& image = folder.images[static_cast<size_t>(i)];
        nonFiniteMaps += mask.nonFinite > 0 ? 1 : 0;
        if (auto status = positives.add(z->data.data(), positions, mask.mask, 1, i); !status) return status.error();
        if (auto status = background.add(z->data.data(), positions, mask.mask, 0, i); !status) return status.error();
        const int64_t target = folder.targets.empty() ? image.targetIndex : folder.targets[static_cast<size_t>(i)];
        summary.images.push_back({image.path, i, image.labelIndex, target, mask.positives, positions - mask.positives,
                                  mask.normalized});
        summary.positivesTotal += mask.positives;
        summary.backgroundTotal += positions - mask.positives;
        context.progress(i + 1, n, "regions");
    }
    if (context.isCancelled()) return Error::cancelled();
    // One summary line rather than one per image: dead layers can make thousands of flat maps.
    int64_t flat = 0;
    for (const auto& image : summary.images) flat += image.normalized ? 0 : 1;
    if (flat > 0)
        context.warning(std::to_string(flat) + " of " + std::to_string(n) +
                        " saliency maps are flat (percentile <= min) and were thresholded unnormalized "
                        "(\"normalized\": false in regions.json)");
    if (nonFiniteMaps > 0)
        context.warning(std::to_string(nonFiniteMaps) + " of " + std::to_string(n) +
                        " saliency maps hold NaN or infinite values (counted as 0 saliency)");
    if (auto status = positives.close(); !status) return status.error();
    if (auto status = background.close(); !status) return status.error();
    summary.positivesWritten = positives.written();
    summary.backgroundWritten = background.written();
    {
        std::ofstream json(temp / "regions.json");
        json << summaryJson(summary, extractDir).dump(2) << "\n";
        if (!json) return Error::runtime("cannot write " + (temp / "regions.json").string());
    }
    if (auto status = publish(temp, out); !status) return status.error();
    guard.release();
    return summary;
}

}  // namespace hint::regions
