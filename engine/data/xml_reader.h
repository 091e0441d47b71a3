// A small XML reader for annotation files (PASCAL VOC, ILSVRC): elements, attributes, text, comments,
// CDATA, processing instructions, a DOCTYPE without entity definitions, the five predefined entities
// and character references. No namespaces, no DTD validation. Errors name the file and line.
#pragma once

#include "common/result.h"

#include <string>
#include <utility>
#include <vector>

namespace hint::data {

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;  // character data directly inside this element, entities decoded, untrimmed
    std::vector<XmlElement> children;
    int line = 0;      // where the start tag begins

    // First child with this name, or nullptr.
    const XmlElement* child(const std::string& childName) const;
    std::vector<const XmlElement*> childrenNamed(const std::string& childName) const;
    // Trimmed text of the first child with this name, or `fallback` when there is none.
    std::string childText(const std::string& childName, const std::string& fallback = "") const;
    std::string trimmedText() const;
};

// Parses a whole document and returns its root element; `name` (usually the path) is used in errors
// as "name:line: what".
Result<XmlElement> parseXml(const std::string& text, const std::string& name);
Result<XmlElement> readXmlFile(const std::string& path);

}  // namespace hint::data
