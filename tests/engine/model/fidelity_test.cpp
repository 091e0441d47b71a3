// Model fidelity: every architecture of the zoo against torchvision 0.14 itself. Python builds the
// model with seeded random weights (batch norm statistics included) and saves its state dict, an
// input, the logits, some tap outputs and the forward-path module list; the engine must load the
// weights strictly and reproduce all of it. Also: strict loading rejects broken .pth files by name.
#include "common/npy.h"
#include "model/network.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using hint::FloatTensor;
using hint::model::Network;

constexpr double kTolerance = 1e-4;

// A fresh directory, removed with everything in it (VGG's weights alone are ~500 MB).
class TempDir {
public:
    explicit TempDir(const std::string& tag)
        : m_path(fs::temp_directory_path() / ("hint_fidelity_" + tag + "_" + std::to_string(::getpid())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    std::string path() const { return m_path.string(); }

private:
    fs::path m_path;
};

std::string quoted(const std::string& text)
{
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool pythonAvailable() { return fs::exists(HINT_PYTHON3); }

constexpr int kNotInTorchvision = 3;  // make_model_reference.py's exit status for such an arch

struct PythonRun {
    int exitStatus = -1;
    std::string command;
    std::string output;
};

// Runs a script of tests/python with its output captured in a log in the directory.
PythonRun runPython(const std::string& script, const std::string& args, const TempDir& dir)
{
    PythonRun run;
    const std::string log = dir.file("python.log");
    const std::string scriptPath = std::string(HINT_SOURCE_DIR) + "/tests/python/" + script;
    run.command = quoted(HINT_PYTHON3) + " " + quoted(scriptPath) + " " + args;
    const int status = std::system((run.command + " > " + quoted(log) + " 2>&1").c_str());
    if (status != -1 && WIFEXITED(status)) run.exitStatus = WEXITSTATUS(status);
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    run.output = text.str();
    return run;
}

// max|a - b| / max|b|, the reference b being torchvision's.
double maxRelativeError(const FloatTensor& a, const FloatTensor& b)
{
    double diff = 0.0, scale = 0.0;
    for (size_t i = 0; i < b.data.size(); ++i) {
        diff = std::max(diff, std::abs(static_cast<double>(a.data[i]) - b.data[i]));
        scale = std::max(scale, std::abs(static_cast<double>(b.data[i])));
    }
    return scale > 0.0 ? diff / scale : diff;
}

std::string scientific(double value)
{
    std::ostringstream out;
    out << std::scientific << std::setprecision(2) << value;
    return out.str();
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

// Sizes that keep the suite within a few minutes on two cores. VGG's dense layers do not care about
// the input size (adaptive pooling) but its full-resolution 3x3 convs would dominate; the deep
// ResNets run smaller too (odd feature sizes down to 5x5 in layer4 at 160).
int fidelityInputSize(const std::string& arch)
{
    if (arch.rfind("vgg", 0) == 0) return 64;
    if (arch == "resnet101" || arch == "resnet152") return 160;
    return 224;
}

std::vector<std::string> architectureNames()
{
    std::vector<std::string> names;
    for (const auto& info : hint::model::architectures()) names.push_back(info.name);
    return names;
}

class ModelFidelity : public ::testing::TestWithParam<std::string> {
protected:
    // Every core, as the apps run; restored for the tests that follow.
    void SetUp() override
    {
        m_threads = hint::model::computeThreads();
        hint::model::setComputeThreads(0);
    }
    void TearDown() override { hint::model::setComputeThreads(m_threads); }

private:
    int m_threads = 1;
};

TEST_P(ModelFidelity, MatchesTorchvisionLogitsTapsAndLayerList)
{
    if (!pythonAvailable()) GTEST_SKIP() << "no Python with torchvision at " << HINT_PYTHON3;
    const std::string arch = GetParam();
    const hint::model::ArchInfo* info = hint::model::findArchitecture(arch);
    ASSERT_NE(info, nullptr);
    const int size = fidelityInputSize(arch);
    TempDir dir(arch);
    // "auto": a few taps spread over the network, chosen by the script; plus HINT's default layer.
    // taps.json lists modules in the order of their first call, as Network::taps does.
    const PythonRun run = runPython("make_model_reference.py",
                                    quoted(arch) + " " + quoted(dir.path()) + " --input-size " + std::to_string(size) +
                                        " --seed 11 --taps " + quoted("auto," + info->defaultLayer),
                                    dir);
    if (run.exitStatus == kNotInTorchvision) GTEST_SKIP() << arch << " is not a torchvision model";
    ASSERT_EQ(run.exitStatus, 0) << run.command << "\n" << run.output;

    auto network = Network::create(arch);
    ASSERT_TRUE(network.ok()) << network.error().message;
    Network& net = *network.value();
    auto loaded = net.loadWeights(dir.file("weights.pth"));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    fs::remove(dir.file("weights.pth"));

    auto input = hint::readNpyFloat(dir.file("input.npy"));
    ASSERT_TRUE(input.ok()) << input.error().message;

    auto expectedLogits = hint::readNpyFloat(dir.file("logits.npy"));
    ASSERT_TRUE(expectedLogits.ok());
    auto logits = net.logits(input.value());
    ASSERT_TRUE(logits.ok()) << logits.error().message;
    ASSERT_EQ(logits->shape, expectedLogits->shape);
    const double logitsError = maxRelativeError(logits.value(), expectedLogits.value());
    EXPECT_LE(logitsError, kTolerance) << "logits";
    double worstTapError = 0.0;

    nlohmann::json savedTaps = nlohmann::json::parse(std::ifstream(dir.file("saved_taps.json")));
    ASSERT_GE(savedTaps.size(), 3u);  // spread over the network, and the default layer
    EXPECT_NE(std::find(savedTaps.begin(), savedTaps.end(), info->defaultLayer), savedTaps.end());
    for (const auto& entry : savedTaps) {
        const std::string tap = entry.get<std::string>();
        auto expected = hint::readNpyFloat(dir.file("tap_" + tap + ".npy"));
        ASSERT_TRUE(expected.ok()) << tap;
        auto actual = net.features(input.value(), tap);
        ASSERT_TRUE(actual.ok()) << tap << ": " << actual.error().message;
        ASSERT_EQ(actual->shape, expected->shape) << tap;
        const double error = maxRelativeError(actual.value(), expected.value());
        EXPECT_LE(error, kTolerance) << "tap " << tap;
        worstTapError = std::max(worstTapError, error);
    }
    // The margins, for the XML report (--gtest_output=xml).
    RecordProperty("logits_max_relative_error", scientific(logitsError));
    RecordProperty("taps_max_relative_error", scientific(worstTapError));

    nlohmann::json expectedTaps = nlohmann::json::parse(std::ifstream(dir.file("taps.json")));
    auto taps = net.taps(size);
    ASSERT_TRUE(taps.ok()) << taps.error().message;
    std::vector<std::string> actualList, expectedList;
    for (const auto& tap : taps.value()) actualList.push_back(tap.name + " " + shapeText(tap.shape));
    for (const auto& entry : expectedTaps)
        expectedList.push_back(entry["name"].get<std::string>() + " " +
                               shapeText(entry["shape"].get<std::vector<int64_t>>()));
    EXPECT_EQ(actualList.size(), expectedList.size()) << "number of taps";
    auto mismatch = std::mismatch(actualList.begin(), actualList.end(), expectedList.begin(), expectedList.end());
    if (mismatch.first != actualList.end() || mismatch.second != expectedList.end())
        ADD_FAILURE() << "tap list differs first at position " << (mismatch.first - actualList.begin()) << ": engine '"
                      << (mismatch.first != actualList.end() ? *mismatch.first : "(end)") << "', torchvision '"
                      << (mismatch.second != expectedList.end() ? *mismatch.second : "(end)") << "'";
}

INSTANTIATE_TEST_SUITE_P(Zoo, ModelFidelity, ::testing::ValuesIn(architectureNames()),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

// A weights file that does not fit is a BadInput error naming the file and what is wrong, and
// leaves the network's current weights as they were.
TEST(WeightsLoading, RejectsBrokenCheckpointsNamingKeyShapesAndFile)
{
    if (!pythonAvailable()) GTEST_SKIP() << "no Python with torchvision at " << HINT_PYTHON3;
    TempDir dir("bad_weights");
    const PythonRun run = runPython("make_bad_weights.py", quoted(dir.path()), dir);
    ASSERT_EQ(run.exitStatus, 0) << run.command << "\n" << run.output;

    auto network = Network::create("resnet18");
    ASSERT_TRUE(network.ok());
    Network& net = *network.value();
    net.randomizeWeights(5);
    FloatTensor input({1, 3, 32, 32});
    for (size_t i = 0; i < input.data.size(); ++i) input.data[i] = std::sin(0.1f * static_cast<float>(i));
    auto before = net.logits(input);
    ASSERT_TRUE(before.ok());

    struct Case {
        std::string file;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {"misshaped.pth", {"layer2.0.conv1.weight", "[128,64,1,1]", "[128,64,3,3]"}},
        {"unexpected.pth", {"unexpected", "fc.extra_weight"}},
        {"missing.pth", {"missing", "layer1.0.bn1.running_var"}},
        {"truncated.pth", {}},
    };
    for (const auto& c : cases) {
        const std::string path = dir.file(c.file);
        ASSERT_TRUE(fs::exists(path)) << path;
        auto status = net.loadWeights(path);
        ASSERT_FALSE(status.ok()) << c.file << " was accepted";
        EXPECT_EQ(status.error().kind, hint::ErrorKind::BadInput) << c.file;
        const std::string& message = status.error().message;
        EXPECT_NE(message.find(path), std::string::npos) << c.file << ": " << message;
        for (const auto& mention : c.mentions)
            EXPECT_NE(message.find(mention), std::string::npos) << c.file << " should mention " << mention << ": "
                                                                << message;
    }

    auto after = net.logits(input);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->data, before->data) << "a rejected file changed the weights";
    EXPECT_TRUE(net.weightsSha256().empty());
}

}  // namespace
