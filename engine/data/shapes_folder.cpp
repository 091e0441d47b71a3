#include "data/shapes_folder.h"

#include "data/image_io.h"
#include "jobs/job_context.h"

#include <ATen/Parallel.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hint::data {
namespace fs = std::filesystem;

std::string shapesFileName(const ShapesWorld& world, ShapesSplit split, int64_t index)
{
    char number[32];
    std::snprintf(number, sizeof number, "%06lld", static_cast<long long>(index));
    const auto& info = ShapesWorld::classes()[static_cast<size_t>(world.classOf(split, index))];
    return info.wnid + "_" + shapesSplitName(split) + "_" + number + ".png";
}

Result<ShapesFolderSummary> writeShapesFolder(const ShapesWorld& world, const std::string& dir,
                                              const ShapesFolderOptions& options, jobs::JobContext* job)
{
    if (options.count <= 0) return Error::badInput("a Shapes world folder needs at least one image");
    ShapesFolderSummary summary;
    summary.imagesDir = (fs::path(dir) / "images").string();
    summary.masksDir = options.masks ? (fs::path(dir) / "masks").string() : std::string();
    summary.boxesCsv = (fs::path(dir) / "boxes.csv").string();
    summary.perClass.assign(ShapesWorld::classes().size(), 0);
    std::error_code ec;
    for (const auto& info : ShapesWorld::classes()) {
        fs::create_directories(fs::path(summary.imagesDir) / info.wnid, ec);
        if (!ec && options.masks) fs::create_directories(fs::path(summary.masksDir) / info.wnid, ec);
        if (ec) return Error::runtime("cannot create folders in " + dir + ": " + ec.message());
    }

    // Images are independent, so chunks render and encode in parallel; rows are collected in index order.
    constexpr int64_t kChunk = 64;
    std::ostringstream csv;
    csv << "file,x0,y0,x1,y1,wnid,shape_index,instance,pixels\n";
    for (int64_t start = 0; start < options.count; start += kChunk) {
        if (job && job->isCancelled()) return Error::cancelled();
        const int64_t end = std::min(options.count, start + kChunk);
        std::vector<ShapesSample> samples(static_cast<size_t>(end - start));
        std::vector<std::string> failures(samples.size());
        at::parallel_for(start, end, 1, [&](int64_t begin, int64_t stop) {
            for (int64_t i = begin; i < stop; ++i) {
                const size_t slot = static_cast<size_t>(i - start);
                try {
                    samples[slot] = world.sample(options.split, i);
                    const auto& info = ShapesWorld::classes()[static_cast<size_t>(samples[slot].classIndex)];
                    const std::string name = shapesFileName(world, options.split, i);
                    auto written = writePng((fs::path(summary.imagesDir) / info.wnid / name).string(), samples[slot].image);
                    if (!written) failures[slot] = written.error().message;
                    if (options.masks && failures[slot].empty()) {
                        const auto& s = samples[slot];
                        cv::Mat mask(s.image.height, s.image.width, CV_8U, const_cast<uint8_t*>(s.mask.data()));
                        const std::string path = (fs::path(summary.masksDir) / info.wnid / name).string();
                        if (!cv::imwrite(path, mask)) failures[slot] = "cannot write " + path;
                    }
                } catch (const std::exception& e) {
                    failures[slot] = e.what();
                }
            }
        });
        for (size_t slot = 0; slot < samples.size(); ++slot) {
            if (!failures[slot].empty()) return Error::runtime(failures[slot]);
            const int64_t index = start + static_cast<int64_t>(slot);
            const auto& s = samples[slot];
            const auto& info = ShapesWorld::classes()[static_cast<size_t>(s.classIndex)];
            const std::string file = info.wnid + "/" + shapesFileName(world, options.split, index);
            for (size_t k = 0; k < s.shapes.size(); ++k) {
                const auto& shape = s.shapes[k];
                csv << file << ',' << shape.x0 << ',' << shape.y0 << ',' << shape.x1 << ',' << shape.y1 << ','
                    << info.wnid << ',' << shape.classIndex << ',' << (k + 1) << ',' << shape.pixels << '\n';
            }
            ++summary.perClass[static_cast<size_t>(s.classIndex)];
            summary.shapes += static_cast<int64_t>(s.shapes.size());
            ++summary.images;
        }
        if (job) job->progress(end, options.count, "writing " + shapesSplitName(options.split) + " images");
    }
    std::ofstream out(summary.boxesCsv, std::ios::binary);
    out << csv.str();
    if (!out.flush()) return Error::runtime("cannot write " + summary.boxesCsv);
    return summary;
}

}  // namespace hint::data
