// The original HINT protocol on generated maps and boxes whose answer is worked out by hand.
#include "localization/concept_map.h"
#include "localization/hint_protocol.h"
#include "localization/map_resize.h"

#include <gtest/gtest.h>

using namespace hint::localization;

namespace {

BinaryMask cellsWithBox(int n, int y0, int x0, int y1, int x1)
{
    BinaryMask cells(n, n);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) cells.at(y, x) = 1;
    return cells;
}

hint::data::Box makeBox(double x0, double y0, double x1, double y1)
{
    hint::data::Box b;
    b.x0 = x0;
    b.y0 = y0;
    b.x1 = x1;
    b.y1 = y1;
    return b;
}

}  // namespace

TEST(HintProtocol, BoxOfAllPositiveCellsIgnoresConnectivity)
{
    BinaryMask cells(14, 14);
    cells.at(2, 3) = 1;
    cells.at(9, 11) = 1;  // a second, separate blob still widens the box
    const auto b = positiveCellBox(cells);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(*b, (PixelBox{3, 2, 11, 9}));
    EXPECT_FALSE(positiveCellBox(BinaryMask(14, 14)).has_value());
}

TEST(HintProtocol, UpsampledBoxGrowsByHalfACellInside)
{
    // Cells rows 3..5, columns 2..7 of 14: a pixel o > 0 iff its source coordinate (o + 0.5) / 16 - 0.5
    // lies strictly between the cells just outside: rows 16*3 - 8 = 40 .. 16*5 + 23 = 103, columns 24 .. 135.
    auto mask = upsampledBoxMask({2, 3, 7, 5}, 14, 14, 224);
    ASSERT_TRUE(mask.ok());
    EXPECT_EQ(mask->count(), (103 - 40 + 1) * (135 - 24 + 1));
    EXPECT_EQ(mask->at(40, 24), 1);
    EXPECT_EQ(mask->at(103, 135), 1);
    EXPECT_EQ(mask->at(39, 24), 0);
    EXPECT_EQ(mask->at(40, 136), 0);
}

TEST(HintProtocol, MirrorBorderFillsTheEdgeCell)
{
    // A box starting at cell 1: skimage's 'reflect' (ndimage mirror) border makes pixels 0..7 interpolate
    // with cell 1, so the mask reaches the image edge; ending at cell 12 it reaches pixel 223.
    auto mask = upsampledBoxMask({1, 1, 12, 12}, 14, 14, 224);
    ASSERT_TRUE(mask.ok());
    EXPECT_EQ(mask->count(), 224 * 224);
    // Two cells short of the edge: the usual half cell, pixels 16*2 - 8 = 24 onwards.
    auto inner = upsampledBoxMask({2, 2, 2, 2}, 14, 14, 224);
    ASSERT_TRUE(inner.ok());
    EXPECT_EQ(inner->at(24, 24), 1);
    EXPECT_EQ(inner->at(23, 24), 0);
    EXPECT_EQ(inner->count(), 32 * 32);
}

TEST(HintProtocol, GroundTruthTruncatesXYWidthHeightAndFillsInclusive)
{
    // 448x448 file, scale 0.5: x = int(5.35) = 5, y = int(10.1) = 10, w = int(50.1) = 50, h = int(20.15) = 20:
    // rows 10..30, columns 5..55.
    const BinaryMask gt = groundTruthMask({makeBox(10.7, 20.2, 110.9, 60.5)}, 448, 448, 224);
    EXPECT_EQ(gt.count(), 21 * 51);
    EXPECT_EQ(gt.at(10, 5), 1);
    EXPECT_EQ(gt.at(30, 55), 1);
    EXPECT_EQ(gt.at(31, 55), 0);
    // Truncating the width, not x1: x0 = 1.6, x1 = 3.5 gives x = 1, w = int(1.9) = 1, columns 1..2, where
    // truncating x1 would reach column 3.
    const BinaryMask narrow = groundTruthMask({makeBox(1.6, 0.0, 3.5, 0.0)}, 224, 224, 224);
    EXPECT_EQ(narrow.count(), 2);
    // Union of overlapping boxes, clipped to the image.
    const BinaryMask two = groundTruthMask({makeBox(0, 0, 9, 9), makeBox(5, 5, 14, 14), makeBox(220, 220, 300, 300)}, 224, 224, 224);
    EXPECT_EQ(two.count(), 100 + 100 - 25 + 16);
}

TEST(HintProtocol, IoUOfHandBuiltCase)
{
    // Cells 4..9 of 14 -> pixels 56..167 (112 px); ground truth pixels 64..159 (96 px) inside it.
    const BinaryMask cells = cellsWithBox(14, 4, 4, 9, 9);
    auto exact = hintLocalize(cells, {makeBox(56, 56, 167, 167)}, 224, 224);
    ASSERT_TRUE(exact.ok());
    EXPECT_TRUE(exact->hasBox);
    EXPECT_EQ(exact->predictedBox, (PixelBox{56, 56, 167, 167}));
    EXPECT_DOUBLE_EQ(exact->iou, 1.0);
    auto inside = hintLocalize(cells, {makeBox(64, 64, 159, 159)}, 224, 224);
    ASSERT_TRUE(inside.ok());
    EXPECT_DOUBLE_EQ(inside->iou, 96.0 * 96.0 / (112.0 * 112.0));
    EXPECT_EQ(inside->positiveCells, 36);
}

TEST(HintProtocol, EmptyMapScoresZeroInsteadOfCrashing)
{
    auto result = hintLocalize(BinaryMask(14, 14), {makeBox(0, 0, 100, 100)}, 224, 224);
    ASSERT_TRUE(result.ok());
    EXPECT_FALSE(result->hasBox);
    EXPECT_EQ(result->iou, 0.0);
}

TEST(HintProtocol, MaskIoU)
{
    const BinaryMask a = boxMask({0, 0, 9, 9}, 20, 20), b = boxMask({5, 0, 14, 9}, 20, 20);
    EXPECT_DOUBLE_EQ(maskIoU(a, b), 50.0 / 150.0);
    EXPECT_EQ(maskIoU(BinaryMask(4, 4), BinaryMask(4, 4)), 0.0);
}

TEST(ConceptMap, DecisionBinaryAndSoftMaps)
{
    // C=2, H=1, W=3: f = 2 z0 - z1 - 0.5.
    hint::FloatTensor features({2, 1, 3});
    features.data = {1.0f, 0.0f, 2.0f, 1.0f, 0.0f, 0.5f};
    hint::classifiers::LinearModel model;
    model.weights = {2.0, -1.0};
    model.bias = -0.5;
    auto f = decisionMap(features, model);
    ASSERT_TRUE(f.ok());
    EXPECT_DOUBLE_EQ(f->at(0, 0), 0.5);
    EXPECT_DOUBLE_EQ(f->at(0, 1), -0.5);
    EXPECT_DOUBLE_EQ(f->at(0, 2), 3.0);
    const BinaryMask m = binaryMap(*f);
    EXPECT_EQ(m.values, (std::vector<uint8_t>{1, 0, 1}));
    const Map2d p = softMap(*f);
    EXPECT_DOUBLE_EQ(p.at(0, 0), 0.75);
    EXPECT_DOUBLE_EQ(p.at(0, 1), 0.25);
    EXPECT_DOUBLE_EQ(p.at(0, 2), 1.0);
    model.weights = {1.0};
    EXPECT_FALSE(decisionMap(features, model).ok());
}

TEST(MapResize, NormalizeMinMaxAndConstantMaps)
{
    Map2d m(1, 3);
    m.values = {2.0, 4.0, 3.0};
    EXPECT_EQ(normalizeMinMax(m).values, (std::vector<double>{0.0, 1.0, 0.5}));
    Map2d c(2, 2, 7.0);
    EXPECT_EQ(normalizeMinMax(c).values, (std::vector<double>(4, 0.0)));
    EXPECT_FALSE(resizeLinearSkimage(m, 1, 2).ok());  // shrinking would need skimage's anti-aliasing
}
