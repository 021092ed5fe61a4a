#pragma once

// Codebook sharing between languages, as in the XLSR paper's analysis: run a wav2vec 2.0
// model's quantizer (eval mode: hard argmax, no masking) over a seeded, seconds-balanced
// sample of each language's audio, count which discrete units each language uses, and
// compare languages by those usage distributions (similarity matrices, clustering, a 2-D
// projection, agreement with CLDR's language families).
//
// analyseCodebook() (torch, codebookanalysis.cpp) counts; buildCodebookReport() (plain,
// codebookreport.cpp) turns counts into the report; writeCodebookReport() writes JSON, CSV
// tables and SVG figures. This header has no torch or Qt types.

#include "fieldbench/analysis/codebookstats.h"
#include "fieldbench/analysis/genealogy.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fieldbench {

struct CodebookAnalysisConfig
{
    std::vector<std::string> languages;  // project language codes (ISO 639-3 or 639-1); empty = all with audio
    double secondsPerLanguage = 120;     // seconds of audio sampled per language; 0 = as much as the smallest language has
    std::uint64_t seed = 0;              // seed of the segment sample (per language, independent of the others chosen)
    double chunkSeconds = 10;            // longest piece of audio fed to the model at once (s)
    double minUseFrequency = 0.0005;     // a language "uses" a codeword when at least this share of its frames has it; 0 = one frame
    std::string clusterMetric = "js";    // distance the clustering uses: "js" (Jensen-Shannon), "cosine" (1 - cosine)
    int examplesPerUnit = 3;             // example stretches kept per language and codeword (longest runs)
    int sharedUnitsListed = 100;         // rows of the shared-units table (codewords used by most languages)
    std::string device = "cpu";          // "cpu" | "cuda"

    std::vector<std::string> validate() const; // readable problems, empty when valid
};

// Progress of the counting pass (the report is quick after it).
struct CodebookProgress
{
    std::string language;      // code of the language being read
    int languageIndex = 0;     // 0-based
    int languageCount = 0;
    double secondsDone = 0;    // audio seconds quantized so far, all languages
    double secondsTotal = 0;   // audio seconds the sample holds, all languages
    std::int64_t frames = 0;   // frames counted so far
};

// Receives progress on the thread that runs analyseCodebook().
class CodebookObserver
{
public:
    virtual ~CodebookObserver() = default;
    virtual void progress(const CodebookProgress &p) = 0;
};

// A stretch of audio where one codeword held for consecutive frames.
struct UnitExample
{
    std::int64_t segmentId = 0;
    std::string audioFile; // relative to the project folder
    double start = 0;      // seconds in the recording
    double end = 0;
};

struct LanguageUsage
{
    std::string code;
    std::string name;
    double seconds = 0;        // audio quantized
    std::int64_t segments = 0; // segments sampled
    std::int64_t frames = 0;
    std::vector<std::vector<std::int64_t>> groupCounts; // [G][V]
    CodeCounts jointCounts;                             // joint codeword -> frames
    UsageStats joint;                                   // over joint codewords
    std::vector<UsageStats> groups;                     // per group
    // Example stretches per joint codeword (runtime only; the report keeps those of the
    // shared units).
    std::map<std::uint64_t, std::vector<UnitExample>> examples;
};

// A codeword many languages use.
struct SharedUnit
{
    std::uint64_t code = 0;
    std::vector<int> indices;                            // per group
    std::vector<std::string> languages;                  // codes of the languages that use it
    std::map<std::string, double> frequency;             // language -> share of its frames
    std::map<std::string, std::vector<UnitExample>> examples; // language -> stretches
};

struct CodebookReport
{
    std::string model;         // model folder
    std::string project;       // project folder
    CodebookAnalysisConfig config;
    int groups = 0;            // G
    int entries = 0;           // V
    double frameSeconds = 0;   // hop between frames (s)
    std::vector<LanguageUsage> languages;

    // n x n row-major, in the order of `languages`.
    std::vector<double> cosine;      // cosine similarity of joint-codeword counts
    std::vector<double> jensenShannon; // JS divergence (nats, 0..ln 2)
    std::vector<double> shared;      // [i][j]: share of i's frames whose codeword j uses
    std::vector<double> distance;    // what the clustering used (config.clusterMetric)
    Dendrogram dendrogram;
    // 2-D PCA of the languages' Hellinger-transformed (square-root) usage distributions
    // over joint codewords.
    std::vector<std::array<double, 2>> projection;
    std::array<double, 2> projectionExplained{0.0, 0.0};
    std::string projectionMethod;
    GenealogyAgreement genealogy;
    std::vector<SharedUnit> sharedUnits;
    // [k]: joint codewords used (config.minUseFrequency) by exactly k languages; k = 0..n.
    std::vector<std::int64_t> codewordsByLanguageCount;
    std::int64_t codewordsUsed = 0; // by at least one language

    int languageIndex(const std::string &code) const; // -1 when absent
};

// Samples, quantizes and counts, then builds the report. Opens its own Project (one per
// thread). `cancel` is read between chunks; a cancelled run throws Cancelled
// (audiofile.h). Throws Error for an invalid config, a model folder without a quantizer,
// unknown languages or languages without audio.
CodebookReport analyseCodebook(const std::filesystem::path &projectDir, const std::filesystem::path &modelDir,
                               const CodebookAnalysisConfig &config, CodebookObserver *observer = nullptr,
                               const std::atomic<bool> *cancel = nullptr);

// Everything after counting: per-language statistics, matrices, clustering, projection,
// genealogy (with `groups`; nullptr loads CLDR's file, and a missing file leaves the
// genealogy empty with excluded = every language), shared units.
CodebookReport buildCodebookReport(std::vector<LanguageUsage> languages, int groups, int entries,
                                   const CodebookAnalysisConfig &config, const LanguageGroups *genealogy = nullptr);

// Writes report.json and CSV tables (languages, cosine, jensen_shannon, shared_frames,
// clusters, projection, shared_units, genealogy, usage_per_group) and SVG figures
// (heatmap_cosine, heatmap_js, dendrogram, projection, usage) into `dir` (created).
// Returns the paths written.
std::vector<std::filesystem::path> writeCodebookReport(const CodebookReport &report, const std::filesystem::path &dir);

// Reads a report.json written by writeCodebookReport() (joint counts included). Throws
// Error naming the file.
CodebookReport readCodebookReport(const std::filesystem::path &reportJson);

// A few lines for a terminal: languages, distinct codewords, perplexity, the clusters of
// CLDR groups, nearest neighbours, cophenetic correlation.
std::string summarizeCodebookReport(const CodebookReport &report);

} // namespace fieldbench
