#include "model/detail/safetensors_header.h"

#include <nlohmann/json.hpp>

namespace hint::model::detail {

size_t safetensorsDtypeBytes(const std::string& dtype)
{
    if (dtype == "F32" || dtype == "I32") return 4;
    if (dtype == "F16" || dtype == "BF16") return 2;
    if (dtype == "F64" || dtype == "I64") return 8;
    return 0;
}

Result<SafetensorsLayout> parseSafetensorsHeader(const char* data, size_t size, const std::string& path)
{
    return parseSafetensorsHeader(data, size, size, path);
}

Result<SafetensorsLayout> parseSafetensorsHeader(const char* data, size_t available, uint64_t size,
                                                 const std::string& path)
{
    if (size < 8 || available < 8) return Error::badInput(path + ": truncated safetensors file (no header)");
    uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i) headerSize = (headerSize << 8) | static_cast<uint8_t>(data[i]);
    if (headerSize > size - 8 || headerSize > (100u << 20))
        return Error::badInput(path + ": safetensors header length " + std::to_string(headerSize) +
                               " exceeds the file (truncated or corrupt)");
    if (headerSize > available - 8) return Error::badInput(path + ": safetensors header not read whole");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(data + 8, data + 8 + headerSize);
    } catch (const std::exception& e) {
        return Error::badInput(path + ": corrupt safetensors header: " + std::string(e.what()));
    }
    if (!header.is_object()) return Error::badInput(path + ": safetensors header is not a JSON object");
    SafetensorsLayout layout;
    layout.bodyOffset = static_cast<size_t>(8 + headerSize);
    const uint64_t bodySize = size - 8 - headerSize;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") continue;
        const auto& entry = it.value();
        const std::string where = path + ": tensor '" + it.key() + "'";
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
            return Error::badInput(where + " lacks dtype, shape or data_offsets");
        const auto& dtype = entry["dtype"];
        const auto& shape = entry["shape"];
        const auto& offsets = entry["data_offsets"];
        if (!dtype.is_string() || safetensorsDtypeBytes(dtype.get<std::string>()) == 0)
            return Error::badInput(where + " has an unsupported dtype");
        if (!shape.is_array() || !offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            return Error::badInput(where + " has a malformed shape or data_offsets");
        SafetensorsEntry out;
        out.name = it.key();
        out.dtype = dtype.get<std::string>();
        uint64_t count = 1;
        for (const auto& dim : shape) {
            if (!dim.is_number_unsigned()) return Error::badInput(where + " has a negative or non-integer dimension");
            const uint64_t d = dim.get<uint64_t>();
            if (d > (1ull << 40) || (d && count > (1ull << 40) / d)) return Error::badInput(where + " is too large");
            count *= d;
            out.shape.push_back(static_cast<int64_t>(d));
        }
        out.begin = offsets[0].get<uint64_t>();
        out.end = offsets[1].get<uint64_t>();
        if (out.begin > out.end || out.end > bodySize)
            return Error::badInput(where + ": data_offsets outside the file (truncated?)");
        if (out.end - out.begin != count * safetensorsDtypeBytes(out.dtype))
            return Error::badInput(where + ": data size does not match its shape and dtype");
        layout.entries.push_back(std::move(out));
    }
    return layout;
}

}  // namespace hint::model::detail
