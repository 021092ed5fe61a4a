#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "fieldbench/corpus/importer.h"

namespace fieldbench {

struct DemoOptions
{
    // espeak-ng voice codes; each must have Debian manual pages (manpages-XX) for its text.
    std::vector<std::string> languages = {"es", "it", "pt", "ro", "de", "nl", "sv", "da",
                                          "ru", "uk", "pl", "cs", "fi", "hu", "tr", "id"};
    int speakersPerLanguage = 3;    // espeak-ng voice variants (+m1, +f2, ...)
    int sentencesPerSpeaker = 12;   // utterances recorded per speaker
    int textSentences = 400;        // sentences per language imported as text documents
    unsigned seed = 1;
    std::filesystem::path manRoot = "/usr/share/man";
};

struct DemoSummary
{
    ImportSummary import;
    std::vector<std::string> languagesBuilt;
    std::vector<std::string> warnings;
};

// Builds a multilingual demo project: real sentences from Debian's translated manual
// pages (cleaned into speakable sentences), spoken by espeak-ng voice variants (speakers),
// with an orthographic tier "text" and an IPA tier "ipa" from espeak-ng; the sentences
// also go in as text documents. Throws Error naming what to install when espeak-ng or a
// language's manual pages are missing.
DemoSummary buildDemoProject(const std::filesystem::path &dir, const DemoOptions &options,
                             ImportObserver *observer = nullptr,
                             const std::atomic<bool> *cancel = nullptr);

// Speakable sentences from roff manual pages of one language (exposed for tests): those of
// the manpages-XX package only, where dpkg lists its files, so other installed packages'
// translated pages do not change the demo corpus.
std::vector<std::string> demoSentences(const std::filesystem::path &manDir, std::size_t maxCount,
                                       unsigned seed);

} // namespace fieldbench
