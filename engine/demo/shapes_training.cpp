#include "demo/shapes_training.h"

#include "common/sha256.h"
#include "data/preprocess.h"
#include "model/detail/network_impl.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>

namespace hint::demo {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// torchvision's VGG initialisation; torch::manual_seed drives the process-wide generator, hence the lock.
void initialise(torch::nn::Module& module, uint64_t seed)
{
    static std::mutex seedMutex;
    std::lock_guard<std::mutex> lock(seedMutex);
    torch::manual_seed(seed);
    torch::NoGradGuard noGrad;
    for (const auto& child : module.modules(false)) {
        if (auto* conv = child->as<model::detail::Conv2d>()) {
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
            if (conv->bias.defined()) conv->bias.zero_();
        } else if (auto* bn = child->as<model::detail::BatchNorm2d>()) {
            bn->weight.fill_(1.0);
            bn->bias.zero_();
            bn->running_mean.zero_();
            bn->running_var.fill_(1.0);
            bn->num_batches_tracked.zero_();
        } else if (auto* fc = child->as<model::detail::Linear>()) {
            torch::nn::init::normal_(fc->weight, 0.0, 0.01);
            fc->bias.zero_();
        }
    }
}

void setTraining(torch::nn::Module& module, bool training)
{
    module.train(training);
    for (auto& p : module.parameters()) p.set_requires_grad(training);
}

std::vector<data::ShapesSample> drawBatch(const data::ShapesWorld& world, data::ShapesSplit split, int64_t first,
                                          int64_t count)
{
    std::vector<data::ShapesSample> samples(static_cast<size_t>(count));
    at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) samples[static_cast<size_t>(i)] = world.sample(split, first + i);
    });
    return samples;
}

// The HINT preprocessing of preprocessImage() for images already at the input size, batched:
// /255, then ImageNet mean and std, with the same float operations.
torch::Tensor batchTensor(const std::vector<data::ShapesSample>& samples, int size)
{
    const int64_t n = static_cast<int64_t>(samples.size());
    torch::Tensor raw = torch::empty({n, size, size, 3}, torch::kUInt8);
    const size_t bytes = static_cast<size_t>(size) * static_cast<size_t>(size) * 3;
    for (int64_t i = 0; i < n; ++i)
        std::memcpy(raw.data_ptr<uint8_t>() + static_cast<size_t>(i) * bytes, samples[static_cast<size_t>(i)].image.pixels.data(), bytes);
    torch::Tensor x = raw.permute({0, 3, 1, 2}).to(torch::kFloat32);
    x = x / 255.0f;
    x = (x - torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1})) / torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1});
    return x.contiguous();
}

}  // namespace

Result<TrainingReport> trainShapesNet(model::Network& network, const data::ShapesWorld& world,
                                      const TrainingOptions& options, jobs::JobContext& job)
{
    if (network.numClasses() != data::ShapesWorld::numClasses())
        return Error::badInput("the network has " + std::to_string(network.numClasses()) + " outputs, the Shapes world " +
                               std::to_string(data::ShapesWorld::numClasses()) + " classes");
    if (options.epochs < 1 || options.imagesPerEpoch < 1 || options.batchSize < 1 || options.plainEpochs < 0)
        return Error::badInput("training needs at least one epoch, one image per epoch and a batch of one");
    data::ShapesWorldOptions plainOptions = world.options();
    plainOptions.clutter = 0.0;
    const data::ShapesWorld plainWorld(plainOptions);
    auto& module = *network.impl().module;
    const int size = world.options().imageSize;
    const int64_t batches = (options.imagesPerEpoch + options.batchSize - 1) / options.batchSize;
    const int64_t totalSteps = batches * options.epochs;
    const int64_t warmup = std::max<int64_t>(1, totalSteps / 20);
    TrainingReport report;
    const auto start = Clock::now();
    try {
        initialise(module, options.seed);
        setTraining(module, true);
        torch::optim::AdamW optimizer(module.parameters(),
                                      torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
        int64_t step = 0;
        for (int epoch = 0; epoch < options.epochs; ++epoch) {
            const auto epochStart = Clock::now();
            double lossSum = 0.0;
            int64_t correct = 0, seen = 0;
            for (int64_t b = 0; b < batches; ++b, ++step) {
                if (job.isCancelled()) {
                    setTraining(module, false);
                    return Error::cancelled();
                }
                const int64_t first = static_cast<int64_t>(epoch) * options.imagesPerEpoch + b * options.batchSize;
                const int64_t count = std::min<int64_t>(options.batchSize, options.imagesPerEpoch - b * options.batchSize);
                const auto drawStart = Clock::now();
                const auto samples =
                    drawBatch(epoch < options.plainEpochs ? plainWorld : world, data::ShapesSplit::Train, first, count);
                std::vector<int64_t> labelValues;
                for (const auto& s : samples) labelValues.push_back(s.classIndex);
                torch::Tensor input = batchTensor(samples, size);
                torch::Tensor labels = torch::tensor(labelValues, torch::kInt64);
                report.generateSeconds += secondsSince(drawStart);

                const double progress = static_cast<double>(step) / static_cast<double>(totalSteps);
                const double warm = std::min(1.0, static_cast<double>(step + 1) / static_cast<double>(warmup));
                const double lr = options.learningRate * warm * 0.5 * (1.0 + std::cos(3.14159265358979 * progress));
                for (auto& group : optimizer.param_groups())
                    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

                model::detail::ForwardContext ctx;
                torch::Tensor logits = module.forward(input, ctx);
                torch::Tensor loss = torch::nn::functional::cross_entropy(logits, labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();

                lossSum += loss.item<double>() * static_cast<double>(count);
                correct += logits.argmax(1).eq(labels).sum().item<int64_t>();
                seen += count;
                job.progress(step + 1, totalSteps, "training");
            }
            report.epochs.push_back({epoch + 1, lossSum / static_cast<double>(seen),
                                     static_cast<double>(correct) / static_cast<double>(seen), secondsSince(epochStart)});
            report.images += seen;
        }
        setTraining(module, false);
    } catch (const std::exception& e) {
        setTraining(module, false);
        return Error::runtime(std::string("training failed: ") + e.what());
    }
    report.seconds = secondsSince(start);
    return report;
}

Result<Evaluation> evaluateShapesNet(const model::Network& network, const data::ShapesWorld& world,
                                     data::ShapesSplit split, int64_t count, jobs::JobContext& job)
{
    const int classes = data::ShapesWorld::numClasses();
    const int size = world.options().imageSize;
    Evaluation eval;
    eval.confusion.assign(static_cast<size_t>(classes), std::vector<int64_t>(static_cast<size_t>(classes), 0));
    constexpr int64_t kBatch = 128;
    const data::PreprocessSpec spec{data::PreprocessMode::Hint, size};
    for (int64_t first = 0; first < count; first += kBatch) {
        if (job.isCancelled()) return Error::cancelled();
        const int64_t n = std::min(kBatch, count - first);
        FloatTensor input;
        input.shape = {n, 3, size, size};
        input.data.resize(static_cast<size_t>(n) * 3 * static_cast<size_t>(size) * static_cast<size_t>(size));
        std::vector<int> labels(static_cast<size_t>(n));
        at::parallel_for(0, n, 1, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                const auto sample = world.sample(split, first + i);
                labels[static_cast<size_t>(i)] = sample.classIndex;
                const FloatTensor one = data::preprocessImage(sample.image, spec);
                std::copy(one.data.begin(), one.data.end(), input.data.begin() + static_cast<std::ptrdiff_t>(i * static_cast<int64_t>(one.data.size())));
            }
        });
        auto logits = network.logits(input);
        if (!logits) return logits.error();
        const int64_t k = logits->shape[1];
        for (int64_t i = 0; i < n; ++i) {
            const float* row = logits->data.data() + i * k;
            const int predicted = static_cast<int>(std::max_element(row, row + k) - row);
            const int truth = labels[static_cast<size_t>(i)];
            if (predicted >= classes) continue;
            ++eval.confusion[static_cast<size_t>(truth)][static_cast<size_t>(predicted)];
            if (predicted == truth) ++eval.correct;
        }
        eval.images += n;
        job.progress(eval.images, count, "testing");
    }
    for (int c = 0; c < classes; ++c) {
        int64_t total = 0;
        for (int64_t v : eval.confusion[static_cast<size_t>(c)]) total += v;
        eval.perClassAccuracy.push_back(total ? static_cast<double>(eval.confusion[static_cast<size_t>(c)][static_cast<size_t>(c)]) / static_cast<double>(total) : 0.0);
    }
    eval.accuracy = eval.images ? static_cast<double>(eval.correct) / static_cast<double>(eval.images) : 0.0;
    return eval;
}

std::string parametersSha256(const model::Network& network)
{
    Sha256 hash;
    auto add = [&](const std::string& name, const torch::Tensor& value) {
        const torch::Tensor t = value.detach().contiguous();
        hash.update(name);
        for (int64_t d : t.sizes()) hash.update(std::to_string(d) + ",");
        hash.update(t.data_ptr(), static_cast<size_t>(t.nbytes()));
    };
    const auto& module = *network.impl().module;
    for (const auto& p : module.named_parameters(true)) add(p.key(), p.value());
    for (const auto& b : module.named_buffers(true)) add(b.key(), b.value());
    return hash.hexDigest();
}

}  // namespace hint::demo
