#include "fieldbench/text/tokenizerreport.h"

#include "fieldbench/text/textcorpus.h"
#include "fieldbench/util/error.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>
#include <unordered_map>

namespace fieldbench {
namespace {

std::vector<std::string> splitWords(const std::string &line)
{
    std::vector<std::string> words;
    std::istringstream in(line);
    std::string w;
    while (in >> w)
        words.push_back(w);
    return words;
}

std::string dominantScript(const std::string &word)
{
    const auto counts = scriptCounts(word);
    if (counts.empty())
        return "Common";
    return std::max_element(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.second < b.second; })
        ->first;
}

void add(TokenizerCounts &c, std::int64_t pieces, std::int64_t unk, std::int64_t bytes)
{
    ++c.words;
    c.pieces += pieces;
    c.continuedWords += pieces > 1 ? 1 : 0;
    c.unkPieces += unk;
    c.bytePieces += bytes;
    c.wordsWithUnk += unk > 0 ? 1 : 0;
}

nlohmann::json countsJson(const TokenizerCounts &c)
{
    return {{"words", c.words},           {"pieces", c.pieces},         {"continued_words", c.continuedWords},
            {"unk_pieces", c.unkPieces},  {"byte_pieces", c.bytePieces}, {"words_with_unk", c.wordsWithUnk},
            {"fertility", c.fertility()}, {"continued_share", c.continuedShare()},
            {"unk_rate", c.unkRate()},    {"byte_rate", c.byteRate()}};
}

std::string fmt(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

} // namespace

std::vector<TokenizerLanguageReport> tokenizerReport(const SentencePieceTokenizer &tok, const LanguageCorpus &corpus)
{
    std::vector<TokenizerLanguageReport> out;
    std::unordered_map<std::string, bool> covered; // character -> has a piece of its own
    for (const auto &[code, lines] : corpus.lines) {
        TokenizerLanguageReport r;
        r.language = code;
        for (const std::string &line : lines) {
            for (const std::string &word : splitWords(line)) {
                const std::vector<int> ids = tok.encodeIds(word);
                std::int64_t unk = 0, bytes = 0;
                for (int id : ids) {
                    unk += tok.isUnknown(id) ? 1 : 0;
                    bytes += tok.isByte(id) ? 1 : 0;
                }
                add(r.all, std::int64_t(ids.size()), unk, bytes);
                add(r.scripts[dominantScript(word)], std::int64_t(ids.size()), unk, bytes);

                const auto *p = reinterpret_cast<const uint8_t *>(word.data());
                const int32_t n = int32_t(word.size());
                int32_t i = 0;
                while (i < n) {
                    const int32_t start = i;
                    UChar32 c;
                    U8_NEXT(p, i, n, c);
                    (void)c;
                    const std::string ch = word.substr(std::size_t(start), std::size_t(i - start));
                    ++r.characters;
                    auto it = covered.find(ch);
                    if (it == covered.end()) {
                        bool ok = true;
                        for (int id : tok.encodeIds(ch))
                            ok = ok && !tok.isUnknown(id) && !tok.isByte(id);
                        it = covered.emplace(ch, ok).first;
                    }
                    if (!it->second) {
                        ++r.uncoveredCharacters;
                        ++r.uncovered[ch];
                    }
                }
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

nlohmann::json toJson(const TokenizerLanguageReport &r)
{
    nlohmann::json scripts = nlohmann::json::object();
    for (const auto &[s, c] : r.scripts)
        scripts[s] = countsJson(c);
    return {{"language", r.language},
            {"all", countsJson(r.all)},
            {"scripts", scripts},
            {"characters", r.characters},
            {"uncovered_characters", r.uncoveredCharacters},
            {"uncovered", r.uncovered}};
}

std::string formatTokenizerReports(const std::vector<std::string> &names,
                                   const std::vector<std::vector<TokenizerLanguageReport>> &reports)
{
    if (names.size() != reports.size() || reports.empty())
        throw Error("formatTokenizerReports: one name per report list is needed");
    std::ostringstream out;
    const auto row = [&](const std::string &label, const std::vector<std::string> &cells) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "  %-28s", label.c_str());
        out << buf;
        for (const std::string &c : cells) {
            std::snprintf(buf, sizeof buf, " %14s", c.c_str());
            out << buf;
        }
        out << "\n";
    };
    for (std::size_t l = 0; l < reports[0].size(); ++l) {
        out << reports[0][l].language << "\n";
        std::vector<std::string> head;
        for (const auto &n : names)
            head.push_back(n.size() > 14 ? n.substr(n.size() - 14) : n);
        row("", head);
        const auto col = [&](auto f) {
            std::vector<std::string> cells;
            for (const auto &rs : reports) {
                if (rs.size() <= l || rs[l].language != reports[0][l].language)
                    throw Error("formatTokenizerReports: the reports cover different languages");
                cells.push_back(f(rs[l]));
            }
            return cells;
        };
        row("words", col([](const auto &r) { return std::to_string(r.all.words); }));
        row("fertility (pieces/word)", col([](const auto &r) { return fmt(r.all.fertility(), 3); }));
        row("continued words", col([](const auto &r) { return fmt(100 * r.all.continuedShare(), 1) + "%"; }));
        row("<unk> pieces", col([](const auto &r) { return fmt(100 * r.all.unkRate(), 2) + "%"; }));
        row("byte-fallback pieces", col([](const auto &r) { return fmt(100 * r.all.byteRate(), 2) + "%"; }));
        row("characters not covered", col([](const auto &r) {
                return std::to_string(r.uncoveredCharacters) + " (" + std::to_string(r.uncovered.size()) + " kinds)";
            }));
        std::set<std::string> scripts;
        for (const auto &rs : reports)
            for (const auto &[s, c] : rs[l].scripts)
                scripts.insert(s);
        for (const std::string &s : scripts) {
            row(s + ": words", col([&](const auto &r) {
                    const auto it = r.scripts.find(s);
                    return std::to_string(it == r.scripts.end() ? 0 : it->second.words);
                }));
            row(s + ": fertility", col([&](const auto &r) {
                    const auto it = r.scripts.find(s);
                    return it == r.scripts.end() ? std::string("-") : fmt(it->second.fertility(), 3);
                }));
            row(s + ": continued", col([&](const auto &r) {
                    const auto it = r.scripts.find(s);
                    return it == r.scripts.end() ? std::string("-") : fmt(100 * it->second.continuedShare(), 1) + "%";
                }));
        }
    }
    return out.str();
}

} // namespace fieldbench
