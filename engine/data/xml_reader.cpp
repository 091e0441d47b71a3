#include "data/xml_reader.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>

namespace hint::data {
namespace {

constexpr int kMaxDepth = 256;  // annotation files nest a few levels; deeper input is hostile

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' || (c & 0x80); }
bool isNameChar(char c) { return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }

std::string trimXmlSpace(const std::string& s)
{
    size_t b = 0, e = s.size();
    while (b < e && isSpace(s[b])) ++b;
    while (e > b && isSpace(s[e - 1])) --e;
    return s.substr(b, e - b);
}

void appendUtf8(std::string& out, unsigned long code)
{
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

class Parser {
public:
    Parser(const std::string& text, const std::string& name) : m_text(text), m_name(name) {}

    Result<XmlElement> document()
    {
        if (m_text.compare(0, 3, "\xEF\xBB\xBF") == 0) m_pos = 3;  // UTF-8 byte order mark
        if (!skipMisc()) return error();
        if (atEnd()) return failed("no root element");
        if (peek() != '<') return failed("text outside the root element");
        XmlElement root;
        if (!element(root, 0)) return error();
        if (!skipMisc()) return error();
        if (!atEnd()) return failed("content after the root element");
        return root;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
    bool startsWith(const char* s) const { return m_text.compare(m_pos, std::strlen(s), s) == 0; }
    void advance(size_t n = 1)
    {
        for (size_t i = 0; i < n && m_pos < m_text.size(); ++i, ++m_pos)
            if (m_text[m_pos] == '\n') ++m_line;
    }
    bool fail(const std::string& what)
    {
        if (m_error.empty()) m_error = m_name + ":" + std::to_string(m_line) + ": malformed XML: " + what;
        return false;
    }
    Error error() const { return Error::badInput(m_error); }
    Error failed(const std::string& what)
    {
        fail(what);
        return error();
    }

    bool skipUntil(const char* terminator, const char* what)
    {
        const size_t found = m_text.find(terminator, m_pos);
        if (found == std::string::npos) return fail(std::string("unterminated ") + what);
        advance(found + std::strlen(terminator) - m_pos);
        return true;
    }

    // Whitespace, comments, processing instructions and a DOCTYPE between the parts of a document.
    bool skipMisc()
    {
        for (;;) {
            while (!atEnd() && isSpace(peek())) advance();
            if (startsWith("<!--")) {
                if (!skipUntil("-->", "comment")) return false;
            } else if (startsWith("<?")) {
                if (!skipUntil("?>", "processing instruction")) return false;
            } else if (startsWith("<!DOCTYPE")) {
                if (!skipDoctype()) return false;
            } else {
                return true;
            }
        }
    }

    bool skipDoctype()
    {
        int brackets = 0;
        while (!atEnd()) {
            const char c = peek();
            advance();
            if (c == '[') ++brackets;
            else if (c == ']') --brackets;
            else if (c == '>' && brackets <= 0) return true;
        }
        return fail("unterminated DOCTYPE");
    }

    bool name(std::string& out)
    {
        if (atEnd() || !isNameStart(peek())) return fail("expected a name");
        const size_t begin = m_pos;
        while (!atEnd() && isNameChar(peek())) advance();
        out = m_text.substr(begin, m_pos - begin);
        return true;
    }

    bool entity(std::string& out)
    {
        // References are short: look a few characters ahead only, so a stray '&' costs O(1).
        const size_t semicolon = m_text.substr(m_pos, 13).find(';');
        if (semicolon == std::string::npos) return fail("bare '&' (write &amp;)");
        const std::string ref = m_text.substr(m_pos + 1, semicolon - 1);
        if (ref == "lt") out += '<';
        else if (ref == "gt") out += '>';
        else if (ref == "amp") out += '&';
        else if (ref == "quot") out += '"';
        else if (ref == "apos") out += '\'';
        else if (ref.size() > 1 && ref[0] == '#') {
            const bool hex = ref[1] == 'x';
            const std::string digits = ref.substr(hex ? 2 : 1);
            if (digits.empty() || digits.size() > 8) return fail("bad character reference &" + ref + ";");
            unsigned long code = 0;
            for (char d : digits) {
                const int v = std::isdigit(static_cast<unsigned char>(d)) ? d - '0'
                              : hex && std::isxdigit(static_cast<unsigned char>(d)) ? (std::tolower(d) - 'a' + 10)
                                                                                       : -1;
                if (v < 0) return fail("bad character reference &" + ref + ";");
                code = code * (hex ? 16 : 10) + static_cast<unsigned long>(v);
            }
            if (code == 0 || code > 0x10FFFF) return fail("bad character reference &" + ref + ";");
            appendUtf8(out, code);
        } else {
            return fail("unknown entity &" + ref + ";");
        }
        advance(semicolon + 1);
        return true;
    }

    bool attributes(XmlElement& element)
    {
        for (;;) {
            const size_t before = m_pos;
            while (!atEnd() && isSpace(peek())) advance();
            if (atEnd()) return fail("unterminated start tag <" + element.name + ">");
            if (peek() == '>' || peek() == '/') return true;
            if (m_pos == before) return fail("expected a space before an attribute in <" + element.name + ">");
            std::string key, value;
            if (!name(key)) return false;
            while (!atEnd() && isSpace(peek())) advance();
            if (peek() != '=') return fail("attribute '" + key + "' has no value");
            advance();
            while (!atEnd() && isSpace(peek())) advance();
            const char quote = peek();
            if (quote != '"' && quote != '\'') return fail("attribute '" + key + "' value is not quoted");
            advance();
            while (!atEnd() && peek() != quote) {
                if (peek() == '<') return fail("'<' in attribute '" + key + "'");
                if (peek() == '&') {
                    if (!entity(value)) return false;
                } else {
                    value += peek();
                    advance();
                }
            }
            if (atEnd()) return fail("unterminated attribute '" + key + "'");
            advance();
            element.attributes.emplace_back(std::move(key), std::move(value));
        }
    }

    bool element(XmlElement& node, int depth)
    {
        if (depth > kMaxDepth) return fail("elements nested too deeply");
        node.line = m_line;
        advance();  // '<'
        if (!name(node.name)) return false;
        if (!attributes(node)) return false;
        if (peek() == '/') {
            advance();
            if (peek() != '>') return fail("expected '>' after '/' in <" + node.name + ">");
            advance();
            return true;
        }
        advance();  // '>'
        for (;;) {
            if (atEnd()) return fail("element <" + node.name + "> (line " + std::to_string(node.line) + ") is not closed");
            const char c = peek();
            if (c == '&') {
                if (!entity(node.text)) return false;
            } else if (c != '<') {
                node.text += c;
                advance();
            } else if (startsWith("</")) {
                advance(2);
                std::string closing;
                if (!name(closing)) return false;
                while (!atEnd() && isSpace(peek())) advance();
                if (peek() != '>') return fail("expected '>' in </" + closing + ">");
                if (closing != node.name)
                    return fail("</" + closing + "> closes <" + node.name + "> (line " + std::to_string(node.line) + ")");
                advance();
                return true;
            } else if (startsWith("<!--")) {
                if (!skipUntil("-->", "comment")) return false;
            } else if (startsWith("<![CDATA[")) {
                advance(9);
                const size_t end = m_text.find("]]>", m_pos);
                if (end == std::string::npos) return fail("unterminated CDATA section");
                node.text += m_text.substr(m_pos, end - m_pos);
                advance(end + 3 - m_pos);
            } else if (startsWith("<?")) {
                if (!skipUntil("?>", "processing instruction")) return false;
            } else {
                node.children.emplace_back();
                if (!element(node.children.back(), depth + 1)) return false;
            }
        }
    }

    const std::string& m_text;
    const std::string& m_name;
    size_t m_pos = 0;
    int m_line = 1;
    std::string m_error;
};

}  // namespace

const XmlElement* XmlElement::child(const std::string& childName) const
{
    for (const auto& c : children)
        if (c.name == childName) return &c;
    return nullptr;
}

std::vector<const XmlElement*> XmlElement::childrenNamed(const std::string& childName) const
{
    std::vector<const XmlElement*> result;
    for (const auto& c : children)
        if (c.name == childName) result.push_back(&c);
    return result;
}

std::string XmlElement::childText(const std::string& childName, const std::string& fallback) const
{
    const XmlElement* c = child(childName);
    return c ? c->trimmedText() : fallback;
}

std::string XmlElement::trimmedText() const { return trimXmlSpace(text); }

Result<XmlElement> parseXml(const std::string& text, const std::string& name) { return Parser(text, name).document(); }

Result<XmlElement> readXmlFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::badInput("cannot open " + path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseXml(text, path);
}

}  // namespace hint::data
