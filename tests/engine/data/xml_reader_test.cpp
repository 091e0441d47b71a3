#include "data/xml_reader.h"

#include <gtest/gtest.h>

using hint::data::parseXml;

TEST(XmlReader, ElementsAttributesEntitiesCdataAndComments)
{
    const std::string text =
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<!DOCTYPE annotation [ <!ELEMENT annotation ANY> ]>\n"
        "<!-- a comment before the root -->\n"
        "<annotation verified='yes' note=\"a &amp; b\">\n"
        "  <filename>dog &lt;1&gt; &#65;&#x42;</filename>\n"
        "  <!-- inside -->\n"
        "  <empty/>\n"
        "  <empty kind = \"second\" />\n"
        "  <raw><![CDATA[<not> & parsed]]></raw>\n"
        "  <?pi ignored?>\n"
        "</annotation>\n"
        "<!-- trailing -->\n";
    auto root = parseXml(text, "a.xml");
    ASSERT_TRUE(root.ok()) << root.error().message;
    EXPECT_EQ(root->name, "annotation");
    EXPECT_EQ(root->line, 4);
    ASSERT_EQ(root->attributes.size(), 2u);
    EXPECT_EQ(root->attributes[0], (std::pair<std::string, std::string>{"verified", "yes"}));
    EXPECT_EQ(root->attributes[1].second, "a & b");
    EXPECT_EQ(root->childText("filename"), "dog <1> AB");
    EXPECT_EQ(root->child("filename")->line, 5);
    EXPECT_EQ(root->childrenNamed("empty").size(), 2u);
    EXPECT_EQ(root->childrenNamed("empty")[1]->attributes[0].second, "second");
    EXPECT_EQ(root->childText("raw"), "<not> & parsed");
    EXPECT_EQ(root->childText("missing", "fallback"), "fallback");
    EXPECT_EQ(root->child("missing"), nullptr);
}

TEST(XmlReader, ErrorsNameFileAndLine)
{
    struct Case {
        std::string text;
        int line;
        std::string words;
    };
    const std::vector<Case> cases = {
        {"<a>\n<b>\n</c>\n</a>", 3, "closes <b>"},
        {"<a>\n<b>text\n", 3, "not closed"},
        {"<a>\n&bogus;</a>", 2, "unknown entity"},
        {"<a>\n\n x & y</a>", 3, "bare '&'"},
        {"<a x=1></a>", 1, "not quoted"},
        {"<a>\n</a>\n<b/>", 3, "content after the root"},
        {"", 1, "no root element"},
        {"just text", 1, "text outside"},
        {"<a><!-- never closed", 1, "unterminated comment"},
        {"<a>\n<![CDATA[ open", 2, "CDATA"},
        {"<a>&#0;</a>", 1, "character reference"},
    };
    for (const auto& c : cases) {
        auto result = parseXml(c.text, "f.xml");
        ASSERT_FALSE(result.ok()) << c.text;
        EXPECT_EQ(result.error().kind, hint::ErrorKind::BadInput);
        const std::string expected = "f.xml:" + std::to_string(c.line) + ":";
        EXPECT_NE(result.error().message.find(expected), std::string::npos) << result.error().message;
        EXPECT_NE(result.error().message.find(c.words), std::string::npos) << result.error().message;
    }
}

TEST(XmlReader, DeepNestingIsRefusedNotACrash)
{
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    auto result = parseXml(deep, "deep.xml");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("nested too deeply"), std::string::npos);

    std::string fine;
    for (int i = 0; i < 100; ++i) fine += "<a>";
    for (int i = 0; i < 100; ++i) fine += "</a>";
    EXPECT_TRUE(parseXml(fine, "ok.xml").ok());
}
