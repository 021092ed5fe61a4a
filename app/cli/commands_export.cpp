// fieldbench-cli export / transcribe / lm: models out of the workbench, transcripts back
// into ELAN and Praat.

#include "commands.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/annotationwriters.h"
#include "fieldbench/corpus/annotations.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/io/modelexport.h"
#include "fieldbench/models/ctcdecoder.h"
#include "fieldbench/models/transcriber.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace fieldbench::cli {

namespace {

class StderrProgress : public TranscribeObserver
{
public:
    explicit StderrProgress(std::string name)
        : m_name(std::move(name))
        , m_tty(isatty(2))
    {
    }
    void progress(const TranscribeProgress &p) override
    {
        if (!m_tty && p.segmentsDone != p.segmentsTotal)
            return;
        std::cerr << (m_tty ? "\r" : "") << m_name << ": " << p.segmentsDone << "/" << p.segmentsTotal << " segments"
                  << (m_tty && p.segmentsDone != p.segmentsTotal ? "" : "\n") << std::flush;
    }

private:
    std::string m_name;
    bool m_tty;
};

// The audio and (optional) annotation document behind one input file.
struct Input
{
    fs::path audio;
    std::optional<AnnotationDocument> annotations; // .eaf / .TextGrid given or found beside the audio
    bool isEaf = false;
};

std::optional<fs::path> sibling(const fs::path &file, const std::vector<std::string> &extensions)
{
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(file.parent_path().empty() ? "." : file.parent_path(), ec)) {
        if (!e.is_regular_file() || e.path().stem() != file.stem() || e.path() == file)
            continue;
        const std::string ext = lowerExtension(e.path());
        for (const auto &want : extensions)
            if (ext == want)
                return e.path();
    }
    return std::nullopt;
}

Input resolveInput(const fs::path &file, bool needTier)
{
    Input in;
    const std::string ext = lowerExtension(file);
    if (ext == "eaf") {
        in.annotations = readEaf(file);
        in.isEaf = true;
        if (in.annotations->media.empty())
            throw Error(file.string(), "links no media file that exists; put the recording beside it");
        in.audio = in.annotations->media.front();
        for (const auto &m : in.annotations->media)
            if (looksLikeAudio(m)) {
                in.audio = m;
                break;
            }
    } else if (ext == "textgrid") {
        in.annotations = readTextGrid(file);
        const auto audio = sibling(file, {"wav", "flac", "ogg", "mp3", "opus", "aiff", "aif"});
        if (!audio)
            throw Error(file.string(), "has no recording of the same name beside it");
        in.audio = *audio;
    } else {
        in.audio = file;
        if (needTier) {
            if (const auto eaf = sibling(file, {"eaf"})) {
                in.annotations = readEaf(*eaf);
                in.isEaf = true;
            } else if (const auto tg = sibling(file, {"textgrid"})) {
                in.annotations = readTextGrid(*tg);
            } else {
                throw Error(file.string(), "--tier needs an .eaf or .TextGrid of the same name beside the recording");
            }
        }
    }
    return in;
}

} // namespace

void addExportCommands(CLI::App &app)
{
    // ---- export ----
    auto *exp = app.add_subcommand("export", "Write a Hugging Face model folder (transformers loads it as is) with a model card");
    static ExportOptions eo;
    static std::string run, model, out;
    static bool json = false;
    exp->add_option("--run", run, "Training run folder (its best or latest checkpoint): wav2vec 2.0 or XLM-R masked LM");
    exp->add_option("--model", model, "Or a model folder");
    exp->add_option("--out", out, "Folder to write")->required();
    exp->add_option("--dtype", eo.dtype, "fp32 | fp16 | bf16")->capture_default_str();
    exp->add_flag("--encoder-only", eo.encoderOnly, "Save only the encoder (Wav2Vec2Model)");
    exp->add_option("--checkpoint", eo.checkpoint, "best | latest | a checkpoint folder name (with --run)")->capture_default_str();
    exp->add_flag("--overwrite", eo.overwrite, "Write into a non-empty folder");
    exp->add_flag("--json", json, "Machine-readable report");
    exp->callback([] {
        eo.run = run;
        eo.model = model;
        eo.out = out;
        const ExportReport r = exportModel(eo);
        if (json) {
            std::cout << nlohmann::json{{"source", r.source.string()}, {"architecture", r.architecture},
                                        {"parameters", r.parameters}, {"files", r.files}, {"warnings", r.warnings}}
                             .dump(2)
                      << "\n";
            return;
        }
        std::cout << "exported " << r.architecture << " (" << r.parameters << " parameters, " << eo.dtype << ") from "
                  << r.source.string() << " to " << out << "\n";
        for (const auto &f : r.files)
            std::cout << "  " << f << "\n";
        for (const auto &w : r.warnings)
            std::cerr << "warning: " << w << "\n";
    });

    // ---- transcribe ----
    auto *tr = app.add_subcommand("transcribe", "Transcribe recordings with a CTC model into txt, ELAN, Praat or JSON");
    static TranscribeConfig tc;
    static std::string trModel, format = "txt", outDir, tier, outputTier = "asr", lmFile, lmProject, lmTier = "text",
                       lexicon;
    static std::vector<std::string> files;
    static int lmOrder = 5;
    static bool inPlace = false;
    tr->add_option("--model", trModel, "CTC model folder (Wav2Vec2ForCTC + vocab.json)")->required();
    tr->add_option("files", files, "Recordings, or .eaf / .TextGrid files (their linked or same-name recording)")->required();
    tr->add_option("--format", format, "txt | eaf | textgrid | json")->capture_default_str();
    tr->add_option("--out", outDir, "Folder for the outputs (default: beside each input), named <stem>.asr.<ext>");
    tr->add_flag("--in-place", inPlace, "eaf/textgrid: add the tier to the input annotation file itself");
    tr->add_option("--tier", tier, "Segment by this tier of the .eaf/.TextGrid instead of voice-activity detection");
    tr->add_option("--output-tier", outputTier, "Name of the new tier")->capture_default_str();
    tr->add_option("--beam", tc.beamSize, "0: greedy; N: CTC prefix beam search with N prefixes")->capture_default_str();
    tr->add_option("--lm", lmFile, "Token n-gram LM file (fieldbench-cli lm train) for beam search");
    tr->add_option("--lm-project", lmProject, "Or train the n-gram LM now from this project's text");
    tr->add_option("--lm-tier", lmTier, "Transcript tier the LM learns from")->capture_default_str();
    tr->add_option("--lm-order", lmOrder, "n-gram order")->capture_default_str();
    tr->add_option("--lm-weight", tc.lmWeight, "LM weight")->capture_default_str();
    tr->add_option("--token-bonus", tc.tokenBonus, "Log-domain bonus per token (beam search)")->capture_default_str();
    tr->add_option("--lexicon", lexicon, "Word list (one per line) for beam search");
    tr->add_option("--oov-penalty", tc.oovPenalty, "Penalty per word not in the lexicon")->capture_default_str();
    tr->add_option("--batch", tc.batchSize, "Segments per forward pass")->capture_default_str();
    tr->add_option("--unit", tc.unit, "auto | char | phone")->capture_default_str();
    tr->add_option("--device", tc.device, "cpu | cuda | cuda:N")->capture_default_str();
    tr->add_flag("--bf16", tc.bf16, "bf16 autocast for the forward pass");
    tr->add_option("--segmentation", tc.segmentation, "vad | fixed (windows of --vad-max-segment) | tier (set by --tier)")
        ->capture_default_str();
    tr->add_option("--vad-margin-db", tc.vad.marginDb, "Speech is this many dB above the noise floor")->capture_default_str();
    tr->add_option("--vad-floor-db", tc.vad.floorDb, "Frames below this level (dBFS) are never speech")->capture_default_str();
    tr->add_option("--vad-zcr", tc.vad.zcrThreshold, "Zero-crossing rate marking quiet fricatives; 0 disables")->capture_default_str();
    tr->add_option("--vad-min-silence", tc.vad.minSilenceSeconds, "Shorter pauses do not split (s)")->capture_default_str();
    tr->add_option("--vad-min-speech", tc.vad.minSpeechSeconds, "Shorter bursts are dropped (s)")->capture_default_str();
    tr->add_option("--vad-padding", tc.vad.paddingSeconds, "Padding around segments (s)")->capture_default_str();
    tr->add_option("--vad-max-segment", tc.vad.maxSegmentSeconds, "Longer segments are split (s)")->capture_default_str();
    tr->callback([] {
        if (format != "txt" && format != "eaf" && format != "textgrid" && format != "json")
            throw Error("--format must be txt, eaf, textgrid or json");
        if (!tier.empty())
            tc.segmentation = "tier";
        else if (tc.segmentation == "tier")
            throw Error("--segmentation tier needs --tier NAME");
        if (!lmFile.empty() && !lmProject.empty())
            throw Error("give --lm or --lm-project, not both");
        if ((!lmFile.empty() || !lmProject.empty() || !lexicon.empty()) && tc.beamSize == 0)
            tc.beamSize = 8; // an LM or lexicon only acts in beam search
        Transcriber transcriber(trModel, tc);
        if (!lmFile.empty()) {
            auto lm = std::make_shared<CharNgramLm>(CharNgramLm::load(lmFile));
            transcriber.setLanguageModel(lm);
        } else if (!lmProject.empty()) {
            const Project project = Project::open(lmProject);
            transcriber.setLanguageModel(
                std::make_shared<CharNgramLm>(trainProjectLm(project, transcriber.vocabulary(), lmTier, lmOrder)));
        }
        if (!lexicon.empty()) {
            std::istringstream in(readFile(lexicon));
            std::vector<std::string> words;
            std::string w;
            while (in >> w)
                words.push_back(w);
            transcriber.setLexicon(words);
        }
        const std::string ext = format == "txt" ? ".txt" : format == "eaf" ? ".eaf" : format == "textgrid" ? ".TextGrid" : ".json";
        for (const std::string &f : files) {
            const fs::path file(f);
            const Input in = resolveInput(file, !tier.empty());
            std::vector<AnnotationInterval> spans;
            if (!tier.empty()) {
                const AnnotationTier *t = in.annotations->tier(tier);
                if (!t) {
                    std::string names;
                    for (const auto &x : in.annotations->tiers)
                        names += (names.empty() ? "" : ", ") + x.name;
                    throw Error(in.annotations->file.string(), "has no tier \"" + tier + "\" (tiers: " + names + ")");
                }
                spans = t->intervals;
            }
            const auto t0 = std::chrono::steady_clock::now();
            StderrProgress progress(file.filename().string());
            const Transcription result = transcriber.transcribeFile(in.audio, spans, &progress);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

            const fs::path dir = outDir.empty() ? (file.parent_path().empty() ? fs::path(".") : file.parent_path()) : fs::path(outDir);
            fs::create_directories(dir);
            const AnnotationTier newTier = result.toTier(outputTier);
            fs::path written;
            if (format == "txt") {
                written = dir / (file.stem().string() + ".asr" + ext);
                writeFileAtomically(written, result.toText());
            } else if (format == "json") {
                written = dir / (file.stem().string() + ".asr" + ext);
                writeFileAtomically(written, result.toJson());
            } else if (format == "eaf") {
                if (in.annotations && in.isEaf) {
                    written = inPlace ? in.annotations->file : dir / (file.stem().string() + ".asr" + ext);
                    EafTierOptions o;
                    o.annotator = "fieldbench-cli transcribe";
                    const std::string id = addTierToEaf(in.annotations->file, newTier, written, o);
                    if (id != outputTier)
                        std::cerr << "note: tier written as \"" << id << "\"\n";
                } else {
                    written = dir / (file.stem().string() + ".asr" + ext);
                    writeEaf(written, {newTier}, {fs::absolute(in.audio)});
                }
            } else {
                std::vector<AnnotationTier> tiers;
                const bool fromTextGrid = in.annotations && !in.isEaf;
                if (fromTextGrid)
                    tiers = in.annotations->tiers;
                for (const auto &t : tiers)
                    if (t.name == outputTier)
                        throw Error(in.annotations->file.string(), "already has a tier \"" + outputTier + "\"; use --output-tier");
                tiers.push_back(newTier);
                written = inPlace && fromTextGrid ? in.annotations->file : dir / (file.stem().string() + ".asr" + ext);
                writeTextGrid(written, tiers, 0, result.durationSeconds);
            }
            std::cerr << file.string() << ": " << result.segments.size() << " segments, "
                      << result.durationSeconds << " s of audio in " << seconds << " s (RTF "
                      << (result.durationSeconds > 0 ? seconds / result.durationSeconds : 0.0) << ") -> " << written.string()
                      << "\n";
        }
    });

    // ---- lm ----
    auto *lm = app.add_subcommand("lm", "Token n-gram language models for CTC beam search");
    lm->require_subcommand(1);
    auto *train = lm->add_subcommand("train", "Train a character/phone n-gram on a project's transcripts (and text)");
    static std::string lmModelDir, lmProjectDir, lmOut, lmTrainTier = "text", lmUnit = "auto";
    static int lmTrainOrder = 5;
    static std::vector<std::string> lmLanguages;
    train->add_option("--model", lmModelDir, "CTC model folder whose vocabulary the LM uses")->required();
    train->add_option("--project", lmProjectDir, "Project folder")->required();
    train->add_option("--tier", lmTrainTier, "Transcript tier")->capture_default_str();
    train->add_option("--order", lmTrainOrder, "n-gram order")->capture_default_str();
    train->add_option("--unit", lmUnit, "auto | char | phone")->capture_default_str();
    train->add_option("--language", lmLanguages, "Only these languages (ISO 639-3)");
    train->add_option("--out", lmOut, "File to write")->required();
    train->callback([] {
        const auto config = nlohmann::json::parse(readFile(fs::path(lmModelDir) / "config.json"));
        const CtcVocabulary vocab
            = CtcVocabulary::load(fs::path(lmModelDir) / "vocab.json", config.value("pad_token_id", 0), lmUnit);
        const Project project = Project::open(lmProjectDir);
        const CharNgramLm model = trainProjectLm(project, vocab, lmTrainTier, lmTrainOrder, lmLanguages);
        model.save(lmOut);
        std::cout << "wrote " << lmOut << " (" << lmTrainOrder << "-gram over " << vocab.tokens.size() << " tokens)\n";
    });
}

} // namespace fieldbench::cli
