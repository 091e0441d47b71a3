// Network precision: bf16 runs the passes in bfloat16 (CPU autocast) yet returns float32 arrays close to
// float32's; unknown names are BadInput; fp32 stays bit-identical to a network never told a precision.
#include "model/network.h"
#include "saliency/saliency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace {

using hint::FloatTensor;
using hint::model::Network;
using hint::model::Precision;

FloatTensor input(int size)
{
    FloatTensor x({2, 3, size, size});
    for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = std::sin(0.37f * static_cast<float>(i));
    return x;
}

double maxRelative(const FloatTensor& a, const FloatTensor& b)
{
    double diff = 0, scale = 0;
    for (size_t i = 0; i < b.data.size(); ++i) {
        diff = std::max(diff, std::abs(double(a.data[i]) - b.data[i]));
        scale = std::max(scale, std::abs(double(b.data[i])));
    }
    return scale > 0 ? diff / scale : diff;
}

TEST(Precision, ParsesItsTwoNames)
{
    EXPECT_EQ(hint::model::parsePrecision("fp32").value(), Precision::Fp32);
    EXPECT_EQ(hint::model::parsePrecision("bf16").value(), Precision::Bf16);
    auto bad = hint::model::parsePrecision("fp16");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(bad.error().message.find("fp16"), std::string::npos);
    EXPECT_EQ(hint::model::precisionName(Precision::Bf16), "bf16");
}

TEST(Precision, Bf16IsCloseToFp32ButNotEqualAndFp32IsUnchanged)
{
    auto created = Network::create("shapesnet");
    ASSERT_TRUE(created.ok());
    Network& net = *created.value();
    net.randomizeWeights(3);
    const FloatTensor x = input(96);
    auto fp32 = net.logits(x);
    ASSERT_TRUE(fp32.ok());
    net.setPrecision(Precision::Bf16);
    auto bf16 = net.logits(x);
    ASSERT_TRUE(bf16.ok());
    ASSERT_EQ(bf16->shape, fp32->shape);
    const double error = maxRelative(bf16.value(), fp32.value());
    EXPECT_GT(error, 0.0) << "bf16 computed exactly as fp32: autocast did not apply";
    EXPECT_LT(error, 0.1);
    net.setPrecision(Precision::Fp32);
    auto again = net.logits(x);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->data, fp32->data);

    // Saliency at a tap: float32 arrays of the same shapes, features within bf16's rounding.
    hint::saliency::Options options;
    options.layer = net.info().defaultLayer;
    auto s32 = hint::saliency::compute(net, x, {-1, -1}, options);
    net.setPrecision(Precision::Bf16);
    auto s16 = hint::saliency::compute(net, x, {-1, -1}, options);
    ASSERT_TRUE(s32.ok() && s16.ok());
    ASSERT_EQ(s16->features.shape, s32->features.shape);
    ASSERT_EQ(s16->saliency.shape, s32->saliency.shape);
    EXPECT_LT(maxRelative(s16->features, s32->features), 0.1);
    EXPECT_GT(maxRelative(s16->features, s32->features), 0.0);
}

}  // namespace
