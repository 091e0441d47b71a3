#include "common/embedded_resources.h"

#include <sstream>
#include <unordered_map>

namespace hint::resources {

const std::vector<std::string>& imagenetWnids()
{
    static const std::vector<std::string> wnids = [] {
        std::vector<std::string> list;
        std::istringstream in(imagenetWnidsText());
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) list.push_back(line);
        return list;
    }();
    return wnids;
}

int imagenetIndex(const std::string& wnid)
{
    static const std::unordered_map<std::string, int> index = [] {
        std::unordered_map<std::string, int> map;
        const auto& wnids = imagenetWnids();
        for (size_t i = 0; i < wnids.size(); ++i) map[wnids[i]] = static_cast<int>(i);
        return map;
    }();
    auto found = index.find(wnid);
    return found == index.end() ? -1 : found->second;
}

}  // namespace hint::resources
