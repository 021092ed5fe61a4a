#include "commands.h"

#include "fieldbench/analysis/codebookanalysis.h"
#include "fieldbench/analysis/textsimilarity.h"
#include "fieldbench/util/error.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace fieldbench::cli {

namespace {

// One progress line on stderr: rewritten in place on a terminal; elsewhere printed only at
// milestones, so logs stay short.
class ProgressLine
{
public:
    explicit ProgressLine(bool enabled)
        : m_enabled(enabled)
        , m_tty(isatty(STDERR_FILENO) != 0)
    {}
    ~ProgressLine()
    {
        if (m_enabled && m_tty && m_printed)
            std::cerr << "\n";
    }
    void show(const char *text, bool milestone)
    {
        if (!m_enabled)
            return;
        if (m_tty) {
            std::cerr << "\r" << text << "\033[K" << std::flush;
            m_printed = true;
        } else if (milestone) {
            std::cerr << text << "\n";
        }
    }

private:
    bool m_enabled;
    bool m_tty;
    bool m_printed = false;
};

// "[language 3/16 spa] 42.0/1920.0 s, 2100 frames"; off a terminal a line every 10%.
class AnalyzeProgress : public CodebookObserver
{
public:
    explicit AnalyzeProgress(bool enabled)
        : m_line(enabled)
    {}
    void progress(const CodebookProgress &p) override
    {
        char buf[160];
        std::snprintf(buf, sizeof buf, "[language %d/%d %s] %.1f / %.1f s, %lld frames", p.languageIndex + 1,
                      p.languageCount, p.language.c_str(), p.secondsDone, p.secondsTotal,
                      static_cast<long long>(p.frames));
        const int decile = p.secondsTotal > 0 ? int(10 * p.secondsDone / p.secondsTotal) : 0;
        const bool milestone = decile != m_lastDecile || p.languageIndex != m_lastLanguage;
        m_lastDecile = decile;
        m_lastLanguage = p.languageIndex;
        m_line.show(buf, milestone);
    }

private:
    ProgressLine m_line;
    int m_lastDecile = -1;
    int m_lastLanguage = -1;
};

// "[centroids 3/16 spa] 1200 / 6400 sentences"; off a terminal a line per language.
class TextProgress : public TextSimilarityObserver
{
public:
    explicit TextProgress(bool enabled)
        : m_line(enabled)
    {}
    void progress(const TextSimilarityProgress &p) override
    {
        char buf[160];
        std::snprintf(buf, sizeof buf, "[%s %d/%d %s] %lld / %lld sentences", p.stage.c_str(), p.languageIndex + 1,
                      p.languageCount, p.language.c_str(), static_cast<long long>(p.sentencesDone),
                      static_cast<long long>(p.sentencesTotal));
        const bool milestone = p.languageIndex != m_lastLanguage || p.stage != m_lastStage;
        m_lastLanguage = p.languageIndex;
        m_lastStage = p.stage;
        m_line.show(buf, milestone);
    }

private:
    ProgressLine m_line;
    int m_lastLanguage = -1;
    std::string m_lastStage;
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

    auto *text = analyze->add_subcommand(
        "text", "Language similarity from a tokenizer (fertility, continued words, <unk>, Jaccard overlap of used "
                "pieces) and optionally an XLM-R masked LM (centroid cosine per layer; linear CKA on parallel text), "
                "clustered and compared with CLDR's language families (JSON, CSV and SVG into --out)");
    static std::string textProject, textTokenizer, textModel, textParallel, textOut;
    static std::vector<std::string> textLanguages;
    static TextSimilarityConfig textConfig;
    static bool textQuiet = false;
    text->add_option("--project,-p", textProject, "Project folder (its text documents)")->required();
    text->add_option("--tokenizer,-t", textTokenizer,
                     "SentencePiece .model file or XLM-R folder (default: the --model folder's tokenizer)");
    text->add_option("--model,-m", textModel, "XLM-R masked-LM folder (optional): representation similarity");
    text->add_option("--parallel", textParallel,
                     "Folder of parallel text: <iso639-3>.txt per language, line i of each file the same sentence "
                     "(needs --model): linear CKA");
    text->add_option("--out,-o", textOut, "Folder for report.json, CSV tables and SVG figures")->required();
    text->add_option("--languages,-l", textLanguages, "Language codes, comma-separated (default: all with text)");
    text->add_option("--max-sentences", textConfig.maxSentences,
                     "Sentences per language, evenly spaced over its text (0 = all)")
        ->capture_default_str();
    text->add_flag("!--unbalanced", textConfig.balanced,
                   "Sample up to --max-sentences from every language instead of the same number from each");
    text->add_option("--min-piece-count", textConfig.minPieceCount,
                     "Occurrences a piece needs in a language's sample to count as used")
        ->capture_default_str();
    text->add_option("--batch-size", textConfig.batchSize, "Sentences per forward pass")->capture_default_str();
    text->add_option("--max-tokens", textConfig.maxTokens, "Tokens per sentence fed to the model (longer: cut)")
        ->capture_default_str();
    text->add_option("--device", textConfig.device, "cpu | cuda")->capture_default_str();
    text->add_flag("--quiet,-q", textQuiet, "No progress on stderr");
    text->callback([] {
        namespace fs = std::filesystem;
        textConfig.languages = splitList(textLanguages);
        fs::path tokenizer = textTokenizer;
        if (tokenizer.empty() && textModel.empty())
            throw Error("analyze text: give --tokenizer (a SentencePiece .model) or --model (an XLM-R folder)");
        if (tokenizer.empty())
            tokenizer = fs::path(textModel) / "sentencepiece.bpe.model";
        else if (fs::is_directory(tokenizer))
            tokenizer /= "sentencepiece.bpe.model";
        if (!fs::exists(tokenizer))
            throw Error(tokenizer.string(), "does not exist (--tokenizer: a SentencePiece .model file or an XLM-R "
                                            "folder holding sentencepiece.bpe.model)");
        if (!textModel.empty() && !fs::is_directory(textModel))
            throw Error(textModel, "is not a folder (--model: an XLM-R masked-LM folder)");
        TextProgress progress(!textQuiet);
        const TextSimilarityReport report =
            analyseTextSimilarity(textProject, tokenizer, textModel, textParallel, textConfig, &progress);
        const auto files = writeTextSimilarityReport(report, textOut);
        std::cout << summarizeTextSimilarityReport(report);
        std::cout << "wrote " << files.size() << " files to " << textOut << "\n";
    });
}

} // namespace fieldbench::cli
