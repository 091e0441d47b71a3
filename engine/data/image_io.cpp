#include "data/image_io.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace hint::data {
namespace {

std::string lowerExtension(const std::string& path)
{
    auto dot = path.find_last_of('.');
    if (dot == std::string::npos) return {};
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool isJpeg(const std::vector<uint8_t>& b) { return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF; }
bool isPng(const std::vector<uint8_t>& b) { return b.size() >= 8 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'; }
bool isWebp(const std::vector<uint8_t>& b)
{
    return b.size() >= 12 && std::equal(b.begin(), b.begin() + 4, "RIFF") && std::equal(b.begin() + 8, b.begin() + 12, "WEBP");
}

enum class JpegEnd { Complete, Truncated, Unknown };

// OpenCV only warns on a truncated JPEG and returns a grey-filled image, so completeness is checked
// here: walk the marker segments to the first scan (skipping APP1, whose EXIF thumbnail has an end
// marker of its own), then look for the end-of-image marker (FF D9) in the entropy-coded data, where
// a data byte FF is always followed by 00 or a marker.
JpegEnd jpegEnd(const std::vector<uint8_t>& b)
{
    size_t i = 2;
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) return JpegEnd::Unknown;
        const uint8_t marker = b[i + 1];
        if (marker == 0xFF) {
            ++i;  // fill byte
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        if (marker == 0xD9) return JpegEnd::Complete;
        const size_t length = (static_cast<size_t>(b[i + 2]) << 8) | b[i + 3];
        if (length < 2) return JpegEnd::Unknown;
        if (marker == 0xDA) {
            for (size_t k = i + 2 + length; k + 1 < b.size(); ++k)
                if (b[k] == 0xFF && b[k + 1] == 0xD9) return JpegEnd::Complete;
            return JpegEnd::Truncated;
        }
        i += 2 + length;
    }
    return JpegEnd::Truncated;
}

// Fallback for files whose segments do not parse (libjpeg tolerates stray bytes): an end marker
// near the end of the file.
bool jpegHasEndNearTail(const std::vector<uint8_t>& b)
{
    const size_t window = std::min<size_t>(b.size(), 4096);
    for (size_t i = b.size() - window; i + 1 < b.size(); ++i)
        if (b[i] == 0xFF && b[i + 1] == 0xD9) return true;
    return false;
}

bool pngHasEnd(const std::vector<uint8_t>& b)
{
    static const uint8_t kIend[] = {'I', 'E', 'N', 'D'};
    return b.size() >= 12 && std::search(b.end() - std::min<size_t>(b.size(), 64), b.end(), kIend, kIend + 4) != b.end();
}

ImageRgb8 toRgb8(const cv::Mat& decoded)
{
    cv::Mat m = decoded;
    if (m.depth() != CV_8U) {
        // 16-bit and float images: scale to 8 bits by the type's range.
        double scale = m.depth() == CV_16U ? 1.0 / 257.0 : (m.depth() == CV_32F || m.depth() == CV_64F ? 255.0 : 1.0);
        m.convertTo(m, CV_8U, scale);
    }
    if (m.channels() == 2) {
        // Grey + alpha: spread the grey to BGR so it is composited like any BGRA image.
        std::vector<cv::Mat> planes;
        cv::split(m, planes);
        cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, m);
    }
    cv::Mat rgb;
    switch (m.channels()) {
    case 1: cv::cvtColor(m, rgb, cv::COLOR_GRAY2RGB); break;
    case 3: cv::cvtColor(m, rgb, cv::COLOR_BGR2RGB); break;
    case 4: {
        // Composite over white so transparent areas do not turn black.
        cv::Mat bgr(m.rows, m.cols, CV_8UC3);
        for (int y = 0; y < m.rows; ++y) {
            const auto* src = m.ptr<cv::Vec4b>(y);
            auto* dst = bgr.ptr<cv::Vec3b>(y);
            for (int x = 0; x < m.cols; ++x) {
                const int a = src[x][3];
                for (int c = 0; c < 3; ++c) dst[x][c] = static_cast<uint8_t>((src[x][c] * a + 255 * (255 - a) + 127) / 255);
            }
        }
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        break;
    }
    default: return {};
    }
    ImageRgb8 image;
    image.width = rgb.cols;
    image.height = rgb.rows;
    image.pixels.resize(static_cast<size_t>(rgb.rows) * static_cast<size_t>(rgb.cols) * 3);
    for (int y = 0; y < rgb.rows; ++y) std::copy(rgb.ptr<uint8_t>(y), rgb.ptr<uint8_t>(y) + rgb.cols * 3, image.row(y));
    return image;
}

}  // namespace

bool isImageFileName(const std::string& path)
{
    static const char* kExtensions[] = {"jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp", "ppm", "pgm"};
    const std::string ext = lowerExtension(path);
    return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ext == e; });
}

Result<ImageRgb8> decodeImageBytes(const std::vector<uint8_t>& bytes, const std::string& name)
{
    if (bytes.empty()) return Error::badInput(name + ": empty file");
    if (isJpeg(bytes)) {
        const JpegEnd end = jpegEnd(bytes);
        if (end == JpegEnd::Truncated || (end == JpegEnd::Unknown && !jpegHasEndNearTail(bytes)))
            return Error::badInput(name + ": truncated JPEG (no end-of-image marker)");
    }
    if (isPng(bytes) && !pngHasEnd(bytes)) return Error::badInput(name + ": truncated PNG (no IEND chunk)");
    try {
        // PNG and WebP keep their alpha channel (IMREAD_UNCHANGED) to be composited over white;
        // other formats are read with ANYDEPTH (16-bit scaled below) and ANYCOLOR (grey stays grey,
        // CMYK becomes BGR), and without IMREAD_UNCHANGED OpenCV applies the EXIF orientation.
        const bool mayHaveAlpha = isPng(bytes) || isWebp(bytes);
        cv::Mat decoded = cv::imdecode(bytes, mayHaveAlpha ? cv::IMREAD_UNCHANGED : cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR);
        if (decoded.empty()) decoded = cv::imdecode(bytes, cv::IMREAD_COLOR);
        if (decoded.empty()) {
            if (isJpeg(bytes) || isPng(bytes) || isWebp(bytes))
                return Error::badInput(name + ": corrupt " + (isJpeg(bytes) ? "JPEG" : isPng(bytes) ? "PNG" : "WebP") + " data");
            return Error::badInput(name + ": not an image (unrecognized file content)");
        }
        ImageRgb8 image = toRgb8(decoded);
        if (image.empty()) return Error::badInput(name + ": unsupported channel layout (" + std::to_string(decoded.channels()) + " channels)");
        return image;
    } catch (const std::exception& e) {
        return Error::badInput(name + ": cannot decode image: " + std::string(e.what()).substr(0, 200));
    }
}

Result<ImageRgb8> decodeImage(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput(path + ": cannot open");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return decodeImageBytes(bytes, path);
}

Status writePng(const std::string& path, const ImageRgb8& image)
{
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    try {
        if (!cv::imwrite(path, bgr)) return Error::runtime("cannot write " + path);
    } catch (const std::exception& e) {
        return Error::runtime("cannot write " + path + ": " + e.what());
    }
    return {};
}

}  // namespace hint::data
