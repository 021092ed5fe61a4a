#include "fieldbench/corpus/languages.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fieldbench {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

} // namespace

LanguageCatalog::LanguageCatalog(const std::filesystem::path &isoJson)
{
    std::error_code ec;
    if (!std::filesystem::exists(isoJson, ec))
        throw Error(isoJson.string(), "ISO 639-3 table not found: install Debian's iso-codes package");
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(readFile(isoJson));
    } catch (const nlohmann::json::exception &e) {
        throw Error(isoJson.string(), std::string("malformed ISO 639-3 table: ") + e.what());
    }
    const auto it = doc.find("639-3");
    if (it == doc.end() || !it->is_array())
        throw Error(isoJson.string(), "malformed ISO 639-3 table: no \"639-3\" list");
    for (const auto &entry : *it) {
        IsoLanguage lang;
        lang.code = entry.value("alpha_3", "");
        lang.code2 = entry.value("alpha_2", "");
        lang.name = entry.value("name", "");
        if (lang.code.empty())
            continue;
        m_byCode.emplace(lang.code, m_languages.size());
        if (!lang.code2.empty())
            m_byCode.emplace(lang.code2, m_languages.size());
        m_languages.push_back(std::move(lang));
    }
}

const LanguageCatalog &LanguageCatalog::system()
{
    static const LanguageCatalog catalog;
    return catalog;
}

std::optional<IsoLanguage> LanguageCatalog::find(const std::string &code) const
{
    std::string key = lower(code);
    const std::size_t cut = key.find_first_of("-_");
    if (cut != std::string::npos)
        key.resize(cut);
    const auto it = m_byCode.find(key);
    if (it == m_byCode.end())
        return std::nullopt;
    return m_languages[it->second];
}

std::vector<IsoLanguage> LanguageCatalog::search(const std::string &query, std::size_t limit) const
{
    const std::string q = lower(query);
    std::vector<IsoLanguage> exact, prefix, rest;
    if (q.empty()) {
        for (std::size_t i = 0; i < m_languages.size() && i < limit; ++i)
            rest.push_back(m_languages[i]);
        return rest;
    }
    for (const IsoLanguage &lang : m_languages) {
        const std::string name = lower(lang.name);
        if (lang.code == q || lang.code2 == q)
            exact.push_back(lang);
        else if (name.compare(0, q.size(), q) == 0)
            prefix.push_back(lang);
        else if (name.find(q) != std::string::npos)
            rest.push_back(lang);
    }
    auto byName = [](const IsoLanguage &a, const IsoLanguage &b) { return a.name.size() < b.name.size() || (a.name.size() == b.name.size() && a.name < b.name); };
    std::stable_sort(prefix.begin(), prefix.end(), byName);
    std::stable_sort(rest.begin(), rest.end(), byName);
    exact.insert(exact.end(), prefix.begin(), prefix.end());
    exact.insert(exact.end(), rest.begin(), rest.end());
    if (exact.size() > limit)
        exact.resize(limit);
    return exact;
}

} // namespace fieldbench
