#include "model/detail/weights_io.h"

#include "model/detail/pth_unpickler.h"
#include "model/detail/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace hint::model::detail {
namespace {

std::string shapeText(c10::IntArrayRef sizes)
{
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < sizes.size(); ++i) out << (i ? "," : "") << sizes[i];
    out << "]";
    return out.str();
}

Result<std::vector<char>> readAll(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return Error::badInput("weights file not found: " + path);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open weights file " + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes;
}

struct DtypeInfo {
    torch::ScalarType type;
    size_t bytes;
};

bool safetensorsDtype(const std::string& name, DtypeInfo& out)
{
    static const std::map<std::string, DtypeInfo> types = {
        {"F32", {torch::kFloat32, 4}}, {"F16", {torch::kFloat16, 2}}, {"BF16", {torch::kBFloat16, 2}},
        {"F64", {torch::kFloat64, 8}}, {"I64", {torch::kInt64, 8}},   {"I32", {torch::kInt32, 4}},
    };
    auto found = types.find(name);
    if (found == types.end()) return false;
    out = found->second;
    return true;
}

const char* safetensorsName(torch::ScalarType type)
{
    switch (type) {
    case torch::kFloat32: return "F32";
    case torch::kFloat16: return "F16";
    case torch::kBFloat16: return "BF16";
    case torch::kFloat64: return "F64";
    case torch::kInt64: return "I64";
    case torch::kInt32: return "I32";
    default: return nullptr;
    }
}

}  // namespace

Result<NamedTensors> readPth(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("weights file not found: " + path);
    char magic[4] = {};
    in.read(magic, 4);
    if (in.gcount() < 4 || std::memcmp(magic, "PK\x03\x04", 4) != 0)
        return Error::badInput(path + ": not a PyTorch zip checkpoint (legacy or corrupt file)");
    return readStateDictArchive(path);
}

Result<NamedTensors> readSafetensors(const std::string& path)
{
    auto bytes = readAll(path);
    if (!bytes) return bytes.error();
    const auto& data = bytes.value();
    auto layout = parseSafetensorsHeader(data.data(), data.size(), path);
    if (!layout) return layout.error();
    const char* body = data.data() + layout->bodyOffset;
    NamedTensors tensors;
    for (const auto& entry : layout->entries) {
        DtypeInfo type{};
        if (!safetensorsDtype(entry.dtype, type))
            return Error::badInput(path + ": tensor '" + entry.name + "' has an unsupported dtype");
        torch::Tensor tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(type.type));
        if (entry.end > entry.begin) std::memcpy(tensor.data_ptr(), body + entry.begin, entry.end - entry.begin);
        tensors.emplace_back(entry.name, tensor);
    }
    return tensors;
}

Result<NamedTensors> readWeightsFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        return Error::badInput(std::filesystem::exists(path, ec) ? "cannot open weights file " + path
                                                                 : "weights file not found: " + path);
    }
    char magic[4] = {};
    in.read(magic, 4);
    if (in.gcount() == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) return readPth(path);
    return readSafetensors(path);
}

Status writeSafetensors(const std::string& path, const NamedTensors& tensors)
{
    nlohmann::json header = nlohmann::json::object();
    uint64_t offset = 0;
    std::vector<torch::Tensor> contiguous;
    for (const auto& [name, tensor] : tensors) {
        const char* dtype = safetensorsName(tensor.scalar_type());
        if (!dtype) return Error::runtime("cannot store tensor '" + name + "' of this dtype as safetensors");
        torch::Tensor c = tensor.detach().contiguous().cpu();
        uint64_t bytes = static_cast<uint64_t>(c.numel()) * c.element_size();
        header[name] = {{"dtype", dtype}, {"shape", c.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        contiguous.push_back(c);
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return Error::runtime("cannot write " + tmp);
        uint64_t size = text.size();
        char sizeBytes[8];
        for (int i = 0; i < 8; ++i) sizeBytes[i] = static_cast<char>((size >> (8 * i)) & 0xff);
        out.write(sizeBytes, 8);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        for (const auto& c : contiguous)
            out.write(static_cast<const char*>(c.data_ptr()), static_cast<std::streamsize>(c.numel() * c.element_size()));
        if (!out) return Error::runtime("cannot write " + tmp + ": disk full?");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error::runtime("cannot rename " + tmp + ": " + ec.message());
    return {};
}

Status assignStrict(torch::nn::Module& module, const NamedTensors& tensors, const std::string& path)
{
    std::map<std::string, torch::Tensor> targets;
    for (auto& p : module.named_parameters(true)) targets[p.key()] = p.value();
    for (auto& b : module.named_buffers(true)) targets[b.key()] = b.value();

    std::map<std::string, const torch::Tensor*> given;
    for (const auto& [name, tensor] : tensors) {
        if (!targets.count(name))
            return Error::badInput(path + ": unexpected key '" + name + "' " + shapeText(tensor.sizes()) +
                                   " (wrong architecture?)");
        given[name] = &tensor;
    }
    for (const auto& [name, target] : targets) {
        auto found = given.find(name);
        if (found == given.end()) {
            // Checkpoints from before PyTorch 0.4.1 lack BatchNorm's counter; it plays no part in eval.
            if (name.size() > 20 && name.compare(name.size() - 20, 20, ".num_batches_tracked") == 0) continue;
            return Error::badInput(path + ": missing key '" + name + "' " + shapeText(target.sizes()) +
                                   " (wrong architecture?)");
        }
        if (found->second->sizes() != target.sizes())
            return Error::badInput(path + ": key '" + name + "' has shape " + shapeText(found->second->sizes()) +
                                   " in the file but the model expects " + shapeText(target.sizes()) +
                                   " (wrong architecture or class count?)");
    }
    torch::NoGradGuard noGrad;
    for (const auto& [name, tensor] : given) targets[name].copy_(tensor->to(targets[name].scalar_type()));
    return {};
}

}  // namespace hint::model::detail
