#include "data/annotation_readers.h"

#include <gtest/gtest.h>

using namespace hint::data;

namespace {

bool errorMentions(const hint::Error& error, const std::string& text)
{
    return error.message.find(text) != std::string::npos;
}

}  // namespace

TEST(AnnotationReaders, VocXmlObjectsSizeAndDifficult)
{
    const std::string xml =
        "<annotation>\n"
        "  <folder>VOC2007</folder>\n"
        "  <filename>000005.jpg</filename>\n"
        "  <size><width>500</width><height>375</height><depth>3</depth></size>\n"
        "  <segmented>1</segmented>\n"
        "  <object><name>chair</name><difficult>0</difficult>\n"
        "    <bndbox><xmin>263</xmin><ymin>211</ymin><xmax>324</xmax><ymax>339</ymax></bndbox></object>\n"
        "  <object><name>dog</name><difficult>1</difficult>\n"
        "    <bndbox><xmin>5.5</xmin><ymin> 6 </ymin><xmax>70</xmax><ymax>80</ymax></bndbox></object>\n"
        "</annotation>\n";
    auto a = parseVocXml(xml, "000005.xml");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->filename, "000005.jpg");
    EXPECT_EQ(a->width, 500);
    EXPECT_EQ(a->height, 375);
    EXPECT_TRUE(a->segmented);
    ASSERT_EQ(a->boxes.size(), 2u);
    EXPECT_EQ(a->boxes[0].label, "chair");
    EXPECT_FALSE(a->boxes[0].difficult);
    EXPECT_DOUBLE_EQ(a->boxes[0].x0, 263);
    EXPECT_DOUBLE_EQ(a->boxes[0].y1, 339);
    EXPECT_TRUE(a->boxes[1].difficult);
    EXPECT_DOUBLE_EQ(a->boxes[1].x0, 5.5);
    EXPECT_DOUBLE_EQ(a->boxes[1].y0, 6);
}

TEST(AnnotationReaders, MalformedVocXmlNamesFileAndLine)
{
    auto noBox = parseVocXml("<annotation>\n<object>\n<name>dog</name>\n</object>\n</annotation>", "x.xml");
    ASSERT_FALSE(noBox.ok());
    EXPECT_TRUE(errorMentions(noBox.error(), "x.xml:2:")) << noBox.error().message;
    EXPECT_TRUE(errorMentions(noBox.error(), "bndbox"));

    auto notNumber = parseVocXml("<annotation><object><bndbox>\n<xmin>1</xmin>\n<ymin>two</ymin>"
                                 "<xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>",
                                 "y.xml");
    ASSERT_FALSE(notNumber.ok());
    EXPECT_TRUE(errorMentions(notNumber.error(), "y.xml:3:")) << notNumber.error().message;
    EXPECT_TRUE(errorMentions(notNumber.error(), "ymin"));

    auto inverted = parseVocXml("<annotation><object><bndbox><xmin>9</xmin><ymin>1</ymin><xmax>3</xmax>"
                                "<ymax>4</ymax></bndbox></object></annotation>",
                                "z.xml");
    EXPECT_FALSE(inverted.ok());
    auto wrongRoot = parseVocXml("<html/>", "w.xml");
    ASSERT_FALSE(wrongRoot.ok());
    EXPECT_TRUE(errorMentions(wrongRoot.error(), "w.xml:1:"));
    auto broken = parseVocXml("<annotation>\n<object>\n</annotation>", "b.xml");
    ASSERT_FALSE(broken.ok());
    EXPECT_TRUE(errorMentions(broken.error(), "b.xml:3:")) << broken.error().message;
}

TEST(AnnotationReaders, BoxesCsvReadsColumnsByHeaderName)
{
    // The shared assets' column order, with CRLF line ends and a blank line.
    const std::string assets =
        "file,class_index,orig_w,orig_h,x0,y0,x1,y1\r\n"
        "ILSVRC2012_val_00000001.JPEG,65,500,375,111,108,441,286\r\n"
        "\r\n"
        "ILSVRC2012_val_00000001.JPEG,65,500,375,1,2,3,4\r\n";
    auto rows = parseBoxesCsv(assets, "boxes.csv");
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    const BoxRow& r = rows.value()[0];
    EXPECT_EQ(r.file, "ILSVRC2012_val_00000001.JPEG");
    EXPECT_EQ(r.box.classIndex, 65);
    EXPECT_EQ(r.origWidth, 500);
    EXPECT_EQ(r.origHeight, 375);
    EXPECT_DOUBLE_EQ(r.box.x0, 111);
    EXPECT_DOUBLE_EQ(r.box.y0, 108);
    EXPECT_DOUBLE_EQ(r.box.x1, 441);
    EXPECT_DOUBLE_EQ(r.box.y1, 286);
    EXPECT_EQ(rows.value()[1].line, 4);

    // The minimal header, a quoted file name with a comma, an extra column.
    auto minimal = parseBoxesCsv("x0,y0,x1,y1,file,note\n1.5,2,3,4,\"a,b.jpg\",hello\n", "m.csv");
    ASSERT_TRUE(minimal.ok()) << minimal.error().message;
    EXPECT_EQ(minimal->front().file, "a,b.jpg");
    EXPECT_EQ(minimal->front().box.classIndex, -1);
    EXPECT_DOUBLE_EQ(minimal->front().box.x0, 1.5);
}

TEST(AnnotationReaders, MalformedCsvNamesFileAndLine)
{
    const std::string header = "file,x0,y0,x1,y1\n";
    struct Case {
        std::string text;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {header + "a.jpg,1,2,3,4\nb.jpg,1,two,3,4\n", "c.csv:3:"},
        {header + "a.jpg,1,2,3\n", "c.csv:2:"},
        {header + "a.jpg,1,2,3,4,5\n", "c.csv:2:"},
        {header + "\"a.jpg,1,2,3,4\n", "c.csv:2:"},
        {header + "a.jpg,5,2,3,4\n", "c.csv:2:"},
        {header + "a.jpg,1,2,3,inf\n", "c.csv:2:"},
        {"file,x0,y0,x1\na.jpg,1,2,3\n", "c.csv:1:"},
        {"", "c.csv: empty"},
    };
    for (const auto& c : cases) {
        auto rows = parseBoxesCsv(c.text, "c.csv");
        ASSERT_FALSE(rows.ok()) << c.text;
        EXPECT_EQ(rows.error().kind, hint::ErrorKind::BadInput);
        EXPECT_TRUE(errorMentions(rows.error(), c.expected)) << rows.error().message;
    }
    auto labels = parseLabelsCsv("file,class_index\na.jpg,3\nb.jpg,x\n", "l.csv");
    ASSERT_FALSE(labels.ok());
    EXPECT_TRUE(errorMentions(labels.error(), "l.csv:3:"));
    auto good = parseLabelsCsv("class_index,file\n7,a.jpg\n", "l.csv");
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(good->front().classIndex, 7);
    EXPECT_EQ(good->front().file, "a.jpg");
}

TEST(AnnotationReaders, CubTables)
{
    auto rows = parseCubTable("1 60.0 27.0 325.0 304.0\n2  139 30 153 264\r\n\n", "bounding_boxes.txt", 4);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(rows.value()[1].id, 2);
    EXPECT_EQ(rows.value()[1].fields, (std::vector<std::string>{"139", "30", "153", "264"}));
    EXPECT_EQ(rows.value()[1].line, 2);

    auto short_ = parseCubTable("1 60 27 325 304\n2 139 30 153\n", "bounding_boxes.txt", 4);
    ASSERT_FALSE(short_.ok());
    EXPECT_TRUE(errorMentions(short_.error(), "bounding_boxes.txt:2:")) << short_.error().message;
    auto badId = parseCubTable("x a.jpg\n", "images.txt", 1);
    ASSERT_FALSE(badId.ok());
    EXPECT_TRUE(errorMentions(badId.error(), "images.txt:1:"));
}

TEST(AnnotationReaders, StrictNumbers)
{
    double d = 0;
    int64_t i = 0;
    EXPECT_TRUE(parseDouble(" 2.5 ", d));
    EXPECT_DOUBLE_EQ(d, 2.5);
    EXPECT_FALSE(parseDouble("2.5x", d));
    EXPECT_FALSE(parseDouble("nan", d));
    EXPECT_FALSE(parseDouble("", d));
    EXPECT_TRUE(parseInt("-12", i));
    EXPECT_EQ(i, -12);
    EXPECT_FALSE(parseInt("1.0", i));
    EXPECT_FALSE(parseInt("99999999999999999999", i));
}
