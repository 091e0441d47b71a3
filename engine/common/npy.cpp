#include "common/npy.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hint {
namespace {

// Header length is fixed for streamed files so the final shape can be rewritten in place.
constexpr size_t kStreamHeaderBytes = 128;

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::ostringstream out;
    out << "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        out << shape[i];
        if (shape.size() == 1 || i + 1 < shape.size()) out << ",";
        if (i + 1 < shape.size()) out << " ";
    }
    out << ")";
    return out.str();
}

std::string makeHeader(const std::string& dtype, const std::vector<int64_t>& shape, size_t padTo = 0)
{
    std::string dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    size_t total = 10 + dict.size() + 1;
    size_t target = padTo ? padTo : ((total + 63) / 64) * 64;
    if (target < total) target = ((total + 63) / 64) * 64;
    dict.append(target - total, ' ');
    dict.push_back('\n');
    std::string header = "\x93NUMPY";
    header.push_back(1);
    header.push_back(0);
    uint16_t len = static_cast<uint16_t>(dict.size());
    header.push_back(static_cast<char>(len & 0xff));
    header.push_back(static_cast<char>(len >> 8));
    return header + dict;
}

Status writeRaw(const std::string& path, const std::string& header, const void* data, size_t bytes)
{
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return Error::runtime("cannot write " + tmp + ": " + std::strerror(errno));
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
        if (!out) return Error::runtime("cannot write " + tmp + ": disk full?");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return Error::runtime("cannot rename " + tmp + ": " + ec.message());
    return {};
}

// Parses the value that follows `key` in the header dict, e.g. 'descr': '<f4'.
std::string dictValue(const std::string& dict, const std::string& key)
{
    auto pos = dict.find("'" + key + "'");
    if (pos == std::string::npos) return {};
    pos = dict.find(':', pos);
    if (pos == std::string::npos) return {};
    ++pos;
    while (pos < dict.size() && dict[pos] == ' ') ++pos;
    if (pos >= dict.size()) return {};
    if (dict[pos] == '\'') {
        auto end = dict.find('\'', pos + 1);
        return end == std::string::npos ? std::string{} : dict.substr(pos + 1, end - pos - 1);
    }
    if (dict[pos] == '(') {
        auto end = dict.find(')', pos);
        return end == std::string::npos ? std::string{} : dict.substr(pos, end - pos + 1);
    }
    auto end = dict.find_first_of(",}", pos);
    return dict.substr(pos, end - pos);
}

}  // namespace

Status writeNpy(const std::string& path, const FloatTensor& tensor)
{
    return writeRaw(path, makeHeader("<f4", tensor.shape), tensor.data.data(), tensor.data.size() * sizeof(float));
}

Status writeNpy(const std::string& path, const std::vector<int64_t>& values)
{
    return writeNpyInt64(path, {static_cast<int64_t>(values.size())}, values);
}

Status writeNpyInt64(const std::string& path, const std::vector<int64_t>& shape, const std::vector<int64_t>& values)
{
    return writeRaw(path, makeHeader("<i8", shape), values.data(), values.size() * sizeof(int64_t));
}

Result<NpyArrayInfo> readNpyHeader(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open " + path);
    char magic[10] = {};
    in.read(magic, 10);
    if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) return Error::badInput(path + ": not a .npy file");
    size_t headerLen = 0;
    size_t prefix = 10;
    if (magic[6] == 1) {
        headerLen = static_cast<uint8_t>(magic[8]) | (static_cast<uint8_t>(magic[9]) << 8);
    } else if (magic[6] == 2 || magic[6] == 3) {
        char extra[2];
        in.read(extra, 2);
        headerLen = static_cast<uint8_t>(magic[8]) | (static_cast<uint8_t>(magic[9]) << 8) |
                    (static_cast<uint8_t>(extra[0]) << 16) | (static_cast<uint32_t>(static_cast<uint8_t>(extra[1])) << 24);
        prefix = 12;
    } else {
        return Error::badInput(path + ": unsupported .npy version");
    }
    if (headerLen > (1u << 20)) return Error::badInput(path + ": .npy header too large");
    std::string dict(headerLen, '\0');
    in.read(dict.data(), static_cast<std::streamsize>(headerLen));
    if (!in) return Error::badInput(path + ": truncated .npy header");
    NpyArrayInfo info;
    info.dtype = dictValue(dict, "descr");
    if (dictValue(dict, "fortran_order") != "False") return Error::badInput(path + ": Fortran-order arrays are not supported");
    std::string shape = dictValue(dict, "shape");
    if (shape.size() < 2) return Error::badInput(path + ": .npy header has no shape");
    std::string inner = shape.substr(1, shape.size() - 2);
    std::stringstream ss(inner);
    std::string part;
    while (std::getline(ss, part, ',')) {
        if (part.find_first_not_of(' ') == std::string::npos) continue;
        try {
            info.shape.push_back(std::stoll(part));
        } catch (...) {
            return Error::badInput(path + ": bad shape in .npy header");
        }
    }
    info.dataOffset = static_cast<int64_t>(prefix + headerLen);
    return info;
}

namespace {
template <class T>
Result<std::vector<T>> readBody(const std::string& path, const NpyArrayInfo& info, int64_t firstElement, int64_t count)
{
    std::ifstream in(path, std::ios::binary);
    in.seekg(info.dataOffset + firstElement * static_cast<int64_t>(sizeof(T)));
    std::vector<T> values(static_cast<size_t>(count));
    in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(count * sizeof(T)));
    if (!in) return Error::badInput(path + ": truncated .npy data");
    return values;
}
}  // namespace

Result<FloatTensor> readNpyFloat(const std::string& path)
{
    auto info = readNpyHeader(path);
    if (!info) return info.error();
    if (info->dtype != "<f4") return Error::badInput(path + ": expected float32, found " + info->dtype);
    auto body = readBody<float>(path, *info, 0, FloatTensor::elementCount(info->shape));
    if (!body) return body.error();
    FloatTensor t;
    t.shape = info->shape;
    t.data = std::move(body.value());
    return t;
}

Result<FloatTensor> readNpyFloatRows(const std::string& path, int64_t first, int64_t count)
{
    auto info = readNpyHeader(path);
    if (!info) return info.error();
    if (info->dtype != "<f4") return Error::badInput(path + ": expected float32, found " + info->dtype);
    if (info->shape.empty() || first < 0 || first + count > info->shape[0])
        return Error::badInput(path + ": rows out of range");
    std::vector<int64_t> rowShape(info->shape.begin() + 1, info->shape.end());
    int64_t rowSize = FloatTensor::elementCount(rowShape);
    auto body = readBody<float>(path, *info, first * rowSize, count * rowSize);
    if (!body) return body.error();
    FloatTensor t;
    t.shape = info->shape;
    t.shape[0] = count;
    t.data = std::move(body.value());
    return t;
}

Result<std::vector<int64_t>> readNpyInt64(const std::string& path, std::vector<int64_t>* shape)
{
    auto info = readNpyHeader(path);
    if (!info) return info.error();
    if (info->dtype != "<i8") return Error::badInput(path + ": expected int64, found " + info->dtype);
    if (shape) *shape = info->shape;
    return readBody<int64_t>(path, *info, 0, FloatTensor::elementCount(info->shape));
}

NpyStreamWriter::~NpyStreamWriter() { abandon(); }

Status NpyStreamWriter::open(const std::string& path, std::vector<int64_t> rowShape, std::string dtype)
{
    abandon();
    m_path = path;
    m_rowShape = std::move(rowShape);
    m_dtype = std::move(dtype);
    m_rows = 0;
    m_file = std::fopen((path + ".part").c_str(), "wb");
    if (!m_file) return Error::runtime("cannot write " + path + ".part: " + std::strerror(errno));
    std::vector<int64_t> shape{0};
    shape.insert(shape.end(), m_rowShape.begin(), m_rowShape.end());
    std::string header = makeHeader(m_dtype, shape, kStreamHeaderBytes);
    if (std::fwrite(header.data(), 1, header.size(), m_file) != header.size())
        return Error::runtime("cannot write " + path + ".part");
    return {};
}

Status NpyStreamWriter::appendBytes(const void* data, size_t bytes, int64_t rows)
{
    if (!m_file) return Error::runtime("npy writer is not open");
    if (bytes && std::fwrite(data, 1, bytes, m_file) != bytes)
        return Error::runtime("cannot write " + m_path + ".part: disk full?");
    m_rows += rows;
    return {};
}

Status NpyStreamWriter::appendRows(const float* data, int64_t rows)
{
    return appendBytes(data, static_cast<size_t>(rows * FloatTensor::elementCount(m_rowShape)) * sizeof(float), rows);
}

Status NpyStreamWriter::appendRows(const int64_t* data, int64_t rows)
{
    return appendBytes(data, static_cast<size_t>(rows * FloatTensor::elementCount(m_rowShape)) * sizeof(int64_t), rows);
}

Status NpyStreamWriter::close()
{
    if (!m_file) return Error::runtime("npy writer is not open");
    std::vector<int64_t> shape{m_rows};
    shape.insert(shape.end(), m_rowShape.begin(), m_rowShape.end());
    std::string header = makeHeader(m_dtype, shape, kStreamHeaderBytes);
    bool ok = std::fseek(m_file, 0, SEEK_SET) == 0 && std::fwrite(header.data(), 1, header.size(), m_file) == header.size();
    ok = (std::fclose(m_file) == 0) && ok;
    m_file = nullptr;
    if (!ok) return Error::runtime("cannot finish " + m_path);
    std::error_code ec;
    std::filesystem::rename(m_path + ".part", m_path, ec);
    if (ec) return Error::runtime("cannot rename " + m_path + ".part: " + ec.message());
    return {};
}

void NpyStreamWriter::abandon()
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
        std::error_code ec;
        std::filesystem::remove(m_path + ".part", ec);
    }
}

}  // namespace hint
