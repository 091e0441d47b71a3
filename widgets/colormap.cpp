// Colormap tables and map-over-image blending.
#include "colormap.h"

#include <QColor>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace hint::widgets {

namespace {

// matplotlib's colormaps at evenly spaced stops.
const std::vector<QRgb>& stops(Colormap map)
{
    static const std::vector<QRgb> viridis = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                                              0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725};
    static const std::vector<QRgb> magma = {0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f,
                                            0xcd4071, 0xf1605d, 0xfd9668, 0xfeca8d, 0xfcfdbf};
    // ColorBrewer Spectral from blue (low) to red (high): matplotlib's Spectral_r.
    static const std::vector<QRgb> spectral = {0x5e4fa2, 0x3288bd, 0x66c2a5, 0xabdda4, 0xe6f598, 0xffffbf,
                                               0xfee08b, 0xfdae61, 0xf46d43, 0xd53e4f, 0x9e0142};
    static const std::vector<QRgb> gray = {0x000000, 0xffffff};
    switch (map) {
    case Colormap::Viridis: return viridis;
    case Colormap::Magma: return magma;
    case Colormap::Spectral: return spectral;
    case Colormap::Gray: return gray;
    }
    return viridis;
}

}  // namespace

QStringList colormapNames()
{
    return {QStringLiteral("viridis"), QStringLiteral("magma"), QStringLiteral("Spectral"), QStringLiteral("gray")};
}

QString colormapName(Colormap map)
{
    return colormapNames().value(int(map));
}

QRgb colormapColor(Colormap map, double t)
{
    const auto& table = stops(map);
    if (!(t > 0.0)) t = 0.0;  // also NaN
    if (t > 1.0) t = 1.0;
    const double position = t * double(table.size() - 1);
    const size_t i = std::min(size_t(position), table.size() - 2);
    const double f = position - double(i);
    const QRgb a = table[i];
    const QRgb b = table[i + 1];
    const auto mix = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
    return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

QImage overlayMap(const QImage& base, const localization::Map2d& map, Colormap colormap, double alpha, double low,
                  double high, bool fadeLow)
{
    QImage out = base.convertToFormat(QImage::Format_RGB32);
    if (map.height != out.height() || map.width != out.width()) return out;
    alpha = std::clamp(alpha, 0.0, 1.0);
    const double span = high > low ? high - low : 1.0;
    // A 256-entry table: one lookup per pixel instead of an interpolation.
    std::array<QRgb, 256> lut{};
    for (int i = 0; i < 256; ++i) lut[size_t(i)] = colormapColor(colormap, i / 255.0);
    for (int y = 0; y < out.height(); ++y) {
        auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            double v = (map.at(y, x) - low) / span;
            if (!(v > 0.0)) v = 0.0;
            if (v > 1.0) v = 1.0;
            const double w = alpha * (fadeLow ? std::sqrt(v) : 1.0);  // sqrt: moderate values stay visible
            const QRgb c = lut[size_t(std::lround(v * 255.0))];
            const QRgb p = row[x];
            const auto blend = [w](int under, int over) { return int(std::lround(under * (1.0 - w) + over * w)); };
            row[x] = qRgb(blend(qRed(p), qRed(c)), blend(qGreen(p), qGreen(c)), blend(qBlue(p), qBlue(c)));
        }
    }
    return out;
}

QImage colorbarImage(Colormap map, int width, int height)
{
    QImage bar(std::max(1, width), std::max(1, height), QImage::Format_RGB32);
    for (int x = 0; x < bar.width(); ++x) {
        const QRgb c = colormapColor(map, bar.width() > 1 ? double(x) / (bar.width() - 1) : 0.0);
        for (int y = 0; y < bar.height(); ++y) bar.setPixel(x, y, c);
    }
    return bar;
}

}  // namespace hint::widgets
