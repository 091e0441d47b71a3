// AdversarialPainter: the one painting of the Adversarial view's figure, on screen and in exports: clean
// and attacked image side by side (plus the amplified perturbation) with each one's top-1 class, the
// concept maps of each classifier on both, and the top neurons' mean activations as paired bars.
#pragma once

#include "adversarial_result.h"

#include <QImage>
#include <QRectF>
#include <QStringList>

#include <memory>
#include <vector>

class QPainter;
class QSize;

namespace hint::widgets {

struct AdversarialFigureOptions {
    bool showPerturbation = true;
    double opacity = 0.55;  // of the concept maps over the images
};

// What one painting drew, so tests and tooltips need not read pixels.
struct AdversarialDrawing {
    struct BarPair {
        int neuron = -1;
        double clean = 0.0, attacked = 0.0;
        QRectF cleanBar, attackedBar;
    };
    QStringList predictionCaptions;  // clean, attacked
    std::vector<BarPair> bars;       // one pair per top neuron, in order
    std::vector<QRectF> tiles;       // image tiles drawn (images, perturbation, maps)
    QRectF chart;                    // the bar chart's plot area
};

class AdversarialPainter {
public:
    // Null clears.
    void setResult(std::shared_ptr<const AdversarialResult> result);
    const std::shared_ptr<const AdversarialResult>& result() const { return m_result; }
    void setOptions(const AdversarialFigureOptions& options);
    const AdversarialFigureOptions& options() const { return m_options; }

    // The tiles as painted (before scaling): image, map overlays per classifier, the perturbation.
    const QImage& image(bool attacked) const { return attacked ? m_attackedImage : m_cleanImage; }
    const QImage& mapOverlay(bool attacked, int index) const;
    const QImage& perturbation() const { return m_perturbation; }
    int perturbationGain() const { return m_gain; }

    // Paints the whole figure into (0, 0, size) with the painter's font; nothing without a result.
    AdversarialDrawing paint(QPainter& painter, const QSize& size) const;

private:
    void render();
    void paintTiles(QPainter& painter, const QRectF& area, AdversarialDrawing& drawing) const;
    void paintBars(QPainter& painter, const QRectF& area, AdversarialDrawing& drawing) const;

    std::shared_ptr<const AdversarialResult> m_result;
    AdversarialFigureOptions m_options;
    QImage m_cleanImage, m_attackedImage, m_perturbation;
    std::vector<QImage> m_cleanMaps, m_attackedMaps;
    int m_gain = 1;
};

}  // namespace hint::widgets
