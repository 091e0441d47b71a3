#include "model/detail/weights_io.h"

#include "model/detail/pth_unpickler.h"
#include "model/detail/safetensors_header.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

// Reads exactly `size` bytes at `offset`; a short file is an error.
Status readAt(int fd, uint64_t offset, void* out, uint64_t size, const std::string& path)
{
    auto* bytes = static_cast<char*>(out);
    while (size > 0) {
        const ssize_t got = ::pread(fd, bytes, std::min<uint64_t>(size, uint64_t(1) << 30), static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return Error::runtime("cannot read " + path + ": " + std::strerror(errno));
        if (got == 0) return Error::badInput(path + ": truncated weights file");
        bytes += got;
        offset += static_cast<uint64_t>(got);
        size -= static_cast<uint64_t>(got);
    }
    return {};
}

class FileDescriptor {
public:
    explicit FileDescriptor(const std::string& path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~FileDescriptor()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

Result<std::vector<StoredTensor>> indexSafetensors(const std::string& path)
{
    FileDescriptor fd(path);
    if (fd.get() < 0) return Error::badInput("cannot open weights file " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return Error::runtime("cannot read " + path + ": " + std::strerror(errno));
    const auto fileSize = static_cast<uint64_t>(st.st_size);
    if (fileSize < 8) return Error::badInput(path + ": truncated safetensors file (no header)");
    std::string header(8, '\0');
    if (auto status = readAt(fd.get(), 0, header.data(), 8, path); !status) return status.error();
    uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i) headerSize = (headerSize << 8) | static_cast<uint8_t>(header[static_cast<size_t>(i)]);
    if (headerSize <= fileSize - 8 && headerSize <= (100u << 20)) {
        header.resize(8 + headerSize);
        if (auto status = readAt(fd.get(), 8, header.data() + 8, headerSize, path); !status) return status.error();
    }
    auto layout = parseSafetensorsHeader(header.data(), header.size(), fileSize, path);
    if (!layout) return layout.error();
    std::vector<StoredTensor> tensors;
    for (const auto& entry : layout->entries) {
        DtypeInfo type{};
        if (!safetensorsDtype(entry.dtype, type))
            return Error::badInput(path + ": tensor '" + entry.name + "' has an unsupported dtype");
        StoredTensor tensor;
        tensor.name = entry.name;
        tensor.dtype = type.type;
        tensor.sizes = entry.shape;
        const auto strides = c10::contiguous_strides(entry.shape);
        tensor.strides.assign(strides.begin(), strides.end());
        tensor.storageNumel = static_cast<int64_t>((entry.end - entry.begin) / type.bytes);
        tensor.fileOffset = layout->bodyOffset + entry.begin;
        tensors.push_back(std::move(tensor));
    }
    return tensors;
}

// The bytes of `source` into `target` (same sizes): one read straight into the target's memory when
// the file's layout and dtype are the target's, else a read of the storage span and a converting copy.
Status fill(int fd, const StoredTensor& source, torch::Tensor& target, const std::string& path)
{
    const int64_t numel = source.numel();
    if (numel == 0) return {};
    const size_t element = c10::elementSize(source.dtype);
    if (!source.inMemory.defined() && source.isContiguous() && source.dtype == target.scalar_type() &&
        target.is_contiguous())
        return readAt(fd, source.fileOffset + static_cast<uint64_t>(source.storageOffset) * element, target.data_ptr(),
                      static_cast<uint64_t>(numel) * element, path);
    torch::Tensor storage = source.inMemory;
    int64_t first = 0;
    if (!storage.defined()) {
        // Only the span the view covers: [offset, last element].
        int64_t last = source.storageOffset;
        for (size_t i = 0; i < source.sizes.size(); ++i) last += (source.sizes[i] - 1) * source.strides[i];
        first = source.storageOffset;
        storage = torch::empty({last - first + 1}, torch::TensorOptions().dtype(source.dtype));
        if (auto status = readAt(fd, source.fileOffset + static_cast<uint64_t>(first) * element, storage.data_ptr(),
                                 static_cast<uint64_t>(storage.numel()) * element, path);
            !status)
            return status;
    }
    target.copy_(storage.as_strided(source.sizes, source.strides, source.storageOffset - first));
    return {};
}

bool isZip(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

}  // namespace

int64_t StoredTensor::numel() const
{
    int64_t n = 1;
    for (int64_t s : sizes) n *= s;
    return n;
}

bool StoredTensor::isContiguous() const
{
    int64_t expected = 1;
    for (size_t i = sizes.size(); i-- > 0;) {
        if (sizes[i] != 1 && strides[i] != expected) return false;
        expected *= sizes[i];
    }
    return true;
}

Result<std::vector<StoredTensor>> indexWeightsFile(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Error::badInput("weights file not found: " + path);
    if (!std::filesystem::is_regular_file(path, ec)) return Error::badInput("not a weights file: " + path);
    if (::access(path.c_str(), R_OK) != 0) return Error::badInput("cannot open weights file " + path);
    if (isZip(path)) return readStateDictArchive(path);
    return indexSafetensors(path);
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

Status loadStrict(torch::nn::Module& module, const std::string& path)
{
    auto stored = indexWeightsFile(path);
    if (!stored) return stored.error();
    std::map<std::string, torch::Tensor> targets;
    for (auto& p : module.named_parameters(true)) targets[p.key()] = p.value();
    for (auto& b : module.named_buffers(true)) targets[b.key()] = b.value();

    std::map<std::string, const StoredTensor*> given;
    for (const auto& tensor : stored.value()) {
        if (!targets.count(tensor.name))
            return Error::badInput(path + ": unexpected key '" + tensor.name + "' " + shapeText(tensor.sizes) +
                                   " (wrong architecture?)");
        given[tensor.name] = &tensor;
    }
    for (const auto& [name, target] : targets) {
        auto found = given.find(name);
        if (found == given.end()) {
            // Checkpoints from before PyTorch 0.4.1 lack BatchNorm's counter; it plays no part in eval.
            if (name.size() > 20 && name.compare(name.size() - 20, 20, ".num_batches_tracked") == 0) continue;
            return Error::badInput(path + ": missing key '" + name + "' " + shapeText(target.sizes()) +
                                   " (wrong architecture?)");
        }
        if (c10::IntArrayRef(found->second->sizes) != target.sizes())
            return Error::badInput(path + ": key '" + name + "' has shape " + shapeText(found->second->sizes) +
                                   " in the file but the model expects " + shapeText(target.sizes()) +
                                   " (wrong architecture or class count?)");
    }
    FileDescriptor fd(path);
    if (fd.get() < 0) return Error::badInput("cannot open weights file " + path + ": " + std::strerror(errno));
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    // In file order: one sequential pass over the file.
    std::vector<const StoredTensor*> order;
    for (const auto& [name, tensor] : given) order.push_back(tensor);
    std::sort(order.begin(), order.end(), [](const StoredTensor* a, const StoredTensor* b) {
        return a->fileOffset + static_cast<uint64_t>(a->storageOffset) * c10::elementSize(a->dtype) <
               b->fileOffset + static_cast<uint64_t>(b->storageOffset) * c10::elementSize(b->dtype);
    });
    torch::NoGradGuard noGrad;
    try {
        for (const StoredTensor* tensor : order)
            if (auto status = fill(fd.get(), *tensor, targets[tensor->name], path); !status) return status;
    } catch (const std::exception& e) {
        return Error::badInput(path + ": cannot convert its tensors: " + std::string(e.what()).substr(0, 200));
    }
    return {};
}

}  // namespace hint::model::detail
