#pragma once

// The output vocabulary of a CTC recogniser, in Hugging Face Wav2Vec2CTCTokenizer's
// conventions: vocab.json maps token -> id with "<pad>" = 0 (also the CTC blank),
// "<s>" = 1, "</s>" = 2, "<unk>" = 3, the word delimiter "|" = 4, then the units sorted by
// code point. Units are either
//   - "phone": whitespace-separated tokens of a transcript tier (e.g. espeak-ng's
//     "ˈo l a | e l"), so an IPA phone with its diacritics, tie bars and length marks
//     ("tʃ", "aː", "ˈe") stays one token; or
//   - "char": extended grapheme clusters (ICU), so a base letter and its combining marks
//     are one token; spaces become the word delimiter.
// No torch: plain data, used by the trainer, the exporter and tests.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fieldbench {

class CtcVocabulary
{
public:
    static constexpr const char *kPad = "<pad>";
    static constexpr const char *kBos = "<s>";
    static constexpr const char *kEos = "</s>";
    static constexpr const char *kUnk = "<unk>";

    CtcVocabulary() = default;
    // Every unit of `transcripts`; throws Error when there is none.
    static CtcVocabulary build(const std::vector<std::string> &transcripts, const std::string &unit,
                               const std::string &wordDelimiter = "|");

    // Units of one transcript, with the delimiter between words (never at either end, never twice).
    std::vector<std::string> split(const std::string &transcript) const;
    // Ids (unknown units -> <unk>).
    std::vector<std::int64_t> encode(const std::string &transcript) const;
    // Ids -> units (specials dropped).
    std::vector<std::string> tokens(const std::vector<std::int64_t> &ids) const;
    // Units -> text: phones separated by spaces and words by " | " (the tier's own format);
    // chars concatenated with a space between words.
    std::string join(const std::vector<std::string> &units) const;

    int size() const { return int(m_tokens.size()); }
    std::int64_t padId() const { return 0; }
    std::int64_t unkId() const { return 3; }
    std::int64_t delimiterId() const { return 4; }
    const std::string &unit() const { return m_unit; }
    const std::string &wordDelimiter() const { return m_delimiter; }
    const std::vector<std::string> &tokenList() const { return m_tokens; }

    // vocab.json (token -> id, as Wav2Vec2CTCTokenizer reads it).
    std::string toJson() const;
    // `unit` is not part of vocab.json; the run's config gives it.
    static CtcVocabulary fromJson(const std::string &json, const std::string &unit,
                                  const std::string &wordDelimiter = "|", const std::string &source = "vocab.json");

private:
    std::string m_unit = "phone";
    std::string m_delimiter = "|";
    std::vector<std::string> m_tokens;          // id -> token
    std::map<std::string, std::int64_t> m_ids;  // token -> id
};

// Levenshtein distance between two sequences (substitutions, insertions, deletions: 1 each).
std::size_t editDistance(const std::vector<std::string> &reference, const std::vector<std::string> &hypothesis);

// Error rates of a recogniser, accumulated over utterances: unit error rate (PER for
// phones, CER for characters; delimiters excluded) and word error rate.
struct ErrorRates
{
    std::size_t unitErrors = 0, units = 0;
    std::size_t wordErrors = 0, words = 0;
    std::size_t utterances = 0;
    void add(const CtcVocabulary &vocab, const std::vector<std::string> &reference,
             const std::vector<std::string> &hypothesis);
    double unitErrorRate() const { return units ? double(unitErrors) / double(units) : 0.0; }
    double wordErrorRate() const { return words ? double(wordErrors) / double(words) : 0.0; }
};

} // namespace fieldbench
