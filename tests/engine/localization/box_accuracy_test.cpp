// MaxBoxAcc, MaxBoxAccV2, PxAP and the pointing game on drawn maps whose answers are worked out by hand.
#include "localization/box_accuracy.h"
#include "localization/method_evaluation.h"
#include "localization/pixel_precision.h"

#include <gtest/gtest.h>

using namespace hint::localization;

namespace {

void fill(Map2d& map, int y0, int x0, int y1, int x1, double value)
{
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) map.at(y, x) = value;
}

hint::data::Box box(double x0, double y0, double x1, double y1)
{
    hint::data::Box b;
    b.x0 = x0;
    b.y0 = y0;
    b.x1 = x1;
    b.y1 = y1;
    return b;
}

}  // namespace

TEST(BoxAccuracy, GroundTruthResizeTruncatesEachCorner)
{
    // 500x375 file to 224: 111 * 224 / 500 = 49.728 -> 49, 108 * 224 / 375 = 64.512 -> 64, 441 -> 197.568, 193 -> 115.285.
    EXPECT_EQ(resizeBoxWsol(box(111, 108, 441, 193), 500, 375, 224), (PixelBox{49, 64, 197, 115}));
}

TEST(BoxAccuracy, IoUUsesThePlusOnePixelConvention)
{
    EXPECT_DOUBLE_EQ(boxIoUWsol({0, 0, 9, 9}, {5, 5, 14, 14}), 25.0 / 175.0);
    EXPECT_DOUBLE_EQ(boxIoUWsol({0, 0, 0, 0}, {0, 0, 0, 0}), 1.0);  // one pixel each
    EXPECT_DOUBLE_EQ(boxIoUWsol({0, 0, 9, 9}, {20, 20, 29, 29}), 0.0);
    EXPECT_DOUBLE_EQ(boxIoUWsol({5, 5, 3, 3}, {5, 5, 3, 3}), 0.0);  // degenerate: non-positive denominator
}

TEST(BoxAccuracy, ThresholdsAreNumpyArange)
{
    const auto t = camThresholds(0.01);
    ASSERT_EQ(t.size(), 100u);
    EXPECT_EQ(t[0], 0.0);
    EXPECT_EQ(t[7], 7 * 0.01);
    EXPECT_EQ(camThresholds(0.3).size(), 4u);  // 0, 0.3, 0.6, 0.9
}

TEST(BoxAccuracy, ContourBoxIsBoundingRectPlusWidthClippedAtTheBorder)
{
    Map2d map(64, 64);
    fill(map, 10, 30, 19, 49, 1.0);
    auto boxes = boxesAtThresholds(map, {0.0}, false);
    ASSERT_EQ(boxes.size(), 1u);
    ASSERT_EQ(boxes[0].size(), 1u);
    EXPECT_EQ(boxes[0][0], (PixelBox{30, 10, 50, 20}));  // x + w, y + h: one past the blob
    // Touching the right and bottom border: x + w = 64 is clipped to 63.
    Map2d edge(64, 64);
    fill(edge, 40, 50, 63, 63, 1.0);
    EXPECT_EQ(boxesAtThresholds(edge, {0.0}, false)[0][0], (PixelBox{50, 40, 63, 63}));
    // Touching the left and top border.
    Map2d corner(64, 64);
    fill(corner, 0, 0, 4, 9, 1.0);
    EXPECT_EQ(boxesAtThresholds(corner, {0.0}, false)[0][0], (PixelBox{0, 0, 10, 5}));
}

TEST(BoxAccuracy, EmptyMapGivesTheZeroBox)
{
    const Map2d empty = normalizeMinMax(Map2d(32, 32, 0.3));  // constant -> zeros -> no pixel above 0
    auto boxes = boxesAtThresholds(empty, camThresholds(0.25), true);
    ASSERT_EQ(boxes.size(), 4u);
    for (const auto& b : boxes) {
        ASSERT_EQ(b.size(), 1u);
        EXPECT_EQ(b[0], (PixelBox{0, 0, 0, 0}));
    }
}

TEST(BoxAccuracy, LargestContourVersusAllContours)
{
    Map2d map(64, 64);
    fill(map, 2, 2, 5, 5, 1.0);      // small blob: 4x4
    fill(map, 20, 20, 49, 49, 1.0);  // large blob: 30x30
    auto largest = boxesAtThresholds(map, {0.0}, false);
    ASSERT_EQ(largest[0].size(), 1u);
    EXPECT_EQ(largest[0][0], (PixelBox{20, 20, 50, 50}));
    auto all = boxesAtThresholds(map, {0.0}, true);
    ASSERT_EQ(all[0].size(), 2u);
}

TEST(BoxAccuracy, ThresholdSweepFindsTheBestThreshold)
{
    // Blob A (value 1 -> 255) is the object; blob B (0.5 -> uint8 127) is larger. B survives while
    // 127 > int(t * 255), i.e. for t = 0.00 .. 0.49; from t = 0.50 only A is left.
    Map2d map(64, 64);
    fill(map, 10, 10, 19, 19, 1.0);
    fill(map, 30, 5, 59, 59, 0.5);
    const std::vector<PixelBox> truth = {{10, 10, 19, 19}};
    BoxAccuracy v1({0.01, {50}, false});
    const auto ious = v1.accumulate(map, truth);
    ASSERT_EQ(ious.size(), 100u);
    EXPECT_LT(ious[49], 0.5);
    // A's box (10, 10, 20, 20) against (10, 10, 19, 19): 100 / 121.
    EXPECT_DOUBLE_EQ(ious[50], 100.0 / 121.0);
    const auto r1 = v1.result();
    EXPECT_DOUBLE_EQ(r1.value, 1.0);
    EXPECT_EQ(r1.bestThresholdIndex[0], 50);
    // All contours: A is among the boxes at every threshold, so the first threshold already counts.
    BoxAccuracy v2({0.01, {30, 50, 70}, true});
    const auto ious2 = v2.accumulate(map, truth);
    EXPECT_DOUBLE_EQ(ious2[0], 100.0 / 121.0);
    const auto r2 = v2.result();
    EXPECT_DOUBLE_EQ(r2.value, 1.0);
    EXPECT_EQ(r2.bestThresholdIndex[1], 0);
}

TEST(BoxAccuracy, AccuracyOverImagesAndV2MeanOverIouThresholds)
{
    // Image 1: box IoU 100/121 = 0.83 (correct at 30, 50, 70). Image 2: estimate (0, 0, 10, 10), 121 px, against
    // truth (0, 0, 14, 9), 150 px, overlap 110: IoU 110 / 161 = 0.683 (correct at 30 and 50, not 70).
    BoxAccuracy v2({0.5, {30, 50, 70}, true});
    Map2d a(32, 32);
    fill(a, 10, 10, 19, 19, 1.0);
    v2.accumulate(a, {{10, 10, 19, 19}});
    Map2d b(32, 32);
    fill(b, 0, 0, 9, 9, 1.0);
    const auto ious = v2.accumulate(b, {{0, 0, 14, 9}});
    EXPECT_DOUBLE_EQ(ious[0], 110.0 / 161.0);
    const auto r = v2.result();
    ASSERT_EQ(r.bestAccuracy.size(), 3u);
    EXPECT_DOUBLE_EQ(r.bestAccuracy[0], 1.0);
    EXPECT_DOUBLE_EQ(r.bestAccuracy[1], 1.0);
    EXPECT_DOUBLE_EQ(r.bestAccuracy[2], 0.5);
    EXPECT_DOUBLE_EQ(r.value, 2.5 / 3.0);
    // Several ground-truth boxes: the best match counts.
    BoxAccuracy v1({0.5, {50}, false});
    v1.accumulate(a, {{40, 40, 50, 50}, {10, 10, 19, 19}});
    EXPECT_DOUBLE_EQ(v1.result().value, 1.0);
}

TEST(BoxAccuracy, FixedBoxBaseline)
{
    BoxAccuracy v1({0.01, {50}, false});
    // Whole 224 image (0, 0, 223, 223) against (0, 0, 159, 223): 160 * 224 / (224 * 224).
    const auto ious = v1.accumulateBox({0, 0, 223, 223}, {{0, 0, 159, 223}});
    EXPECT_DOUBLE_EQ(ious[0], 160.0 / 224.0);
    EXPECT_DOUBLE_EQ(ious[99], 160.0 / 224.0);
    EXPECT_DOUBLE_EQ(v1.result().value, 1.0);
}

TEST(PixelPrecision, HandComputedAveragePrecision)
{
    // Scores 0.9 (fg), 0.8 (bg), 0.3 (fg), 0.1 (bg); one ignored pixel. From the top: P/R = 1/0.5, 0.5/0.5,
    // 2/3/1, 0.5/1 -> AP = 1 * 0.5 + 2/3 * 0.5 = 5/6.
    Map2d map(1, 5);
    map.values = {0.9, 0.8, 0.3, 0.1, 1.0};
    BinaryMask mask(1, 5);
    mask.values = {1, 0, 1, 0, BinaryMask::kIgnore};
    PixelPrecision pxap(0.01);
    pxap.accumulate(map, mask);
    auto ap = pxap.compute();
    ASSERT_TRUE(ap.ok());
    EXPECT_NEAR(ap.value(), 5.0 / 6.0, 1e-12);
    PixelPrecision none(0.01);
    none.accumulate(map, BinaryMask(1, 5));
    EXPECT_FALSE(none.compute().ok());
}

TEST(PointingGame, MaximumInsideOrNearABox)
{
    ImageTruth truth = makeTruth({box(100, 100, 200, 200)}, 448, 448, 224);
    Map2d map(224, 224);
    map.at(75, 75) = 1.0;  // file pixel 151: inside
    EXPECT_TRUE(pointingHit(map, truth, 15.0));
    Map2d near(224, 224);
    near.at(45, 75) = 1.0;  // file y 91: 9 px above the box
    EXPECT_TRUE(pointingHit(near, truth, 15.0));
    EXPECT_FALSE(pointingHit(near, truth, 5.0));
    Map2d far(224, 224);
    far.at(5, 5) = 1.0;
    EXPECT_FALSE(pointingHit(far, truth, 15.0));
}

TEST(MethodEvaluation, TrivialWholeImageBox)
{
    // A 224x224 file with the object on the left 112 columns: HINT mask IoU = 113 * 224 / (224 * 224)
    // (columns 0..112 inclusive), box IoU = (113 * 224) / (224 * 224) with the +1 convention too.
    MethodEvaluation whole("whole", EvaluationOptions{});
    const ImageTruth truth = makeTruth({box(0, 0, 112, 223)}, 224, 224, 224);
    whole.addBox({0, 0, 223, 223}, truth);
    const MethodSummary s = whole.summary();
    EXPECT_DOUBLE_EQ(s.hintMeanIou, 113.0 / 224.0);
    EXPECT_DOUBLE_EQ(s.maxBoxAccMeanIou, 113.0 / 224.0);
    EXPECT_DOUBLE_EQ(s.hintAccuracy, 1.0);
    EXPECT_DOUBLE_EQ(s.maxBoxAcc, 1.0);
}
