#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fieldbench {

struct TextStats
{
    std::int64_t sentences = 0;
    std::int64_t words = 0;      // runs of non-whitespace
    std::int64_t characters = 0; // code points, excluding line breaks
    std::map<std::string, std::int64_t> scripts; // ISO 15924 long name -> letters
};

struct NormalisedText
{
    std::vector<std::string> lines; // NFC, trimmed, non-empty, first occurrence kept
    std::int64_t duplicatesRemoved = 0;
    std::int64_t emptyLines = 0;
    TextStats stats;
};

// Validates UTF-8 (a BOM is dropped), NFC-normalises with ICU, trims, drops empty lines and
// duplicates. Throws Error("file:line: invalid UTF-8 at byte N") at the first bad line.
NormalisedText normaliseText(const std::string &utf8, const std::string &fileNameForErrors);

// NFC of one string; throws Error on invalid UTF-8.
std::string nfc(const std::string &utf8);

TextStats textStats(const std::vector<std::string> &lines);

// Script of each letter, counted (ICU's uscript); "Common"/"Inherited" are not counted.
std::map<std::string, std::int64_t> scriptCounts(const std::string &utf8);

} // namespace fieldbench
