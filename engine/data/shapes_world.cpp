// Rendering of the Shapes world with OpenCV. Every random choice comes from one image's Rng, in a
// fixed order, so an image depends only on (seed, split, index, class).
#include "data/shapes_world.h"
#include "common/numbers.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace hint::data {
namespace {

constexpr int kShift = 4;  // fillPoly sub-pixel bits: vertices at 1/16 pixel
constexpr int kCurveVertices = 192;
// Stripes and checks behind the shapes at 30% of their colours' difference: still clutter, no longer
// edges as strong as a shape's outline.
constexpr double kBackgroundEdgeContrast = 0.3;

enum ShapeKind { Triangle, Square, Rectangle, Rhombus, Trapezoid, Pentagon, Hexagon, Circle, Ellipse, Star, Crescent };
// The kind drawn for each class, in the order of ShapesWorld::classes().
constexpr std::array<ShapeKind, 11> kClassKinds = {Circle,   Ellipse, Square,  Triangle, Trapezoid, Star,
                                                   Pentagon, Hexagon, Rhombus, Rectangle, Crescent};

uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Our own mapping of mt19937_64's 64-bit outputs, identical on every standard library.
class Rng {
public:
    explicit Rng(uint64_t seed) : m_engine(seed) {}
    double uniform() { return static_cast<double>(m_engine() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int uniformInt(int lo, int hi)  // inclusive
    {
        const int value = lo + static_cast<int>(uniform() * static_cast<double>(hi - lo + 1));
        return std::min(value, hi);
    }
    bool chance(double p) { return uniform() < p; }
    cv::Vec3b colour() { return {byte(), byte(), byte()}; }
    uint8_t byte() { return static_cast<uint8_t>(uniformInt(0, 255)); }

private:
    std::mt19937_64 m_engine;
};

struct Part {
    std::vector<cv::Point2d> points;
    bool subtract = false;  // a hole cut out of the parts before it (the crescent's inner disc)
};

struct Geometry {
    std::vector<Part> parts;
    double area = 0.0;
    double perimeter = 0.0;
};

double polygonArea(const std::vector<cv::Point2d>& p)
{
    double twice = 0.0;
    for (size_t i = 0; i < p.size(); ++i) {
        const cv::Point2d& a = p[i];
        const cv::Point2d& b = p[(i + 1) % p.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return std::abs(twice) / 2.0;
}

double polygonPerimeter(const std::vector<cv::Point2d>& p)
{
    double length = 0.0;
    for (size_t i = 0; i < p.size(); ++i) length += cv::norm(p[(i + 1) % p.size()] - p[i]);
    return length;
}

Geometry polygon(std::vector<cv::Point2d> points)
{
    Geometry g;
    g.area = polygonArea(points);
    g.perimeter = polygonPerimeter(points);
    g.parts.push_back({std::move(points), false});
    return g;
}

std::vector<cv::Point2d> ellipsePoints(double a, double b, double cx = 0.0)
{
    std::vector<cv::Point2d> points;
    for (int i = 0; i < kCurveVertices; ++i) {
        const double t = 2.0 * kPi * i / kCurveVertices;
        points.emplace_back(cx + a * std::cos(t), b * std::sin(t));
    }
    return points;
}

std::vector<cv::Point2d> regular(int sides, double radius, double innerRatio = 0.0)
{
    // With innerRatio > 0: a star, alternating outer and inner vertices.
    const int count = innerRatio > 0.0 ? 2 * sides : sides;
    std::vector<cv::Point2d> points;
    for (int i = 0; i < count; ++i) {
        const double t = 2.0 * kPi * i / count;
        const double r = (innerRatio > 0.0 && i % 2 == 1) ? radius * innerRatio : radius;
        points.emplace_back(r * std::cos(t), r * std::sin(t));
    }
    return points;
}

// Area of the intersection of two discs (radii r1, r2, centres d apart, partially overlapping).
double lensArea(double r1, double r2, double d)
{
    const double a1 = std::acos((d * d + r1 * r1 - r2 * r2) / (2.0 * d * r1));
    const double a2 = std::acos((d * d + r2 * r2 - r1 * r1) / (2.0 * d * r2));
    const double k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
    return r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * std::sqrt(k);
}

// The shape of a class centred near the origin with outline radius about R (before rotation).
Geometry makeShape(int kind, double R, Rng& rng)
{
    switch (kind) {
    case Triangle: {
        // Vertices on a circle, arcs 70..170 degrees apart: every angle between 35 and 85 degrees.
        const double d1 = rng.uniform(-25.0, 25.0) * kPi / 180.0;
        const double d2 = rng.uniform(-25.0, 25.0) * kPi / 180.0;
        const std::array<double, 3> t = {0.0, 2.0 * kPi / 3.0 + d1, 4.0 * kPi / 3.0 + d2};
        std::vector<cv::Point2d> p;
        for (double a : t) p.emplace_back(R * std::cos(a), R * std::sin(a));
        return polygon(p);
    }
    case Square: {
        const double h = R / std::sqrt(2.0);
        return polygon({{-h, -h}, {h, -h}, {h, h}, {-h, h}});
    }
    case Rectangle: {
        const double phi = std::atan(1.0 / rng.uniform(1.6, 2.6));  // aspect 1.6..2.6
        const double w = R * std::cos(phi), h = R * std::sin(phi);
        return polygon({{-w, -h}, {w, -h}, {w, h}, {-w, h}});
    }
    case Rhombus: {
        const double alpha = rng.uniform(45.0, 65.0) * kPi / 180.0;  // acute angle, far from a square's 90
        const double q = R * std::tan(alpha / 2.0);
        return polygon({{-R, 0.0}, {0.0, -q}, {R, 0.0}, {0.0, q}});
    }
    case Trapezoid: {
        const double top = rng.uniform(0.35, 0.65);
        const double height = rng.uniform(0.8, 1.3);
        const double shear = rng.uniform(-0.2, 0.2);
        std::vector<cv::Point2d> p = {{-1.0, height / 2}, {1.0, height / 2}, {top + shear, -height / 2},
                                      {-top + shear, -height / 2}};
        cv::Point2d mean(0, 0);
        for (const auto& v : p) mean += v * 0.25;
        double far = 0.0;
        for (auto& v : p) {
            v -= mean;
            far = std::max(far, cv::norm(v));
        }
        for (auto& v : p) v *= R / far;
        return polygon(p);
    }
    case Pentagon: return polygon(regular(5, R));
    case Hexagon: return polygon(regular(6, R));
    case Circle: {
        Geometry g = polygon(ellipsePoints(R, R));
        g.area = kPi * R * R;
        g.perimeter = 2.0 * kPi * R;
        return g;
    }
    case Ellipse: {
        const double b = R / rng.uniform(1.5, 2.4);
        Geometry g = polygon(ellipsePoints(R, b));
        g.area = kPi * R * b;
        const double h = (R - b) * (R - b) / ((R + b) * (R + b));
        g.perimeter = kPi * (R + b) * (1.0 + 3.0 * h / (10.0 + std::sqrt(4.0 - 3.0 * h)));  // Ramanujan
        return g;
    }
    case Star: {
        const int points = rng.uniformInt(5, 6);
        return polygon(regular(points, R, rng.uniform(0.4, 0.5)));
    }
    case Crescent:
    default: {
        const double r = R * rng.uniform(0.75, 0.9);
        const double d = R * rng.uniform(0.35, 0.55);
        Geometry g;
        g.parts.push_back({ellipsePoints(R, R), false});
        g.parts.push_back({ellipsePoints(r, r, d), true});
        g.area = kPi * R * R - lensArea(R, r, d);
        const double x = (d * d + R * R - r * r) / (2.0 * d);  // where the circles cross
        g.perimeter = R * (2.0 * kPi - 2.0 * std::acos(x / R)) + r * (2.0 * kPi - 2.0 * std::acos((x - d) / r));
        return g;
    }
    }
}

bool insidePart(const Part& part, const cv::Point2d& p)
{
    std::vector<cv::Point2f> contour(part.points.begin(), part.points.end());
    return cv::pointPolygonTest(contour, cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y)), false) > 0;
}

// Points of the outline of parts[0] minus the holes: a hole's points inside the outer part, the outer
// part's points outside every hole.
std::vector<cv::Point2d> outline(const Geometry& g)
{
    std::vector<cv::Point2d> points;
    for (size_t i = 0; i < g.parts.size(); ++i) {
        for (const auto& p : g.parts[i].points) {
            bool keep = true;
            for (size_t j = 0; j < g.parts.size() && keep; ++j) {
                if (j == i) continue;
                const bool inside = insidePart(g.parts[j], p);
                keep = g.parts[i].subtract ? (g.parts[j].subtract || inside) : (!g.parts[j].subtract || !inside);
            }
            if (keep) points.push_back(p);
        }
    }
    return points;
}

void transform(Geometry& g, double angle, cv::Point2d offset)
{
    const double c = std::cos(angle), s = std::sin(angle);
    for (auto& part : g.parts)
        for (auto& p : part.points) p = cv::Point2d(c * p.x - s * p.y, s * p.x + c * p.y) + offset;
}

// Rasterizes the geometry into a 0/255 mask without anti-aliasing, so that mask pixels are exact.
cv::Mat rasterize(const Geometry& g, int size)
{
    cv::Mat mask = cv::Mat::zeros(size, size, CV_8U);
    const double scale = static_cast<double>(1 << kShift);
    for (const auto& part : g.parts) {
        std::vector<cv::Point> fixed;
        for (const auto& p : part.points)
            fixed.emplace_back(static_cast<int>(std::lround(p.x * scale)), static_cast<int>(std::lround(p.y * scale)));
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{fixed}, cv::Scalar(part.subtract ? 0 : 255), cv::LINE_8,
                     kShift);
    }
    return mask;
}

cv::Vec3b mix(const cv::Vec3b& a, const cv::Vec3b& b, double t)
{
    cv::Vec3b out;
    for (int c = 0; c < 3; ++c) out[c] = cv::saturate_cast<uint8_t>(a[c] + (b[c] - a[c]) * t);
    return out;
}

// The layers pattern() paints; drawn at random as integers 0..5, in this order.
enum PatternKind { Flat, LinearGradient, RadialGradient, Stripes, Checks, Blotches };

// A full-size layer of the given PatternKind. `contrast` scales the difference between the two colours
// of stripes and checks.
cv::Mat pattern(Rng& rng, int size, int kind, int minPeriod, int maxPeriod, double contrast = 1.0)
{
    const cv::Vec3b a = rng.colour(), b0 = rng.colour();
    const cv::Vec3b b = (kind == Stripes || kind == Checks) ? mix(a, b0, contrast) : b0;
    const double angle = rng.uniform(0.0, kPi);
    const double dx = std::cos(angle), dy = std::sin(angle);
    const double period = rng.uniform(minPeriod, maxPeriod);
    const double cx = rng.uniform(0.0, size), cy = rng.uniform(0.0, size), reach = rng.uniform(0.5, 1.5) * size;
    cv::Mat layer(size, size, CV_8UC3, cv::Scalar(a[0], a[1], a[2]));
    if (kind == Blotches) {
        const int rows = rng.uniformInt(2, 5);
        cv::Mat small(rows, rng.uniformInt(2, 5), CV_8UC3);
        for (int y = 0; y < small.rows; ++y)
            for (int x = 0; x < small.cols; ++x) small.at<cv::Vec3b>(y, x) = rng.colour();
        cv::resize(small, layer, layer.size(), 0, 0, cv::INTER_LINEAR_EXACT);
        return layer;
    }
    for (int y = 0; y < size && kind != Flat; ++y) {
        for (int x = 0; x < size; ++x) {
            double t = 0.0;
            const double along = (x - size / 2.0) * dx + (y - size / 2.0) * dy;
            if (kind == LinearGradient) t = 0.5 + along / size;
            if (kind == RadialGradient) t = std::hypot(x - cx, y - cy) / reach;
            if (kind == Stripes) t = std::fmod(along + 4.0 * size, period) < period / 2 ? 0.0 : 1.0;
            if (kind == Checks) t = (static_cast<int>(std::floor(x / period)) + static_cast<int>(std::floor(y / period))) % 2;
            layer.at<cv::Vec3b>(y, x) = mix(a, b, std::clamp(t, 0.0, 1.0));
        }
    }
    return layer;
}

void addNoise(Rng& rng, cv::Mat& image, int amplitude, const cv::Mat& where = cv::Mat())
{
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            if (!where.empty() && !where.at<uint8_t>(y, x)) continue;
            auto& px = image.at<cv::Vec3b>(y, x);
            for (int c = 0; c < 3; ++c) px[c] = cv::saturate_cast<uint8_t>(px[c] + rng.uniformInt(-amplitude, amplitude));
        }
}

// Thin open arcs behind the shapes: clutter that is never a closed shape. Only curved strokes: straight
// ones (and high-contrast stripes) are what the polygon concepts are made of, and the concept maps at a
// 12x12 layer lit up on them instead of on the shapes.
void drawStrokes(Rng& rng, cv::Mat& image, int count)
{
    const int s = image.cols;
    for (int i = 0; i < count; ++i) {
        const cv::Vec3b c = rng.colour();
        const cv::Scalar colour(c[0], c[1], c[2]);
        const int thickness = rng.uniformInt(1, 3);
        // Braced initializers: their arguments are evaluated in order, keeping the random stream portable.
        const cv::Point centre{rng.uniformInt(-s / 4, s + s / 4), rng.uniformInt(-s / 4, s + s / 4)};
        const cv::Size axes{rng.uniformInt(s / 8, s / 2), rng.uniformInt(s / 8, s / 2)};
        const double start = rng.uniform(0.0, 360.0);
        const double sweep = rng.uniform(40.0, 200.0);
        const double tilt = rng.uniform(0.0, 180.0);
        cv::ellipse(image, centre, axes, tilt, start, start + sweep, colour, thickness, cv::LINE_AA);
    }
}

cv::Mat background(Rng& rng, int size, double clutter)
{
    if (clutter <= 0.0) return pattern(rng, size, Flat, 4, 16);
    cv::Mat image = pattern(rng, size, rng.uniformInt(Flat, Blotches), 4, 16, kBackgroundEdgeContrast);
    if (rng.chance(0.6)) addNoise(rng, image, rng.uniformInt(4, static_cast<int>(8 + 24 * clutter)));
    drawStrokes(rng, image, static_cast<int>(std::lround(rng.uniformInt(0, 6) * clutter)));
    return image;
}

cv::Scalar meanUnder(const cv::Mat& image, const cv::Mat& mask) { return cv::mean(image, mask); }

// Paints one instance: a texture under the mask, pushed away from the background's colour there so
// the shape always stands out, and sometimes an outline drawn inside the mask.
void paintInstance(Rng& rng, cv::Mat& canvas, const cv::Mat& mask, double clutter)
{
    const int kind = clutter <= 0.0 ? Flat : (rng.chance(0.4) ? Flat : rng.uniformInt(LinearGradient, Checks));
    cv::Mat texture = pattern(rng, canvas.cols, kind, 3, 9);
    if (clutter > 0.0 && rng.chance(0.25)) addNoise(rng, texture, rng.uniformInt(10, 35), mask);
    const cv::Scalar bg = meanUnder(canvas, mask), fg = meanUnder(texture, mask);
    const double distance = std::sqrt((bg[0] - fg[0]) * (bg[0] - fg[0]) + (bg[1] - fg[1]) * (bg[1] - fg[1]) +
                                      (bg[2] - fg[2]) * (bg[2] - fg[2]));
    if (distance < 90.0) {
        const bool darkBackground = (bg[0] + bg[1] + bg[2]) / 3.0 < 128.0;
        texture.convertTo(texture, CV_8UC3, 0.35, darkBackground ? 160.0 : 0.0);
    }
    texture.copyTo(canvas, mask);
    if (clutter > 0.0 && rng.chance(0.3)) {
        cv::Mat inner;
        cv::erode(mask, inner, cv::Mat(), cv::Point(-1, -1), rng.uniformInt(1, 2));
        const cv::Mat border = mask & ~inner;
        const cv::Vec3b c = rng.colour();
        canvas.setTo(cv::Scalar(c[0], c[1], c[2]), border);
    }
}

}  // namespace

std::string shapesSplitName(ShapesSplit split)
{
    switch (split) {
    case ShapesSplit::Train: return "train";
    case ShapesSplit::Validation: return "val";
    case ShapesSplit::Test: return "test";
    }
    return "train";
}

const std::vector<ShapeClassInfo>& ShapesWorld::classes()
{
    // WordNet 3.0 noun synsets (data.noun offsets) sorted by wnid, the order ImageNet models use for
    // their outputs, so that a folder's sorted class list is also the model's output order.
    static const std::vector<ShapeClassInfo> list = {
        {"n13873502", "circle"},   {"n13878306", "ellipse"}, {"n13878634", "square"},  {"n13879320", "triangle"},
        {"n13881512", "trapezoid"}, {"n13881644", "star"},   {"n13882201", "pentagon"}, {"n13882276", "hexagon"},
        {"n13882961", "rhombus"},  {"n13883346", "rectangle"}, {"n13896217", "crescent"},
    };
    return list;
}

ShapesWorld::ShapesWorld(ShapesWorldOptions options) : m_options(options)
{
    m_options.imageSize = std::max(32, m_options.imageSize);
}

uint64_t ShapesWorld::streamSeed(ShapesSplit split, int64_t index, uint64_t salt) const
{
    uint64_t h = splitmix64(m_options.seed);
    h = splitmix64(h ^ (static_cast<uint64_t>(split) + 1) * 0x632BE59BD9B4E019ull);
    h = splitmix64(h ^ static_cast<uint64_t>(index));
    return splitmix64(h ^ salt);
}

int ShapesWorld::classOf(ShapesSplit split, int64_t index) const
{
    const int n = numClasses();
    const int64_t block = index / n;
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    Rng rng(streamSeed(split, block, 0x5EED));
    for (int i = n - 1; i > 0; --i) std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(rng.uniformInt(0, i))]);
    return order[static_cast<size_t>(index % n)];
}

ShapesSample ShapesWorld::sample(ShapesSplit split, int64_t index) const
{
    return sample(split, index, classOf(split, index));
}

ShapesSample ShapesWorld::sample(ShapesSplit split, int64_t index, int classIndex) const
{
    const int size = m_options.imageSize;
    const double clutter = m_options.clutter;
    Rng rng(streamSeed(split, index, 1));
    cv::Mat canvas = background(rng, size, clutter);
    cv::Mat labels = cv::Mat::zeros(size, size, CV_8U);

    ShapesSample out;
    out.classIndex = classIndex;
    if (classIndex < 0 || classIndex >= numClasses()) {
        out.classIndex = -1;  // nothing to draw; callers check classIndex
        return out;
    }
    const int wanted = rng.chance(m_options.secondShapeProbability) ? 2 : 1;
    for (int k = 1; k <= wanted; ++k) {
        const int attempts = k == 1 ? 1 : 20;
        for (int attempt = 0; attempt < attempts; ++attempt) {
            const double radius = size * (wanted == 1 ? rng.uniform(0.16, 0.36) : rng.uniform(0.14, 0.24));
            Geometry g = makeShape(kClassKinds[static_cast<size_t>(classIndex)], radius, rng);
            transform(g, rng.uniform(0.0, 2.0 * kPi), {0.0, 0.0});
            const std::vector<cv::Point2d> edge = outline(g);
            double minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9, far = 0.0;
            for (const auto& p : edge) {
                minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
                minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
                far = std::max(far, cv::norm(p));
            }
            // Whole shape inside [1, size-2] so that no mask pixel touches the border.
            const cv::Point2d offset{rng.uniform(1.0 - minX, size - 2.0 - maxX), rng.uniform(1.0 - minY, size - 2.0 - maxY)};
            transform(g, 0.0, offset);
            cv::Mat mask = rasterize(g, size);
            if (k > 1) {
                cv::Mat taken;
                cv::dilate(labels > 0, taken, cv::Mat(), cv::Point(-1, -1), 3);
                if (cv::countNonZero(taken & mask) > 0) continue;
            }
            paintInstance(rng, canvas, mask, clutter);
            labels.setTo(cv::Scalar(k), mask);
            const cv::Rect box = cv::boundingRect(mask);
            ShapeInstance shape;
            shape.classIndex = classIndex;
            shape.x0 = box.x;
            shape.y0 = box.y;
            shape.x1 = box.x + box.width - 1;
            shape.y1 = box.y + box.height - 1;
            shape.pixels = cv::countNonZero(mask);
            shape.area = g.area;
            shape.perimeter = g.perimeter;
            shape.minX = minX + offset.x, shape.maxX = maxX + offset.x;
            shape.minY = minY + offset.y, shape.maxY = maxY + offset.y;
            shape.radius = far;
            out.shapes.push_back(shape);
            break;
        }
    }

    out.image.width = size;
    out.image.height = size;
    out.image.pixels.assign(canvas.data, canvas.data + canvas.total() * 3);
    out.mask.assign(labels.data, labels.data + labels.total());
    return out;
}

}  // namespace hint::data
