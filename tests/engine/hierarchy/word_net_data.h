// Debian's WordNet 3.0 noun database (package wordnet-base), which the hierarchy tests read when present.
#pragma once

#include <filesystem>
#include <string>

namespace hint::testing {

inline const std::string kDataNoun = "/usr/share/wordnet/data.noun";
inline bool haveWordNet() { return std::filesystem::exists(kDataNoun); }

}  // namespace hint::testing
