#pragma once

// "How good is your tokenizer?" (Rust et al. 2021) figures for a SentencePiece model on the
// text of each language: fertility (pieces per word), proportion of continued words (words
// split into two or more pieces), <unk> and byte-fallback rates, characters the vocabulary
// does not cover, and the same per script. Words are whitespace-separated; each word is
// encoded on its own (so the figures do not depend on sentence context). Plain C++.

#include "fieldbench/text/sentencepiece.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fieldbench {

struct TokenizerCounts
{
    std::int64_t words = 0;
    std::int64_t pieces = 0;         // all pieces, a lone word-start marker included
    std::int64_t continuedWords = 0; // words of 2 or more pieces
    std::int64_t unkPieces = 0;
    std::int64_t bytePieces = 0;     // byte-fallback pieces <0xNN>
    std::int64_t wordsWithUnk = 0;

    double fertility() const { return words ? double(pieces) / double(words) : 0.0; }
    double continuedShare() const { return words ? double(continuedWords) / double(words) : 0.0; }
    double unkRate() const { return pieces ? double(unkPieces) / double(pieces) : 0.0; }
    double byteRate() const { return pieces ? double(bytePieces) / double(pieces) : 0.0; }
};

struct TokenizerLanguageReport
{
    std::string language;
    TokenizerCounts all;
    std::map<std::string, TokenizerCounts> scripts; // ISO 15924 name ("Latin"...; "Common" for
                                                    // words without letters) -> counts
    std::int64_t characters = 0;            // code points (whitespace excluded)
    std::int64_t uncoveredCharacters = 0;   // occurrences of characters with no piece of their own
    std::map<std::string, std::int64_t> uncovered; // those characters -> occurrences
};

// Figures for every language of `corpus`.
std::vector<TokenizerLanguageReport> tokenizerReport(const SentencePieceTokenizer &tokenizer,
                                                     const LanguageCorpus &corpus);

nlohmann::json toJson(const TokenizerLanguageReport &report);

// A plain-text table, one block per language, one column per tokenizer (names[i] heads the
// column of reports[i]); reports[i] must list the same languages in the same order.
std::string formatTokenizerReports(const std::vector<std::string> &names,
                                   const std::vector<std::vector<TokenizerLanguageReport>> &reports);

} // namespace fieldbench
