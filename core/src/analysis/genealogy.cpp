#include "fieldbench/analysis/genealogy.h"

#include "fieldbench/corpus/languages.h"
#include "fieldbench/util/error.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace fieldbench {

namespace {

std::string readFile(const std::filesystem::path &path, const std::string &hint)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string(), "cannot be read" + hint);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

LanguageGroups::LanguageGroups(const std::filesystem::path &xml)
{
    parse(readFile(xml, " (install Debian's unicode-cldr-core for CLDR's language groups)"), xml.string());
}

LanguageGroups LanguageGroups::fromXml(const std::string &xml, const std::string &source)
{
    LanguageGroups g{Empty{}};
    g.parse(xml, source);
    return g;
}

void LanguageGroups::parse(const std::string &xml, const std::string &source)
{
    pugi::xml_document doc;
    const pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
    if (!r)
        throw Error(source, "is not valid XML: " + std::string(r.description()) + " at byte " +
                                std::to_string(r.offset));
    const pugi::xml_node list = doc.child("supplementalData").child("languageGroups");
    if (!list)
        throw Error(source, "has no supplementalData/languageGroups element (not CLDR's languageGroup.xml?)");
    for (const pugi::xml_node g : list.children("languageGroup")) {
        const std::string parent = g.attribute("parent").as_string();
        if (parent.empty())
            throw Error(source, "a languageGroup element has no parent attribute");
        ++m_groups;
        std::istringstream children(g.text().as_string());
        std::string child;
        while (children >> child)
            m_parent.emplace(child, parent); // emplace keeps the first parent listed
    }
    if (m_groups == 0)
        throw Error(source, "lists no language groups");

    // Group names (optional): ISO 639-5 from iso-codes.
    std::ifstream names(kGroupNamesPath);
    if (names) {
        try {
            const nlohmann::json j = nlohmann::json::parse(names);
            for (const auto &e : j.at("639-5"))
                m_names[e.at("alpha_3").get<std::string>()] = e.at("name").get<std::string>();
        } catch (const std::exception &) {
            m_names.clear(); // names are cosmetic: fall back to codes
        }
    }
}

std::vector<std::string> LanguageGroups::lineage(const std::string &code) const
{
    // CLDR names languages by their shortest code: ISO 639-1 where one exists.
    std::vector<std::string> candidates{code};
    if (const auto iso = LanguageCatalog::system().find(code)) {
        if (!iso->code2.empty())
            candidates.insert(candidates.begin(), iso->code2);
        candidates.push_back(iso->code);
    }
    for (const std::string &c : candidates) {
        auto it = m_parent.find(c);
        if (it == m_parent.end())
            continue;
        std::vector<std::string> chain{c};
        std::set<std::string> seen{c};
        while (it != m_parent.end() && it->second != "mul") {
            if (!seen.insert(it->second).second)
                break; // a cycle in the data: stop rather than loop
            chain.push_back(it->second);
            it = m_parent.find(it->second);
        }
        std::reverse(chain.begin(), chain.end());
        return chain;
    }
    return {};
}

std::string LanguageGroups::groupName(const std::string &group) const
{
    const auto it = m_names.find(group);
    return it == m_names.end() ? group : it->second;
}

int treeDistance(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    std::size_t common = 0;
    while (common < a.size() && common < b.size() && a[common] == b[common])
        ++common;
    // Both hang under the root: the depth of each below the lowest common ancestor.
    return int(a.size() - common + b.size() - common);
}

GenealogyAgreement compareWithGenealogy(const LanguageGroups &groups, const std::vector<std::string> &codes,
                                        const std::vector<double> &distances, const Dendrogram &dendrogram)
{
    const int n = int(codes.size());
    GenealogyAgreement out;
    std::vector<int> inc; // indices into codes
    for (int i = 0; i < n; ++i) {
        std::vector<std::string> l = groups.lineage(codes[i]);
        if (l.empty()) {
            out.excluded.push_back(codes[i]);
            continue;
        }
        out.lineage[codes[i]] = l;
        out.included.push_back(codes[i]);
        inc.push_back(i);
    }
    const int m = int(inc.size());

    // Cophenetic correlation over included pairs.
    const std::vector<double> coph = dendrogram.cophenetic();
    std::vector<double> a(std::size_t(m) * m), t(std::size_t(m) * m);
    for (int x = 0; x < m; ++x)
        for (int y = 0; y < m; ++y) {
            a[std::size_t(x) * m + y] = coph[std::size_t(inc[x]) * n + inc[y]];
            t[std::size_t(x) * m + y] = treeDistance(out.lineage[codes[inc[x]]], out.lineage[codes[inc[y]]]);
        }
    out.copheneticCorrelation = m >= 3 ? upperTriangleCorrelation(a, t, m) : std::numeric_limits<double>::quiet_NaN();

    // Nearest neighbours among included languages.
    for (int x = 0; x < m; ++x) {
        int best = -1;
        for (int y = 0; y < m; ++y) {
            if (y == x)
                continue;
            if (best < 0 || distances[std::size_t(inc[x]) * n + inc[y]] < distances[std::size_t(inc[x]) * n + inc[best]])
                best = y;
        }
        if (best < 0)
            continue;
        const auto &lx = out.lineage[codes[inc[x]]];
        const auto &ly = out.lineage[codes[inc[best]]];
        GenealogyAgreement::Neighbour nb;
        nb.code = codes[inc[x]];
        nb.nearest = codes[inc[best]];
        nb.family = lx.size() > 1 ? lx[0] : "";
        nb.branch = lx.size() > 2 ? lx[1] : nb.family;
        const std::string famY = ly.size() > 1 ? ly[0] : "";
        const std::string brY = ly.size() > 2 ? ly[1] : famY;
        nb.sameFamily = !nb.family.empty() && nb.family == famY;
        nb.sameBranch = !nb.branch.empty() && nb.branch == brY;
        out.nearestSameFamily += nb.sameFamily ? 1 : 0;
        out.nearestSameBranch += nb.sameBranch ? 1 : 0;
        out.neighbours.push_back(nb);
    }

    // Groups with at least two included members, deepest first within each lineage order.
    std::map<std::string, std::vector<std::string>> members;
    for (const std::string &c : out.included) {
        const auto &l = out.lineage[c];
        for (std::size_t k = 0; k + 1 < l.size(); ++k) // the last entry is the language
            members[l[k]].push_back(c);
    }
    std::set<std::string> includedSet(out.included.begin(), out.included.end());
    // Leaf sets of every dendrogram node, restricted to included languages.
    std::vector<std::set<std::string>> nodeSets;
    const int nodes = dendrogram.leaves + int(dendrogram.merges.size());
    for (int v = 0; v < nodes; ++v) {
        std::set<std::string> s;
        for (int leaf : dendrogram.leavesOf(v))
            if (includedSet.count(codes[leaf]))
                s.insert(codes[leaf]);
        nodeSets.push_back(std::move(s));
    }
    for (const auto &[group, mem] : members) {
        if (mem.size() < 2)
            continue;
        GenealogyAgreement::GroupCheck g;
        g.group = group;
        g.name = groups.groupName(group);
        g.members = mem;
        const std::set<std::string> want(mem.begin(), mem.end());
        int bestSize = std::numeric_limits<int>::max();
        const std::set<std::string> *best = nullptr;
        for (const auto &s : nodeSets) {
            if (s == want)
                g.isCluster = true;
            if (std::includes(s.begin(), s.end(), want.begin(), want.end()) && int(s.size()) < bestSize) {
                bestSize = int(s.size());
                best = &s;
            }
        }
        if (best) {
            g.smallestClusterSize = bestSize;
            for (const std::string &c : *best)
                if (!want.count(c))
                    g.intruders.push_back(c);
        }
        out.groups.push_back(std::move(g));
    }
    // Larger groups first (families before branches), then by code.
    std::stable_sort(out.groups.begin(), out.groups.end(), [](const auto &x, const auto &y) {
        return x.members.size() > y.members.size();
    });
    return out;
}

} // namespace fieldbench
