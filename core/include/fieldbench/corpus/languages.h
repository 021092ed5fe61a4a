#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldbench {

struct IsoLanguage
{
    std::string code;  // ISO 639-3 (alpha_3)
    std::string code2; // ISO 639-1 where one exists, else empty
    std::string name;  // English reference name from iso-codes
};

// ISO 639-3 table from Debian's iso-codes package. Immutable after loading; safe to share
// between threads.
class LanguageCatalog
{
public:
    static constexpr const char *kDefaultPath = "/usr/share/iso-codes/json/iso_639-3.json";

    // Throws Error naming the file when it is missing (with the hint "install iso-codes")
    // or malformed.
    explicit LanguageCatalog(const std::filesystem::path &isoJson = kDefaultPath);

    // Process-wide catalog loaded on first use from kDefaultPath (thread-safe).
    static const LanguageCatalog &system();

    // Accepts an ISO 639-3 code, or an ISO 639-1 code which it maps to 639-3
    // ("es" -> "spa"), or a locale such as "pt-BR"/"pt_BR" (language part). Case-insensitive.
    std::optional<IsoLanguage> find(const std::string &code) const;

    // Languages whose code or name contains `query` (case-insensitive); exact code matches
    // first, then name prefixes, then the rest, at most `limit`.
    std::vector<IsoLanguage> search(const std::string &query, std::size_t limit = 50) const;

    std::size_t size() const { return m_languages.size(); }

private:
    std::vector<IsoLanguage> m_languages;
    std::unordered_map<std::string, std::size_t> m_byCode; // both 639-3 and 639-1 codes
};

} // namespace fieldbench
