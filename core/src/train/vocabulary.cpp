#include "fieldbench/train/vocabulary.h"

#include "fieldbench/util/error.h"

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>

namespace fieldbench {

namespace {

std::vector<std::string> graphemes(const std::string &text)
{
    std::vector<std::string> out;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status))
        throw Error(std::string("ICU character break iterator unavailable: ") + u_errorName(status));
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    it->setText(u);
    int32_t start = it->first();
    for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
        std::string piece;
        u.tempSubStringBetween(start, end).toUTF8String(piece);
        out.push_back(piece);
    }
    return out;
}

bool isSpace(const std::string &g)
{
    return g == " " || g == "\t" || g == "\n" || g == "\r" || g == "\u00a0";
}

} // namespace

std::vector<std::string> CtcVocabulary::split(const std::string &transcript) const
{
    std::vector<std::string> out;
    auto delimit = [&] {
        if (!out.empty() && out.back() != m_delimiter)
            out.push_back(m_delimiter);
    };
    if (m_unit == "phone") {
        std::istringstream in(transcript);
        std::string tok;
        while (in >> tok) {
            if (tok == m_delimiter)
                delimit();
            else
                out.push_back(tok);
        }
    } else {
        for (const std::string &g : graphemes(transcript)) {
            if (isSpace(g) || g == m_delimiter)
                delimit();
            else
                out.push_back(g);
        }
    }
    if (!out.empty() && out.back() == m_delimiter)
        out.pop_back();
    return out;
}

CtcVocabulary CtcVocabulary::build(const std::vector<std::string> &transcripts, const std::string &unit,
                                   const std::string &wordDelimiter)
{
    if (unit != "phone" && unit != "char")
        throw Error("CTC units must be \"phone\" or \"char\", not \"" + unit + "\"");
    CtcVocabulary v;
    v.m_unit = unit;
    v.m_delimiter = wordDelimiter;
    std::set<std::string> units;
    for (const std::string &t : transcripts)
        for (std::string &u : v.split(t))
            if (u != wordDelimiter)
                units.insert(std::move(u));
    if (units.empty())
        throw Error("the transcripts contain no units to train a recogniser on (is the tier empty?)");
    v.m_tokens = {kPad, kBos, kEos, kUnk, wordDelimiter};
    for (const std::string &u : units)
        if (u != kPad && u != kBos && u != kEos && u != kUnk)
            v.m_tokens.push_back(u);
    for (std::size_t i = 0; i < v.m_tokens.size(); ++i)
        v.m_ids[v.m_tokens[i]] = std::int64_t(i);
    return v;
}

std::vector<std::int64_t> CtcVocabulary::encode(const std::string &transcript) const
{
    std::vector<std::int64_t> ids;
    for (const std::string &u : split(transcript)) {
        const auto it = m_ids.find(u);
        ids.push_back(it == m_ids.end() ? unkId() : it->second);
    }
    return ids;
}

std::vector<std::string> CtcVocabulary::tokens(const std::vector<std::int64_t> &ids) const
{
    std::vector<std::string> out;
    for (std::int64_t id : ids) {
        if (id < 0 || id >= std::int64_t(m_tokens.size()) || id == padId() || id == 1 || id == 2)
            continue;
        out.push_back(m_tokens[std::size_t(id)]);
    }
    return out;
}

std::string CtcVocabulary::join(const std::vector<std::string> &units) const
{
    std::string out;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (m_unit == "phone") {
            if (i)
                out += ' ';
            out += units[i];
        } else {
            out += units[i] == m_delimiter ? std::string(" ") : units[i];
        }
    }
    return out;
}

std::string CtcVocabulary::toJson() const
{
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < m_tokens.size(); ++i)
        j[m_tokens[i]] = i;
    return j.dump(2) + "\n";
}

CtcVocabulary CtcVocabulary::fromJson(const std::string &json, const std::string &unit, const std::string &wordDelimiter,
                                      const std::string &source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception &e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object() || j.empty())
        throw Error(source, "a vocabulary must be a non-empty JSON object of token -> id");
    CtcVocabulary v;
    v.m_unit = unit;
    v.m_delimiter = wordDelimiter;
    v.m_tokens.assign(j.size(), {});
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it->is_number_integer())
            throw Error(source, "the id of \"" + it.key() + "\" is not an integer");
        const std::int64_t id = it->get<std::int64_t>();
        if (id < 0 || id >= std::int64_t(j.size()) || !v.m_tokens[std::size_t(id)].empty())
            throw Error(source, "ids must be 0.." + std::to_string(j.size() - 1) + ", each used once (\"" + it.key() + "\")");
        v.m_tokens[std::size_t(id)] = it.key();
        v.m_ids[it.key()] = id;
    }
    const std::vector<std::string> fixed = {kPad, kBos, kEos, kUnk, wordDelimiter};
    for (std::size_t i = 0; i < fixed.size(); ++i)
        if (v.m_tokens.size() <= i || v.m_tokens[i] != fixed[i])
            throw Error(source, "expected \"" + fixed[i] + "\" at id " + std::to_string(i) +
                                    " (Fieldbench's CTC vocabulary layout)");
    return v;
}

std::size_t editDistance(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

void ErrorRates::add(const CtcVocabulary &vocab, const std::vector<std::string> &reference,
                     const std::vector<std::string> &hypothesis)
{
    auto unitsOf = [&](const std::vector<std::string> &s) {
        std::vector<std::string> out;
        for (const std::string &u : s)
            if (u != vocab.wordDelimiter())
                out.push_back(u);
        return out;
    };
    auto wordsOf = [&](const std::vector<std::string> &s) {
        std::vector<std::string> out;
        std::string word;
        for (const std::string &u : s) {
            if (u == vocab.wordDelimiter()) {
                if (!word.empty())
                    out.push_back(word);
                word.clear();
            } else {
                word += u;
                word += '\x1f'; // keeps "a b" + "c" apart from "a" + "b c"
            }
        }
        if (!word.empty())
            out.push_back(word);
        return out;
    };
    const auto refUnits = unitsOf(reference), refWords = wordsOf(reference);
    unitErrors += editDistance(refUnits, unitsOf(hypothesis));
    units += refUnits.size();
    wordErrors += editDistance(refWords, wordsOf(hypothesis));
    words += refWords.size();
    ++utterances;
}

} // namespace fieldbench
