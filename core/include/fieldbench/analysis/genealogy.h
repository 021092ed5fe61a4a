#pragma once

// Language genealogy from CLDR's language-group data (Debian unicode-cldr-core,
// supplemental/languageGroup.xml): which group each language belongs to, up to the root
// "mul", and how well a similarity clustering agrees with that tree.

#include "fieldbench/analysis/codebookstats.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fieldbench {

class LanguageGroups
{
public:
    static constexpr const char *kDefaultPath = "/usr/share/unicode/cldr/common/supplemental/languageGroup.xml";
    static constexpr const char *kGroupNamesPath = "/usr/share/iso-codes/json/iso_639-5.json";

    // Reads languageGroup.xml. Throws Error naming the file when it is missing (hint:
    // install unicode-cldr-core) or malformed. Group names come from iso-codes' ISO 639-5
    // table when it exists (else the codes are shown).
    explicit LanguageGroups(const std::filesystem::path &xml = kDefaultPath);
    // From XML text (tests); `source` names it in errors.
    static LanguageGroups fromXml(const std::string &xml, const std::string &source = "languageGroup.xml");

    // The groups above a language, root first, the language's own CLDR code last, the root
    // "mul" left out: "spa" or "es" -> {"ine", "itc", "roa", "es"}. ISO 639-3 codes are
    // mapped to CLDR's (two-letter where ISO 639-1 has one). Empty when CLDR lacks the
    // language. Where CLDR lists a language under two parents the first listed wins.
    std::vector<std::string> lineage(const std::string &code) const;
    // "roa" -> "Romance languages" (ISO 639-5), else the code itself.
    std::string groupName(const std::string &group) const;

    std::size_t groupCount() const { return m_groups; }

private:
    struct Empty
    {};
    explicit LanguageGroups(Empty) {}
    void parse(const std::string &xml, const std::string &source);

    std::map<std::string, std::string> m_parent; // child code -> parent group (first listed)
    std::map<std::string, std::string> m_names;  // ISO 639-5 code -> name
    std::size_t m_groups = 0;
};

// Path length between two lineages in the tree (both hang under the root "mul"):
// edges from each language up to their lowest common ancestor.
int treeDistance(const std::vector<std::string> &a, const std::vector<std::string> &b);

// How a similarity clustering of languages agrees with the CLDR tree.
struct GenealogyAgreement
{
    std::vector<std::string> included;  // language codes CLDR knows (the score uses only these)
    std::vector<std::string> excluded;  // codes CLDR lacks: left out of every score
    std::map<std::string, std::vector<std::string>> lineage; // code -> groups (root first)
    // Pearson correlation between the clustering's cophenetic distances and the CLDR tree
    // distances over pairs of included languages; NaN below three languages.
    double copheneticCorrelation = 0;

    struct Neighbour
    {
        std::string code;
        std::string nearest;     // most similar included language (lowest distance)
        std::string family;      // top CLDR group, e.g. "ine", "urj"
        std::string branch;      // second level, e.g. "itc" (Romance's Italic), "gem", "sla", "fiu"
        bool sameFamily = false;
        bool sameBranch = false;
    };
    std::vector<Neighbour> neighbours;
    int nearestSameFamily = 0; // counts over `neighbours`
    int nearestSameBranch = 0;

    // Every CLDR group holding at least two included languages: does it form one cluster
    // of the dendrogram?
    struct GroupCheck
    {
        std::string group;               // CLDR code, e.g. "roa"
        std::string name;                // "Romance languages"
        std::vector<std::string> members; // included languages in the group
        bool isCluster = false;          // some dendrogram node has exactly these languages
        // Smallest dendrogram cluster holding all members: its size, and the outsiders in it.
        int smallestClusterSize = 0;
        std::vector<std::string> intruders;
    };
    std::vector<GroupCheck> groups;
};

// `codes` in the order of the distance matrix (n x n, row-major) and its dendrogram.
GenealogyAgreement compareWithGenealogy(const LanguageGroups &groups, const std::vector<std::string> &codes,
                                        const std::vector<double> &distances, const Dendrogram &dendrogram);

} // namespace fieldbench
