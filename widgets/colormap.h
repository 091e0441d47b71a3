// Colormaps for maps painted over images: viridis and magma for activations, Spectral for concept
// maps (as the paper), gray. Each is matplotlib's, sampled at ten or eleven stops and interpolated
// linearly, which is indistinguishable on screen and keeps the tables short.
#pragma once

#include <cstddef>  // before map2d.h, which uses size_t without including it

#include "localization/map2d.h"

#include <QImage>
#include <QRgb>
#include <QString>
#include <QStringList>

namespace hint::widgets {

enum class Colormap { Viridis, Magma, Spectral, Gray };

QStringList colormapNames();  // in enum order, as shown in the views' combo boxes
QString colormapName(Colormap map);

// t in [0, 1] (clamped; NaN gives the lowest colour). Spectral is reversed so high values are red.
QRgb colormapColor(Colormap map, double t);

// `base` (RGB) with the map coloured over it: out = (1 - alpha * w) * base + alpha * w * colour(v), where
// v = (value - low) / (high - low) clamped to [0, 1] and w = 1, or w = sqrt(v) when `fadeLow` (values near
// `low` leave the image visible; the square root keeps moderate values visible too).
// The map must have the image's size.
QImage overlayMap(const QImage& base, const localization::Map2d& map, Colormap colormap, double alpha, double low,
                  double high, bool fadeLow);

// A horizontal colour bar, `width` x `height` pixels, low on the left.
QImage colorbarImage(Colormap map, int width, int height);

}  // namespace hint::widgets
