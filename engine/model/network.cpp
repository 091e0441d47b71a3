#include "model/network.h"

#include "common/sha256.h"
#include "model/detail/network_impl.h"
#include "model/detail/weights_io.h"

#include <ATen/autocast_mode.h>

#include <cmath>
#include <future>
#include <mutex>
#include <thread>

namespace hint::model {
namespace detail {

torch::Tensor channelsLast(const torch::Tensor& x)
{
    return x.dim() == 4 ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

void useChannelsLast(torch::nn::Module& module)
{
    torch::NoGradGuard noGrad;
    for (auto& p : module.parameters())
        if (p.dim() == 4) p.set_data(channelsLast(p));
}

PrecisionScope::PrecisionScope(Precision precision) : m_active(precision == Precision::Bf16)
{
    if (!m_active) return;
    m_wasEnabled = at::autocast::is_cpu_enabled();
    m_previousType = at::autocast::get_autocast_cpu_dtype();
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::increment_nesting();
}

PrecisionScope::~PrecisionScope()
{
    if (!m_active) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(m_wasEnabled);
    at::autocast::set_autocast_cpu_dtype(m_previousType);
}

torch::Tensor NetworkImpl::forwardWithTap(const torch::Tensor& input, ForwardContext& ctx) const
{
    PrecisionScope scope(precision);
    return module->forward(channelsLast(input), ctx);
}

torch::Tensor NetworkImpl::forwardTo(const torch::Tensor& input, const std::string& tap) const
{
    torch::NoGradGuard noGrad;
    PrecisionScope scope(precision);
    ForwardContext ctx;
    ctx.tap = tap;
    ctx.stopAtTap = true;
    try {
        module->forward(channelsLast(input), ctx);
    } catch (const StopAtTap&) {
    }
    return ctx.tapOutput;
}

torch::Tensor toTorch(const FloatTensor& tensor)
{
    return torch::from_blob(const_cast<float*>(tensor.data.data()), tensor.shape, torch::kFloat32).clone();
}

FloatTensor fromTorch(const torch::Tensor& tensor)
{
    torch::Tensor c = tensor.detach().to(torch::kFloat32).contiguous();
    FloatTensor out;
    out.shape = c.sizes().vec();
    out.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return out;
}

}  // namespace detail

namespace {

Status checkInput(const FloatTensor& input, int minSize)
{
    if (input.shape.size() != 4 || input.shape[1] != 3)
        return Error::badInput("network input must be N,3,H,W");
    if (input.shape[2] < minSize || input.shape[3] < minSize)
        return Error::badInput("input of " + std::to_string(input.shape[2]) + "x" + std::to_string(input.shape[3]) +
                               " is smaller than this architecture's minimum " + std::to_string(minSize));
    return {};
}

}  // namespace

Network::Network(std::unique_ptr<detail::NetworkImpl> impl) : m_impl(std::move(impl)) {}
Network::~Network() = default;

Result<std::shared_ptr<Network>> Network::create(const std::string& arch, int64_t numClasses)
{
    const ArchInfo* info = findArchitecture(arch);
    if (!info) return Error::badInput("unknown architecture '" + arch + "' (known: " + architectureNames() + ")");
    auto impl = std::make_unique<detail::NetworkImpl>();
    impl->info = *info;
    impl->numClasses = numClasses > 0 ? numClasses : info->numClasses;
    {
        // Parameters are left unwritten: loadWeights or randomizeWeights (or training's initialisation)
        // fills them next, and pages never written cost no memory.
        detail::ParameterModeScope uninitialised(detail::ParameterMode::Uninitialised);
        impl->module = detail::makeArchitecture(arch, impl->numClasses);
    }
    if (!impl->module) return Error::runtime("architecture '" + arch + "' is listed but not built");
    impl->module->eval();
    // Only inputs to layers after the tap need gradients, never the weights.
    for (auto& p : impl->module->parameters()) p.set_requires_grad(false);
    detail::useChannelsLast(*impl->module);
    return std::shared_ptr<Network>(new Network(std::move(impl)));
}

const ArchInfo& Network::info() const { return m_impl->info; }
int64_t Network::numClasses() const { return m_impl->numClasses; }
const std::string& Network::weightsSha256() const { return m_impl->weightsSha256; }
void Network::setPrecision(Precision precision) { m_impl->precision = precision; }
Precision Network::precision() const { return m_impl->precision; }

Result<Precision> parsePrecision(const std::string& name)
{
    if (name == "fp32") return Precision::Fp32;
    if (name == "bf16") return Precision::Bf16;
    return Error::badInput("unknown precision '" + name + "' (fp32, bf16)");
}

std::string precisionName(Precision precision) { return precision == Precision::Bf16 ? "bf16" : "fp32"; }

Status Network::loadWeights(const std::string& path, WeightsHash hashing)
{
    m_impl->weightsSha256.clear();
    // The hash reads the file on a second core while this one fills the parameters (both from the page
    // cache); sha256File answers at once for a file whose hash this process already knows.
    std::future<Result<std::string>> hash;
    if (hashing == WeightsHash::Compute) hash = std::async(std::launch::async, [path] { return sha256File(path); });
    Status loaded = detail::loadStrict(*m_impl->module, path);
    if (!hash.valid()) return loaded;
    auto hashed = hash.get();
    if (!loaded) return loaded;
    if (!hashed) return hashed.error();
    m_impl->weightsSha256 = hashed.value();
    return {};
}

void Network::randomizeWeights(uint64_t seed)
{
    static std::mutex seedMutex;  // torch's default generator is process-wide
    std::lock_guard<std::mutex> lock(seedMutex);
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    for (auto& p : m_impl->module->named_parameters(true)) {
        torch::Tensor t = p.value();
        if (t.dim() > 1) {
            double fanIn = static_cast<double>(t[0].numel());
            t.normal_(0.0, std::sqrt(2.0 / fanIn));
        } else {
            t.uniform_(-0.1, 0.1);
        }
    }
    for (auto& b : m_impl->module->named_buffers(true)) {
        const std::string& name = b.key();
        if (name.size() > 12 && name.compare(name.size() - 12, 12, "running_mean") == 0) b.value().uniform_(-0.1, 0.1);
        if (name.size() > 11 && name.compare(name.size() - 11, 11, "running_var") == 0) b.value().uniform_(0.5, 1.5);
    }
    m_impl->weightsSha256.clear();
}

Status Network::saveSafetensors(const std::string& path) const
{
    detail::NamedTensors tensors;
    for (auto& p : m_impl->module->named_parameters(true)) tensors.emplace_back(p.key(), p.value());
    for (auto& b : m_impl->module->named_buffers(true)) tensors.emplace_back(b.key(), b.value());
    return detail::writeSafetensors(path, tensors);
}

Result<std::vector<TapInfo>> Network::taps(int inputSize) const
{
    return tapsOf(info().name, inputSize, numClasses());
}

Result<std::vector<TapInfo>> Network::tapsOf(const std::string& arch, int inputSize, int64_t numClasses)
{
    const ArchInfo* info = findArchitecture(arch);
    if (!info) return Error::badInput("unknown architecture '" + arch + "' (known: " + architectureNames() + ")");
    // A twin of the network on the meta device: shapes flow through every layer, nothing is allocated
    // and nothing computed (VGG19: no 548 MB of weights, no forward pass).
    std::shared_ptr<detail::Architecture> shapes;
    {
        detail::ParameterModeScope meta(detail::ParameterMode::Meta);
        shapes = detail::makeArchitecture(arch, numClasses > 0 ? numClasses : info->numClasses);
    }
    if (!shapes) return Error::runtime("architecture '" + arch + "' is listed but not built");
    if (inputSize < shapes->minInputSize())
        return Error::badInput("input size " + std::to_string(inputSize) + " is below " + arch + "'s minimum " +
                               std::to_string(shapes->minInputSize()));
    try {
        shapes->eval();
        torch::NoGradGuard noGrad;
        detail::ForwardContext ctx;
        ctx.recordTaps = true;
        shapes->forward(detail::channelsLast(torch::empty({1, 3, inputSize, inputSize}, torch::kMeta)), ctx);
        std::vector<TapInfo> taps;
        for (auto& [name, shape] : ctx.taps) taps.push_back({name, shape});
        return taps;
    } catch (const std::exception& e) {
        return Error::badInput("cannot run " + arch + " at input size " + std::to_string(inputSize) + ": " +
                               std::string(e.what()).substr(0, 200));
    }
}

Result<TapInfo> Network::findTap(const std::string& name, int inputSize) const
{
    auto all = taps(inputSize);
    if (!all) return all.error();
    for (const auto& tap : all.value())
        if (tap.name == name) return tap;
    return Error::badInput("unknown layer '" + name + "' for " + info().name + " (see `hint layers --arch " +
                           info().name + "`)");
}

Result<FloatTensor> Network::logits(const FloatTensor& input) const
{
    if (auto status = checkInput(input, m_impl->module->minInputSize()); !status) return status.error();
    try {
        torch::NoGradGuard noGrad;
        detail::ForwardContext ctx;
        return detail::fromTorch(m_impl->forwardWithTap(detail::toTorch(input), ctx));
    } catch (const std::exception& e) {
        return Error::runtime(std::string("forward pass failed: ") + e.what());
    }
}

Result<FloatTensor> Network::features(const FloatTensor& input, const std::string& tap) const
{
    if (auto status = checkInput(input, m_impl->module->minInputSize()); !status) return status.error();
    try {
        torch::Tensor out = m_impl->forwardTo(detail::toTorch(input), tap);
        if (!out.defined()) return Error::badInput("unknown layer '" + tap + "' for " + info().name);
        return detail::fromTorch(out);
    } catch (const std::exception& e) {
        return Error::runtime(std::string("forward pass failed: ") + e.what());
    }
}

void setComputeThreads(int threads)
{
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
}

int computeThreads() { return torch::get_num_threads(); }

}  // namespace hint::model
