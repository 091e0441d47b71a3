#include "data/dataset.h"
#include "data/localization_datasets.h"

#include "common/embedded_resources.h"
#include "jobs/job_context.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace hint::data;
namespace fs = std::filesystem;

namespace {

fs::path freshDir(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("hint_dataset_test_" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

bool mentions(const hint::Error& error, const std::string& text) { return error.message.find(text) != std::string::npos; }

std::vector<std::string> filesOf(const Dataset& d)
{
    std::vector<std::string> files;
    for (const auto& image : d.images) files.push_back(image.file);
    return files;
}

std::string vocXml(const std::string& file, const std::vector<std::pair<std::string, std::string>>& objects)
{
    std::string xml = "<annotation>\n<filename>" + file + "</filename>\n<size><width>100</width><height>80</height>"
                      "<depth>3</depth></size>\n";
    for (const auto& [name, box] : objects)
        xml += "<object>\n<name>" + name + "</name>\n<difficult>0</difficult>\n<bndbox>" + box + "</bndbox>\n</object>\n";
    return xml + "</annotation>\n";
}

}  // namespace

TEST(Dataset, LeadingWnid)
{
    EXPECT_EQ(leadingWnid("n01440764"), "n01440764");
    EXPECT_EQ(leadingWnid("n01440764_10026.JPEG"), "n01440764");
    EXPECT_EQ(leadingWnid("n01440764.jpg"), "n01440764");
    EXPECT_EQ(leadingWnid("n014407645_x.jpg"), "");
    EXPECT_EQ(leadingWnid("ILSVRC2012_val_00000001.JPEG"), "");
    EXPECT_EQ(leadingWnid("x01440764"), "");
    EXPECT_EQ(leadingWnid("n0144"), "");
}

TEST(Dataset, FolderListingIsSortedAndLabelledByFolderOrFileName)
{
    const fs::path root = freshDir("train");
    write(root / "n01443537" / "b.JPEG", "x");
    write(root / "n01440764" / "n01440764_2.JPEG", "x");
    write(root / "n01440764" / "n01440764_10.JPEG", "x");
    write(root / "n01440764" / "notes.txt", "not an image");
    write(root / ".cache" / "n01440764_9.jpg", "hidden folder");
    write(root / "flat" / "n02084071_dog.png", "x");  // wnid in the file name; dog is no ILSVRC class
    write(root / "flat" / "unlabelled.jpg", "x");
    hint::jobs::SimpleJobContext job;
    auto d = listImages(root.string(), &job);
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(filesOf(d.value()), (std::vector<std::string>{"flat/n02084071_dog.png", "flat/unlabelled.jpg",
                                                            "n01440764/n01440764_10.JPEG", "n01440764/n01440764_2.JPEG",
                                                            "n01443537/b.JPEG"}));
    EXPECT_EQ(d->images[0].wnid, "n02084071");
    EXPECT_EQ(d->images[0].classIndex, -1);
    EXPECT_EQ(d->images[1].wnid, "");
    EXPECT_EQ(d->images[2].wnid, "n01440764");
    EXPECT_EQ(d->images[2].classIndex, 0);
    EXPECT_EQ(d->images[4].classIndex, hint::resources::imagenetIndex("n01443537"));
    EXPECT_EQ(d->path(4), (root / "n01443537" / "b.JPEG").string());
    EXPECT_EQ(job.done(), 5);
    const auto groups = d->imagesByWnid();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups.at("n01440764"), (std::vector<size_t>{2, 3}));
}

TEST(Dataset, ListFileKeepsOrderAndResolvesAgainstItsFolder)
{
    const fs::path root = freshDir("list");
    write(root / "imgs" / "n01440764_1.jpg", "x");
    const std::string absolute = (root / "elsewhere" / "a.png").string();
    write(root / "list.txt", "# comment\r\n\r\n  imgs/n01440764_1.jpg  \r\n" + absolute + "\nmissing/n01443537_x.jpg\n");
    auto d = listImages((root / "list.txt").string());
    ASSERT_TRUE(d.ok()) << d.error().message;
    ASSERT_EQ(d->size(), 3u);
    EXPECT_EQ(d->path(0), (root / "imgs" / "n01440764_1.jpg").string());
    EXPECT_EQ(d->path(1), absolute);
    EXPECT_EQ(d->images[0].wnid, "n01440764");
    EXPECT_EQ(d->images[2].wnid, "n01443537");  // missing files stay listed: decoding reports them

    auto single = listImages((root / "imgs" / "n01440764_1.jpg").string());
    ASSERT_TRUE(single.ok());
    EXPECT_EQ(single->size(), 1u);
    EXPECT_EQ(single->images[0].classIndex, 0);
}

TEST(Dataset, MissingAndEmptyInputsAreBadInput)
{
    auto missing = listImages("/nonexistent/folder");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, hint::ErrorKind::BadInput);
    EXPECT_TRUE(mentions(missing.error(), "/nonexistent/folder"));
    const fs::path empty = freshDir("empty");
    write(empty / "readme.txt", "no images");
    auto none = listImages(empty.string());
    ASSERT_FALSE(none.ok());
    EXPECT_TRUE(mentions(none.error(), "no image files"));
    write(empty / "blank.txt", "\n# nothing\n");
    EXPECT_FALSE(listImages((empty / "blank.txt").string()).ok());
}

TEST(Dataset, LabelsCsvOverridesNameLabels)
{
    const fs::path root = freshDir("labels");
    write(root / "n01440764" / "a.jpg", "x");
    write(root / "other" / "b.jpg", "x");
    write(root / "labels.csv", "file,class_index\nn01440764/a.jpg,5\nb.jpg,999\nnot_listed.jpg,3\n");
    auto d = listImages(root.string());
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(applyLabels(d.value(), (root / "labels.csv").string()).ok());
    EXPECT_EQ(d->images[0].classIndex, 5);
    EXPECT_EQ(d->images[0].wnid, hint::resources::imagenetWnids()[5]);
    EXPECT_EQ(d->images[1].classIndex, 999);  // matched by file name

    write(root / "bad.csv", "file,class_index\na.jpg,1\nb.jpg,1000\n");
    auto bad = applyLabels(d.value(), (root / "bad.csv").string());
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(mentions(bad.error(), "bad.csv:3:")) << bad.error().message;
    write(root / "none.csv", "file,class_index\nzzz.jpg,1\n");
    EXPECT_FALSE(applyLabels(d.value(), (root / "none.csv").string()).ok());
}

TEST(Dataset, ImagenetValWithXmlFolderOrBoxesCsv)
{
    const fs::path root = freshDir("val");
    write(root / "images" / "ILSVRC2012_val_00000001.JPEG", "x");
    write(root / "images" / "ILSVRC2012_val_00000002.JPEG", "x");
    write(root / "xml" / "ILSVRC2012_val_00000001.xml",
          vocXml("ILSVRC2012_val_00000001", {{"n01751748", "<xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax>"},
                                             {"n01751748", "<xmin>5</xmin><ymin>6</ymin><xmax>7</xmax><ymax>8</ymax>"}}));
    auto xml = openImagenetVal((root / "images").string(), (root / "xml").string());
    ASSERT_TRUE(xml.ok()) << xml.error().message;
    EXPECT_EQ(xml->kind, DatasetKind::ImagenetVal);
    ASSERT_EQ(xml->annotations.size(), 2u);
    EXPECT_EQ(xml->annotation(0)->boxes.size(), 2u);
    EXPECT_EQ(xml->annotation(0)->width, 100);
    EXPECT_EQ(xml->images[0].wnid, "n01751748");
    EXPECT_EQ(xml->images[0].classIndex, hint::resources::imagenetIndex("n01751748"));
    EXPECT_TRUE(xml->annotation(1)->boxes.empty());  // no XML for the second image

    write(root / "boxes.csv", "file,class_index,orig_w,orig_h,x0,y0,x1,y1\n"
                              "ILSVRC2012_val_00000002.JPEG,65,500,375,10,20,30,40\n"
                              "ILSVRC2012_val_00000002.JPEG,65,500,375,1,2,3,4\n"
                              "not_listed.JPEG,1,5,5,0,0,1,1\n");
    auto csv = openImagenetVal((root / "images").string(), (root / "boxes.csv").string());
    ASSERT_TRUE(csv.ok()) << csv.error().message;
    EXPECT_TRUE(csv->annotation(0)->boxes.empty());
    ASSERT_EQ(csv->annotation(1)->boxes.size(), 2u);
    EXPECT_EQ(csv->images[1].classIndex, 65);
    EXPECT_EQ(csv->annotation(1)->boxes[1].label, hint::resources::imagenetWnids()[65]);
    EXPECT_EQ(csv->annotation(1)->height, 375);

    write(root / "xml" / "ILSVRC2012_val_00000002.xml", "<annotation>\n<object>\n<name>n01751748</name>\n</annotation>\n");
    auto broken = openImagenetVal((root / "images").string(), (root / "xml").string());
    ASSERT_FALSE(broken.ok());
    EXPECT_TRUE(mentions(broken.error(), "ILSVRC2012_val_00000002.xml:4:")) << broken.error().message;
    write(root / "bad.csv", "file,x0,y0,x1,y1\nILSVRC2012_val_00000002.JPEG,1,2,3\n");
    auto badCsv = openImagenetVal((root / "images").string(), (root / "bad.csv").string());
    ASSERT_FALSE(badCsv.ok());
    EXPECT_TRUE(mentions(badCsv.error(), "bad.csv:2:"));
}

TEST(Dataset, PascalVoc2007Layout)
{
    const fs::path root = freshDir("voc") / "VOCdevkit" / "VOC2007";
    write(root / "Annotations" / "000001.xml",
          vocXml("000001.jpg", {{"dog", "<xmin>48</xmin><ymin>240</ymin><xmax>195</xmax><ymax>371</ymax>"},
                                {"person", "<xmin>8</xmin><ymin>12</ymin><xmax>352</xmax><ymax>498</ymax>"}}));
    write(root / "Annotations" / "000002.xml",
          vocXml("000002.jpg", {{"cat", "<xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax>"}}));
    write(root / "JPEGImages" / "000001.jpg", "x");
    write(root / "JPEGImages" / "000002.jpg", "x");
    write(root / "ImageSets" / "Main" / "test.txt", "000002\n");
    write(root / "ImageSets" / "Main" / "cat_test.txt", "000002  1\n");
    write(root / "SegmentationObject" / "000002.png", "x");

    auto all = openVoc(root.string());
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all->kind, DatasetKind::Voc);
    EXPECT_EQ(filesOf(all.value()), (std::vector<std::string>{"JPEGImages/000001.jpg", "JPEGImages/000002.jpg"}));
    ASSERT_EQ(all->annotation(0)->boxes.size(), 2u);
    EXPECT_EQ(all->annotation(0)->boxes[0].classIndex, 11);  // dog
    EXPECT_EQ(all->annotation(0)->boxes[1].classIndex, 14);  // person
    EXPECT_EQ(all->images[0].classIndex, -1);                // two classes: no single label
    EXPECT_EQ(all->images[1].classIndex, 7);                 // cat
    EXPECT_EQ(all->images[1].wnid, vocClassWnid("cat"));
    EXPECT_EQ(all->annotation(0)->maskPath, "");
    EXPECT_EQ(all->annotation(1)->maskPath, (root / "SegmentationObject" / "000002.png").string());

    auto test = openVoc(root.string(), "test");
    ASSERT_TRUE(test.ok()) << test.error().message;
    ASSERT_EQ(test->size(), 1u);
    EXPECT_EQ(test->annotation(0)->split, "test");
    auto classSet = openVoc(root.string(), "cat_test");
    ASSERT_TRUE(classSet.ok());
    EXPECT_EQ(classSet->size(), 1u);
    EXPECT_FALSE(openVoc(root.string(), "val").ok());

    auto detected = openDataset((root.parent_path().parent_path()).string());  // finds VOCdevkit/VOC2007
    ASSERT_TRUE(detected.ok()) << detected.error().message;
    EXPECT_EQ(detected->kind, DatasetKind::Voc);

    write(root / "Annotations" / "000002.xml", "<annotation>\n<object><name>cat</name>\n<bndbox><xmin>1</xmin></bndbox>"
                                               "</object></annotation>");
    auto broken = openVoc(root.string());
    ASSERT_FALSE(broken.ok());
    EXPECT_TRUE(mentions(broken.error(), "000002.xml:3:")) << broken.error().message;
}

TEST(Dataset, VocClassWnidsAreNouns)
{
    ASSERT_EQ(vocClassNames().size(), 20u);
    for (const auto& name : vocClassNames()) EXPECT_EQ(leadingWnid(vocClassWnid(name)).size(), 9u) << name;
    EXPECT_EQ(vocClassWnid("dog"), "n02084071");
    EXPECT_EQ(vocClassWnid("unicorn"), "");
}

TEST(Dataset, Cub200Layout)
{
    const fs::path base = freshDir("cub");
    const fs::path root = base / "CUB_200_2011";
    write(root / "images.txt", "1 001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg\n"
                               "2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg\n"
                               "3 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg\n");
    write(root / "image_class_labels.txt", "1 1\n2 1\n3 2\n");
    write(root / "train_test_split.txt", "1 0\n2 1\n3 0\n");
    write(root / "bounding_boxes.txt", "1 60.0 27.0 325.0 304.0\n2 139.0 30.0 153.0 264.0\n3 14.0 112.0 388.0 186.0\n");
    write(root / "classes.txt", "1 001.Black_footed_Albatross\n2 002.Laysan_Albatross\n");
    write(base / "segmentations" / "002.Laysan_Albatross" / "Laysan_Albatross_0002_1027.png", "x");

    auto all = openCub(root.string());
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all->kind, DatasetKind::Cub);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ(all->classNames, (std::vector<std::string>{"001.Black_footed_Albatross", "002.Laysan_Albatross"}));
    EXPECT_EQ(all->images[2].file, "images/002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg");
    EXPECT_EQ(all->images[2].classIndex, 1);
    EXPECT_EQ(all->images[2].wnid, "n01503061");  // bird
    const Box& box = all->annotation(0)->boxes.at(0);
    EXPECT_DOUBLE_EQ(box.x0, 60);
    EXPECT_DOUBLE_EQ(box.y0, 27);
    EXPECT_DOUBLE_EQ(box.x1, 385);  // x + width
    EXPECT_DOUBLE_EQ(box.y1, 331);
    EXPECT_EQ(all->annotation(0)->split, "test");
    EXPECT_EQ(all->annotation(1)->split, "train");
    EXPECT_EQ(all->annotation(0)->maskPath, "");
    EXPECT_EQ(all->annotation(2)->maskPath,
              (base / "segmentations" / "002.Laysan_Albatross" / "Laysan_Albatross_0002_1027.png").string());

    auto test = openCub(root.string(), "test");
    ASSERT_TRUE(test.ok());
    EXPECT_EQ(test->size(), 2u);
    EXPECT_FALSE(openCub(root.string(), "validation").ok());
    auto detected = openDataset(base.string());
    ASSERT_TRUE(detected.ok()) << detected.error().message;
    EXPECT_EQ(detected->kind, DatasetKind::Cub);

    write(root / "bounding_boxes.txt", "1 60.0 27.0 325.0 304.0\n2 139.0 30.0 153.0\n3 14 112 388 186\n");
    auto broken = openCub(root.string());
    ASSERT_FALSE(broken.ok());
    EXPECT_TRUE(mentions(broken.error(), "bounding_boxes.txt:2:")) << broken.error().message;
    write(root / "bounding_boxes.txt", "1 60 27 325 304\n2 139 30 153 264\n3 14 112 388 186\n");
    write(root / "image_class_labels.txt", "1 1\n3 2\n");
    auto unlabelled = openCub(root.string());
    ASSERT_FALSE(unlabelled.ok());
    EXPECT_TRUE(mentions(unlabelled.error(), "images.txt:2:")) << unlabelled.error().message;
    write(root / "image_class_labels.txt", "1 1\n2 1\n2 2\n");
    auto repeated = openCub(root.string());
    ASSERT_FALSE(repeated.ok());
    EXPECT_TRUE(mentions(repeated.error(), "image_class_labels.txt:3:")) << repeated.error().message;
}

TEST(Dataset, SharedAssetsImagenetValAndSample)
{
    const fs::path assets(HINT_SHARED_ASSETS);
    const fs::path val = assets / "images" / "imagenet-val-100";
    const fs::path sample = assets / "images" / "imagenet-sample-400";
    if (!fs::exists(val / "boxes.csv") || !fs::exists(sample)) GTEST_SKIP() << "shared assets absent: " << assets;
    auto d = openImagenetVal(val.string(), (val / "boxes.csv").string());
    ASSERT_TRUE(d.ok()) << d.error().message;
    EXPECT_EQ(d->size(), 100u);
    for (size_t i = 0; i < d->size(); ++i) {
        EXPECT_FALSE(d->annotation(i)->boxes.empty()) << d->images[i].file;
        EXPECT_GE(d->images[i].classIndex, 0);
        EXPECT_GT(d->annotation(i)->width, 0);
    }
    auto s = listImages(sample.string());
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->size(), 400u);
    EXPECT_EQ(s->imagesByWnid().size(), 400u);
    for (const auto& image : s->images) EXPECT_GE(image.classIndex, 0) << image.file;
}
