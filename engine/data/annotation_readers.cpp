#include "data/annotation_readers.h"

#include "data/xml_reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

namespace hint::data {
namespace {

std::string trim(const std::string& s)
{
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string join(const std::vector<std::string>& items)
{
    std::string list;
    for (const auto& item : items) list += (list.empty() ? "" : ",") + item;
    return list;
}

std::string where(const std::string& name, int line) { return name + ":" + std::to_string(line) + ": "; }

// Splits text into lines (LF or CRLF), numbering from 1.
std::vector<std::pair<int, std::string>> splitLines(const std::string& text)
{
    std::vector<std::pair<int, std::string>> lines;
    size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    int number = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.emplace_back(++number, std::move(line));
        pos = eol + 1;
    }
    return lines;
}

// One CSV record: comma-separated, fields may be double-quoted ("" for a quote). Records do not
// span lines (no annotation file needs that).
bool splitCsv(const std::string& line, std::vector<std::string>& fields, std::string& problem)
{
    fields.clear();
    std::string field;
    size_t i = 0;
    for (;;) {
        field.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            for (;;) {
                if (i >= line.size()) {
                    problem = "unterminated quoted field";
                    return false;
                }
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (i < line.size() && line[i] != ',') {
                problem = "text after a quoted field";
                return false;
            }
        } else {
            while (i < line.size() && line[i] != ',') field += line[i++];
            field = trim(field);
        }
        fields.push_back(field);
        if (i >= line.size()) return true;
        ++i;  // ','
    }
}

// A CSV with a header: maps column names (lower case) to positions and checks every row's width.
struct CsvTable {
    std::map<std::string, size_t> columns;
    std::vector<std::pair<int, std::vector<std::string>>> rows;  // line number, fields
};

Result<CsvTable> parseCsvTable(const std::string& text, const std::string& name,
                               const std::vector<std::string>& required)
{
    CsvTable table;
    size_t width = 0;
    bool haveHeader = false;
    std::vector<std::string> fields;
    std::string problem;
    for (const auto& [number, line] : splitLines(text)) {
        if (trim(line).empty()) continue;
        if (!splitCsv(line, fields, problem)) return Error::badInput(where(name, number) + problem);
        if (!haveHeader) {
            haveHeader = true;
            width = fields.size();
            for (size_t i = 0; i < fields.size(); ++i) table.columns.emplace(lower(trim(fields[i])), i);
            for (const auto& column : required)
                if (!table.columns.count(column))
                    return Error::badInput(where(name, number) + "the header lacks the column '" + column +
                                           "' (expected a header with " + join(required) + ")");
            continue;
        }
        if (fields.size() != width)
            return Error::badInput(where(name, number) + "expected " + std::to_string(width) + " fields, found " +
                                   std::to_string(fields.size()));
        table.rows.emplace_back(number, fields);
    }
    if (!haveHeader) return Error::badInput(name + ": empty file (expected a CSV header)");
    return table;
}

Result<double> numberField(const std::vector<std::string>& fields, const CsvTable& table, const std::string& column,
                           const std::string& name, int line)
{
    double value = 0;
    const std::string& text = fields[table.columns.at(column)];
    if (!parseDouble(text, value))
        return Error::badInput(where(name, line) + "column '" + column + "' is not a number: '" + text.substr(0, 40) + "'");
    return value;
}

Result<int> intField(const std::vector<std::string>& fields, const CsvTable& table, const std::string& column,
                     const std::string& name, int line)
{
    int64_t value = 0;
    const std::string& text = fields[table.columns.at(column)];
    if (!parseInt(text, value) || value < -1 || value > 1000000000)
        return Error::badInput(where(name, line) + "column '" + column + "' is not an integer: '" + text.substr(0, 40) + "'");
    return static_cast<int>(value);
}

Result<double> xmlNumber(const XmlElement& parent, const std::string& child, const std::string& name)
{
    const XmlElement* element = parent.child(child);
    if (!element) return Error::badInput(where(name, parent.line) + "<" + parent.name + "> lacks <" + child + ">");
    double value = 0;
    if (!parseDouble(element->trimmedText(), value))
        return Error::badInput(where(name, element->line) + "<" + child + "> is not a number: '" +
                               element->trimmedText().substr(0, 40) + "'");
    return value;
}

}  // namespace

bool parseDouble(const std::string& text, double& value)
{
    const std::string t = trim(text);
    if (t.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v)) return false;
    value = v;
    return true;
}

bool parseInt(const std::string& text, int64_t& value)
{
    const std::string t = trim(text);
    if (t.empty() || t.size() > 18) return false;
    size_t i = t[0] == '-' || t[0] == '+' ? 1 : 0;
    if (i == t.size()) return false;
    int64_t v = 0;
    for (; i < t.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
        v = v * 10 + (t[i] - '0');
    }
    value = t[0] == '-' ? -v : v;
    return true;
}

Result<std::string> readTextFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result<XmlAnnotation> parseVocXml(const std::string& text, const std::string& name)
{
    auto document = parseXml(text, name);
    if (!document) return document.error();
    const XmlElement& root = document.value();
    if (root.name != "annotation")
        return Error::badInput(where(name, root.line) + "root element is <" + root.name + ">, expected <annotation>");
    XmlAnnotation annotation;
    annotation.filename = root.childText("filename");
    annotation.segmented = root.childText("segmented", "0") == "1";
    if (const XmlElement* size = root.child("size")) {
        auto width = xmlNumber(*size, "width", name);
        if (!width) return width.error();
        auto height = xmlNumber(*size, "height", name);
        if (!height) return height.error();
        if (width.value() < 0 || height.value() < 0 || width.value() > 1e6 || height.value() > 1e6)
            return Error::badInput(where(name, size->line) + "image size out of range");
        annotation.width = static_cast<int>(width.value());
        annotation.height = static_cast<int>(height.value());
    }
    for (const XmlElement* object : root.childrenNamed("object")) {
        Box box;
        box.label = object->childText("name");
        box.difficult = object->childText("difficult", "0") == "1";
        const XmlElement* bndbox = object->child("bndbox");
        if (!bndbox) return Error::badInput(where(name, object->line) + "<object> lacks <bndbox>");
        double* targets[] = {&box.x0, &box.y0, &box.x1, &box.y1};
        const char* names[] = {"xmin", "ymin", "xmax", "ymax"};
        for (int i = 0; i < 4; ++i) {
            auto value = xmlNumber(*bndbox, names[i], name);
            if (!value) return value.error();
            *targets[i] = value.value();
        }
        if (box.x1 < box.x0 || box.y1 < box.y0)
            return Error::badInput(where(name, bndbox->line) + "box with xmax < xmin or ymax < ymin");
        annotation.boxes.push_back(std::move(box));
    }
    return annotation;
}

Result<XmlAnnotation> readVocXml(const std::string& path)
{
    auto text = readTextFile(path);
    if (!text) return text.error();
    return parseVocXml(text.value(), path);
}

Result<std::vector<BoxRow>> parseBoxesCsv(const std::string& text, const std::string& name)
{
    auto table = parseCsvTable(text, name, {"file", "x0", "y0", "x1", "y1"});
    if (!table) return table.error();
    const CsvTable& t = table.value();
    std::vector<BoxRow> rows;
    rows.reserve(t.rows.size());
    for (const auto& [line, fields] : t.rows) {
        BoxRow row;
        row.line = line;
        row.file = fields[t.columns.at("file")];
        if (row.file.empty()) return Error::badInput(where(name, line) + "empty file name");
        double* targets[] = {&row.box.x0, &row.box.y0, &row.box.x1, &row.box.y1};
        const char* names[] = {"x0", "y0", "x1", "y1"};
        for (int i = 0; i < 4; ++i) {
            auto value = numberField(fields, t, names[i], name, line);
            if (!value) return value.error();
            *targets[i] = value.value();
        }
        if (row.box.x1 < row.box.x0 || row.box.y1 < row.box.y0)
            return Error::badInput(where(name, line) + "box with x1 < x0 or y1 < y0");
        int* ints[] = {&row.box.classIndex, &row.origWidth, &row.origHeight};
        const char* intNames[] = {"class_index", "orig_w", "orig_h"};
        for (int i = 0; i < 3; ++i) {
            if (!t.columns.count(intNames[i])) continue;
            auto value = intField(fields, t, intNames[i], name, line);
            if (!value) return value.error();
            *ints[i] = value.value();
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<BoxRow>> readBoxesCsv(const std::string& path)
{
    auto text = readTextFile(path);
    if (!text) return text.error();
    return parseBoxesCsv(text.value(), path);
}

Result<std::vector<LabelRow>> parseLabelsCsv(const std::string& text, const std::string& name)
{
    auto table = parseCsvTable(text, name, {"file", "class_index"});
    if (!table) return table.error();
    const CsvTable& t = table.value();
    std::vector<LabelRow> rows;
    for (const auto& [line, fields] : t.rows) {
        LabelRow row;
        row.line = line;
        row.file = fields[t.columns.at("file")];
        if (row.file.empty()) return Error::badInput(where(name, line) + "empty file name");
        auto index = intField(fields, t, "class_index", name, line);
        if (!index) return index.error();
        row.classIndex = index.value();
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<LabelRow>> readLabelsCsv(const std::string& path)
{
    auto text = readTextFile(path);
    if (!text) return text.error();
    return parseLabelsCsv(text.value(), path);
}

Result<std::vector<CubRow>> parseCubTable(const std::string& text, const std::string& name, size_t fieldCount)
{
    std::vector<CubRow> rows;
    for (const auto& [number, line] : splitLines(text)) {
        if (trim(line).empty()) continue;
        std::vector<std::string> tokens;
        size_t pos = 0;
        while (pos < line.size()) {
            while (pos < line.size() && std::isspace(static_cast<unsigned char>(line[pos]))) ++pos;
            const size_t begin = pos;
            while (pos < line.size() && !std::isspace(static_cast<unsigned char>(line[pos]))) ++pos;
            if (pos > begin) tokens.push_back(line.substr(begin, pos - begin));
        }
        if (tokens.size() != fieldCount + 1)
            return Error::badInput(where(name, number) + "expected an id and " + std::to_string(fieldCount) +
                                   " field(s), found " + std::to_string(tokens.size()) + " token(s)");
        CubRow row;
        row.line = number;
        if (!parseInt(tokens[0], row.id) || row.id < 0)
            return Error::badInput(where(name, number) + "the id '" + tokens[0].substr(0, 40) + "' is not a number");
        row.fields.assign(tokens.begin() + 1, tokens.end());
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<CubRow>> readCubTable(const std::string& path, size_t fieldCount)
{
    auto text = readTextFile(path);
    if (!text) return text.error();
    return parseCubTable(text.value(), path, fieldCount);
}

}  // namespace hint::data
