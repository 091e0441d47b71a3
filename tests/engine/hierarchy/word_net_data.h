// WordNet 3.0's noun database (Debian package wordnet-base), which the hierarchy and pipeline tests read
// when it is installed and skip without.
#pragma once

#include "hierarchy/word_net.h"

#include <filesystem>
#include <string>

namespace hint::test {

inline const std::string kDataNoun = hierarchy::WordNet::defaultPath();
inline bool haveWordNet() { return std::filesystem::exists(kDataNoun); }

}  // namespace hint::test

#define REQUIRE_WORDNET() \
    if (!hint::test::haveWordNet()) GTEST_SKIP() << "no WordNet (wordnet-base)"
