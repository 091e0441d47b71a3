// The layer listing (Network::taps, `hint layers`) comes from a shapes-only pass on the meta device.
// Its output must equal the listing of the implementation that ran a real forward pass (which the
// fidelity tests compare with torchvision): taps_reference.txt holds, for every architecture at its
// input size and at 97 px, the number of taps and the SHA-256 of the listing as `hint layers` printed
// it before ("name<TAB>CxHxW" lines). Neither the listing nor creating a network may allocate weights.
#include "common/sha256.h"
#include "model/network.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace {

using hint::model::Network;

std::string listing(const std::vector<hint::model::TapInfo>& taps)
{
    std::string text;
    for (const auto& tap : taps) {
        text += tap.name + "\t";
        for (size_t i = 0; i < tap.shape.size(); ++i) text += (i ? "x" : "") + std::to_string(tap.shape[i]);
        text += "\n";
    }
    return text;
}

// Resident memory of this process in MB (/proc/self/statm: pages).
double residentMb()
{
    std::ifstream in("/proc/self/statm");
    long pages = 0, resident = 0;
    in >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

TEST(Taps, ShapesOnlyPassListsWhatTheForwardPassListed)
{
    std::ifstream in(std::string(HINT_SOURCE_DIR) + "/tests/engine/model/taps_reference.txt");
    ASSERT_TRUE(in) << "taps_reference.txt";
    std::string line;
    int checked = 0;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string arch, hash;
        int size = 0;
        size_t count = 0;
        fields >> arch >> size >> count >> hash;
        auto taps = Network::tapsOf(arch, size);
        ASSERT_TRUE(taps.ok()) << arch << " at " << size << ": " << taps.error().message;
        EXPECT_EQ(taps->size(), count) << arch << " at " << size;
        EXPECT_EQ(hint::sha256Hex(listing(taps.value())), hash) << arch << " at " << size << ":\n" << listing(taps.value());
        ++checked;
    }
    EXPECT_EQ(checked, 2 * static_cast<int>(hint::model::architectures().size())) << "every architecture, two sizes";
}

TEST(Taps, NetworkTapsEqualTheArchitecturesAndHonourTheClassCount)
{
    auto network = Network::create("resnet18", 10);
    ASSERT_TRUE(network.ok());
    auto fromNetwork = network.value()->taps(224);
    auto fromArch = Network::tapsOf("resnet18", 224, 10);
    ASSERT_TRUE(fromNetwork.ok() && fromArch.ok());
    EXPECT_EQ(listing(fromNetwork.value()), listing(fromArch.value()));
    EXPECT_EQ(fromArch->back().name, "fc");
    EXPECT_EQ(fromArch->back().shape, std::vector<int64_t>{10});
}

TEST(Taps, BadArchitectureOrInputSizeIsBadInput)
{
    auto unknown = Network::tapsOf("vgg20", 224);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().kind, hint::ErrorKind::BadInput);
    EXPECT_NE(unknown.error().message.find("vgg20"), std::string::npos);
    auto tiny = Network::tapsOf("inception_v3", 40);
    ASSERT_FALSE(tiny.ok());
    EXPECT_EQ(tiny.error().kind, hint::ErrorKind::BadInput);
}

// VGG19's weights are 548 MB: listing its layers, or creating it (weights allocated, not written),
// must not make them resident.
TEST(Taps, NeitherListingNorCreatingTouchesTheWeights)
{
    const double before = residentMb();
    auto taps = Network::tapsOf("vgg19", 224);
    ASSERT_TRUE(taps.ok());
    EXPECT_LT(residentMb() - before, 50.0) << "MB resident after listing VGG19's layers";
    auto network = Network::create("vgg19");
    ASSERT_TRUE(network.ok());
    EXPECT_LT(residentMb() - before, 50.0) << "MB resident after creating VGG19";
    network.value()->randomizeWeights(1);  // the check can fail: writing the weights makes them resident
    EXPECT_GT(residentMb() - before, 500.0) << "MB resident once VGG19's weights are written";
}

}  // namespace
