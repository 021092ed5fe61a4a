#include "commands.h"

#include "fieldbench/analysis/codebookanalysis.h"
#include "fieldbench/util/error.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace fieldbench::cli {

namespace {

// "[lang 3/16 spa] 42.0/1920.0 s" on stderr; one line rewritten on a terminal, a line
// every 10% otherwise.
class AnalyzeProgress : public CodebookObserver
{
public:
    explicit AnalyzeProgress(bool enabled)
        : m_enabled(enabled)
        , m_tty(isatty(STDERR_FILENO) != 0)
    {}
    ~AnalyzeProgress() override
    {
        if (m_enabled && m_tty && m_printed)
            std::cerr << "\n";
    }
    void progress(const CodebookProgress &p) override
    {
        if (!m_enabled)
            return;
        char buf[160];
        std::snprintf(buf, sizeof buf, "[language %d/%d %s] %.1f / %.1f s, %lld frames", p.languageIndex + 1,
                      p.languageCount, p.language.c_str(), p.secondsDone, p.secondsTotal,
                      static_cast<long long>(p.frames));
        if (m_tty) {
            std::cerr << "\r" << buf << "\033[K" << std::flush;
            m_printed = true;
            return;
        }
        const int decile = p.secondsTotal > 0 ? int(10 * p.secondsDone / p.secondsTotal) : 0;
        if (decile != m_lastDecile || p.languageIndex != m_lastLanguage) {
            std::cerr << buf << "\n";
            m_lastDecile = decile;
            m_lastLanguage = p.languageIndex;
        }
    }

private:
    bool m_enabled;
    bool m_tty;
    bool m_printed = false;
    int m_lastDecile = -1;
    int m_lastLanguage = -1;
};

std::vector<std::string> splitList(const std::vector<std::string> &items)
{
    std::vector<std::string> out;
    for (const std::string &item : items) {
        std::stringstream s(item);
        std::string part;
        while (std::getline(s, part, ','))
            if (!part.empty())
                out.push_back(part);
    }
    return out;
}

} // namespace

void addAnalyzeCommands(CLI::App &app)
{
    CLI::App *analyze = app.add_subcommand("analyze", "Analyses of models on a project's data");
    analyze->require_subcommand(1);

    auto *codebook = analyze->add_subcommand(
        "codebook", "Which quantizer codewords each language uses, how languages share them, and how that "
                    "agrees with CLDR's language families (JSON, CSV and SVG into --out)");
    static std::string project, model, out;
    static std::vector<std::string> languages;
    static CodebookAnalysisConfig config;
    static bool quiet = false;
    codebook->add_option("--project,-p", project, "Project folder")->required();
    codebook->add_option("--model,-m", model, "wav2vec 2.0 pre-training model folder (with a quantizer)")->required();
    codebook->add_option("--out,-o", out, "Folder for report.json, CSV tables and SVG figures")->required();
    codebook->add_option("--languages,-l", languages, "Language codes, comma-separated (default: all with audio)");
    codebook->add_option("--seconds-per-language", config.secondsPerLanguage,
                         "Seconds of audio sampled per language (0 = as much as the smallest language has)")
        ->capture_default_str();
    codebook->add_option("--seed", config.seed, "Seed of the segment sample")->capture_default_str();
    codebook->add_option("--min-use-frequency", config.minUseFrequency,
                         "Share of a language's frames a codeword needs to count as used (0 = one frame)")
        ->capture_default_str();
    codebook->add_option("--metric", config.clusterMetric, "Clustering distance: js | cosine")->capture_default_str();
    codebook->add_option("--chunk-seconds", config.chunkSeconds, "Longest piece fed to the model at once")
        ->capture_default_str();
    codebook->add_option("--examples", config.examplesPerUnit, "Example stretches kept per language and codeword")
        ->capture_default_str();
    codebook->add_option("--shared-units", config.sharedUnitsListed, "Rows of the shared-units table")
        ->capture_default_str();
    codebook->add_option("--device", config.device, "cpu | cuda")->capture_default_str();
    codebook->add_flag("--quiet,-q", quiet, "No progress on stderr");
    codebook->callback([] {
        config.languages = splitList(languages);
        AnalyzeProgress progress(!quiet);
        CodebookReport report;
        {
            report = analyseCodebook(project, model, config, &progress);
        }
        const auto files = writeCodebookReport(report, out);
        std::cout << summarizeCodebookReport(report);
        std::cout << "wrote " << files.size() << " files to " << out << "\n";
    });
}

} // namespace fieldbench::cli
