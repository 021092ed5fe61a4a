// Text side of fieldbench-cli: SentencePiece tokenizers (train, report, encode) and XLM-R
// masked language models (init, train, eval, adapt a vocabulary, info).
//
// `mlm train` runs the small built-in loop (core/models/mlmtraining.h) for quick
// experiments; real runs (run folder, checkpoints, resume, dev evaluation) belong to
// `fieldbench-cli train` with objective mlm (e.g. `--preset mlm-continue`).

#include "commands.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/models/mlmtraining.h"
#include "fieldbench/models/vocabadapt.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/mlmdata.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/text/tokenizerreport.h"
#include "fieldbench/util/error.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace fieldbench::cli {
namespace {

// Where text comes from: a project (its text documents, some languages) and/or files.
struct TextInput
{
    std::string project;
    std::vector<std::string> languages;
    std::vector<std::string> files; // FILE:LANG
    double heldout = 0;             // 0: all of it; else the share held out (last lines)
    std::string part = "train";     // with heldout: "train" | "heldout"

    void addOptions(CLI::App *cmd, bool withSplit)
    {
        cmd->add_option("--project", project, "Project folder whose text documents to use");
        cmd->add_option("--language", languages, "Only these languages of the project (ISO 639-3; repeatable)");
        cmd->add_option("--text", files, "A UTF-8 text file and its language, FILE:LANG (repeatable)");
        if (withSplit) {
            cmd->add_option("--heldout", heldout, "Share of each language's lines held out (the last ones); 0 = none")
                ->capture_default_str();
            cmd->add_option("--part", part, "With --heldout: train | heldout")->capture_default_str();
        }
    }

    LanguageCorpus load() const
    {
        LanguageCorpus corpus;
        if (!project.empty())
            corpus = projectText(Project::open(project), languages);
        for (const std::string &spec : files) {
            const auto colon = spec.rfind(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
                throw Error("--text needs FILE:LANG, got '" + spec + "'");
            addTextFile(corpus, spec.substr(colon + 1), spec.substr(0, colon));
        }
        if (project.empty() && files.empty())
            throw Error("no text given: pass --project DIR (and --language CODE) or --text FILE:LANG");
        if (heldout > 0) {
            auto split = splitHeldOut(corpus, heldout);
            if (part == "train")
                return split.first;
            if (part == "heldout")
                return split.second;
            throw Error("--part must be train or heldout, not '" + part + "'");
        }
        return corpus;
    }
};

// The SentencePiece model of an XLM-R folder, or a .model file.
fs::path spmPath(const std::string &modelOrFolder)
{
    if (fs::is_directory(modelOrFolder))
        return fs::path(modelOrFolder) / "sentencepiece.bpe.model";
    return modelOrFolder;
}

void printJsonLine(const nlohmann::json &j)
{
    std::cout << j.dump() << std::endl;
}

} // namespace

void addTokenizerCommands(CLI::App &app)
{
    CLI::App *tok = app.add_subcommand("tokenizer", "Train, compare and run SentencePiece tokenizers");
    tok->require_subcommand(1);

    // --- train
    auto *train = tok->add_subcommand("train", "Train a SentencePiece model (unigram or BPE) on a project's text");
    auto trainIn = std::make_shared<TextInput>();
    auto cfg = std::make_shared<SentencePieceTrainingConfig>();
    auto out = std::make_shared<std::string>();
    auto trainJson = std::make_shared<bool>(false);
    trainIn->addOptions(train, true);
    train->add_option("--out", *out, "Output prefix: writes PREFIX.model and PREFIX.vocab")->required();
    train->add_option("--type", cfg->modelType, "unigram | bpe")->capture_default_str();
    train->add_option("--vocab-size", cfg->vocabSize, "Pieces in the vocabulary")->capture_default_str();
    train->add_option("--character-coverage", cfg->characterCoverage, "Share of characters covered")->capture_default_str();
    train->add_flag("--byte-fallback", cfg->byteFallback, "Unknown characters as UTF-8 byte pieces");
    train->add_option("--user-symbol", cfg->userSymbols, "A piece kept whole (repeatable)");
    train->add_option("--alpha", cfg->alpha, "Language sampling exponent for several languages")->capture_default_str();
    train->add_option("--sampled-lines", cfg->sampledLines, "Lines after alpha resampling (0 = as many as the input)")
        ->capture_default_str();
    train->add_option("--threads", cfg->threads, "Trainer threads")->capture_default_str();
    train->add_option("--seed", cfg->seed, "Random seed")->capture_default_str();
    train->add_flag("--json", *trainJson, "Machine-readable output");
    train->callback([trainIn, cfg, out, trainJson] {
        const LanguageCorpus corpus = trainIn->load();
        const auto t0 = std::chrono::steady_clock::now();
        const fs::path model = trainSentencePiece(corpus, *cfg, *out);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const SentencePieceTokenizer t(model);
        nlohmann::json lines = nlohmann::json::object();
        for (const auto &[code, l] : corpus.lines)
            lines[code] = l.size();
        if (*trainJson)
            std::cout << nlohmann::json{{"model", model.string()}, {"pieces", t.size()}, {"lines", lines},
                                        {"seconds", seconds}}.dump(2) << "\n";
        else
            std::cout << "trained a " << cfg->modelType << " model of " << t.size() << " pieces on "
                      << corpus.lineCount() << " lines (" << corpus.lines.size() << " languages) in "
                      << seconds << " s: " << model.string() << "\n";
    });

    // --- report
    auto *report = tok->add_subcommand("report", "Fertility, continued words, UNK/byte rates and coverage per language; "
                                                 "two --model options side by side");
    auto repIn = std::make_shared<TextInput>();
    auto models = std::make_shared<std::vector<std::string>>();
    auto repJson = std::make_shared<bool>(false);
    repIn->addOptions(report, true);
    report->add_option("--model", *models, "SentencePiece .model file or XLM-R folder (once or twice)")->required();
    report->add_flag("--json", *repJson, "Machine-readable output");
    report->callback([repIn, models, repJson] {
        const LanguageCorpus corpus = repIn->load();
        std::vector<std::vector<TokenizerLanguageReport>> reports;
        std::vector<std::string> names;
        nlohmann::json j = nlohmann::json::array();
        for (const std::string &m : *models) {
            const SentencePieceTokenizer t(spmPath(m));
            reports.push_back(tokenizerReport(t, corpus));
            names.push_back(m);
            nlohmann::json langs = nlohmann::json::array();
            for (const auto &r : reports.back())
                langs.push_back(toJson(r));
            j.push_back({{"model", m}, {"pieces", t.size()}, {"languages", langs}});
        }
        if (*repJson)
            std::cout << j.dump(2) << "\n";
        else
            std::cout << formatTokenizerReports(names, reports);
    });

    // --- encode
    auto *encode = tok->add_subcommand("encode", "Encode lines (arguments or stdin) to pieces or ids");
    auto encModel = std::make_shared<std::string>();
    auto encText = std::make_shared<std::vector<std::string>>();
    auto encXlmr = std::make_shared<bool>(false);
    auto encPieces = std::make_shared<bool>(false);
    encode->add_option("--model", *encModel, "SentencePiece .model file or XLM-R folder")->required();
    encode->add_flag("--xlmr", *encXlmr, "Hugging Face XLM-R ids: <s> ... </s>, fairseq offset");
    encode->add_flag("--pieces", *encPieces, "Print pieces instead of ids");
    encode->add_option("text", *encText, "Lines to encode (default: read stdin)");
    encode->callback([encModel, encText, encXlmr, encPieces] {
        auto spm = std::make_shared<SentencePieceTokenizer>(spmPath(*encModel));
        const XlmrTokenizer xlmr(spm);
        const auto one = [&](const std::string &line) {
            std::string outLine;
            if (*encPieces) {
                std::vector<std::string> pieces = spm->encodePieces(line);
                if (*encXlmr) {
                    pieces.insert(pieces.begin(), "<s>");
                    pieces.push_back("</s>");
                }
                for (const auto &p : pieces)
                    outLine += (outLine.empty() ? "" : " ") + p;
            } else if (*encXlmr) {
                for (std::int64_t id : xlmr.encode(line))
                    outLine += (outLine.empty() ? "" : " ") + std::to_string(id);
            } else {
                for (int id : spm->encodeIds(line))
                    outLine += (outLine.empty() ? "" : " ") + std::to_string(id);
            }
            std::cout << outLine << "\n";
        };
        if (!encText->empty()) {
            for (const auto &l : *encText)
                one(l);
        } else {
            for (std::string line; std::getline(std::cin, line);)
                one(line);
        }
    });
}

void addMlmCommands(CLI::App &app)
{
    CLI::App *mlm = app.add_subcommand("mlm", "XLM-R masked language models: create, train (small built-in loop), "
                                              "evaluate, adapt to a new vocabulary");
    mlm->require_subcommand(1);

    // --- init
    auto *init = mlm->add_subcommand("init", "A randomly initialised XLMRobertaForMaskedLM folder for a tokenizer");
    auto preset = std::make_shared<std::string>("small");
    auto initTok = std::make_shared<std::string>();
    auto initOut = std::make_shared<std::string>();
    auto initSeed = std::make_shared<std::uint64_t>(0);
    auto initLen = std::make_shared<int>(0);
    init->add_option("--preset", *preset, "tiny | small | base | large")->capture_default_str();
    init->add_option("--tokenizer", *initTok, "SentencePiece .model (sets vocab_size)")->required();
    init->add_option("--max-length", *initLen, "Longest input in tokens (0 = the preset's)");
    init->add_option("--seed", *initSeed, "Random seed")->capture_default_str();
    init->add_option("--out", *initOut, "New model folder")->required();
    init->callback([preset, initTok, initOut, initSeed, initLen] {
        const XlmrTokenizer tok(spmPath(*initTok));
        XlmrConfig c = XlmrConfig::preset(*preset);
        c.vocabSize = int(tok.vocabSize());
        if (*initLen > 0)
            c.maxPositionEmbeddings = *initLen + c.padTokenId + 1;
        torch::manual_seed(*initSeed);
        XlmrForMaskedLM model(c);
        initialiseXlmrWeights(*model, c);
        exportXlmrMaskedLM(*model, c, tok, *initOut);
        std::cout << "created XLMRobertaForMaskedLM '" << *preset << "' with " << xlmrParameterCount(*model)
                  << " parameters (" << c.vocabSize << " tokens) in " << *initOut << "\n";
    });

    // --- train
    auto *train = mlm->add_subcommand("train", "Masked-LM training with the small built-in loop (AdamW, fixed steps)");
    auto trIn = std::make_shared<TextInput>();
    auto trModel = std::make_shared<std::string>();
    auto trOut = std::make_shared<std::string>();
    auto trCfg = std::make_shared<MlmTrainingConfig>();
    auto trData = std::make_shared<MlmDataConfig>();
    auto trLog = std::make_shared<int>(10);
    trIn->addOptions(train, true);
    train->add_option("--model", *trModel, "XLM-R MLM folder to start from")->required();
    train->add_option("--out", *trOut, "Folder for the trained model")->required();
    train->add_option("--steps", trCfg->steps, "Optimizer steps")->capture_default_str();
    train->add_option("--batch-size", trCfg->batchSize, "Sequences per step")->capture_default_str();
    train->add_option("--lr", trCfg->learningRate, "Peak learning rate")->capture_default_str();
    train->add_option("--warmup", trCfg->warmupSteps, "Warm-up steps")->capture_default_str();
    train->add_option("--seed", trCfg->seed, "Seed for dropout")->capture_default_str();
    train->add_option("--max-length", trData->maxLength, "Tokens per sequence")->capture_default_str();
    train->add_option("--alpha", trData->alpha, "Language sampling exponent")->capture_default_str();
    train->add_option("--mask-prob", trData->maskProbability, "Share of tokens to predict")->capture_default_str();
    train->add_flag("--whole-word", trData->wholeWordMasking, "Whole-word masking");
    train->add_flag("!--no-packing", trData->packSequences, "One sentence per sequence instead of packing");
    train->add_option("--data-seed", trData->seed, "Seed for masks and sampling")->capture_default_str();
    train->add_flag("--full-logits", trCfg->fullLogits, "Benchmark: decoder on every position (as transformers)");
    train->add_option("--log-every", *trLog, "Print a JSON line every N steps (0 = only the summary)")->capture_default_str();
    train->callback([trIn, trModel, trOut, trCfg, trData, trLog] {
        LoadedXlmrMaskedLM m = loadXlmrMaskedLM(*trModel);
        const XlmrTokenizer tok(spmPath(*trModel));
        const LanguageCorpus corpus = trIn->load();
        MlmBatcher data(tok, corpus.lines, *trData);
        std::int64_t tokens = 0;
        double seconds = 0;
        const auto steps = trainMaskedLM(*m.model, data, *trCfg, [&](const MlmStep &s) {
            tokens += s.tokens;
            seconds += s.seconds;
            if (*trLog > 0 && (s.step % *trLog == 0 || s.step == trCfg->steps))
                printJsonLine({{"step", s.step}, {"loss", s.loss}, {"lr", s.learningRate}, {"tokens", s.tokens},
                              {"seconds", s.seconds}, {"tokens_per_s", s.tokens / s.seconds}});
        });
        exportXlmrMaskedLM(*m.model, m.config, tok, *trOut);
        printJsonLine({{"done", true}, {"steps", steps.size()}, {"final_loss", steps.empty() ? 0.0 : steps.back().loss},
                       {"tokens", tokens}, {"seconds", seconds}, {"tokens_per_s", seconds > 0 ? tokens / seconds : 0.0},
                       {"out", *trOut}});
    });

    // --- eval
    auto *eval = mlm->add_subcommand("eval", "Masked-LM loss on (held-out) text, fixed masks");
    auto evIn = std::make_shared<TextInput>();
    auto evModel = std::make_shared<std::string>();
    auto evData = std::make_shared<MlmDataConfig>();
    auto evSeed = std::make_shared<std::uint64_t>(7);
    auto evBatch = std::make_shared<int>(16);
    evIn->addOptions(eval, true);
    eval->add_option("--model", *evModel, "XLM-R MLM folder")->required();
    eval->add_option("--max-length", evData->maxLength, "Tokens per sequence")->capture_default_str();
    eval->add_option("--batch-size", *evBatch, "Sequences per batch")->capture_default_str();
    eval->add_option("--seed", *evSeed, "Seed of the masks")->capture_default_str();
    eval->callback([evIn, evModel, evData, evSeed, evBatch] {
        LoadedXlmrMaskedLM m = loadXlmrMaskedLM(*evModel);
        const XlmrTokenizer tok(spmPath(*evModel));
        const LanguageCorpus corpus = evIn->load();
        const MlmBatcher data(tok, corpus.lines, *evData);
        const MlmEvaluation e = evaluateMaskedLM(*m.model, data.evaluationBatches(*evBatch, *evSeed));
        printJsonLine({{"loss", e.loss}, {"accuracy", e.accuracy}, {"predicted", e.predicted}, {"model", *evModel}});
    });

    // --- adapt
    auto *adapt = mlm->add_subcommand("adapt", "Replace or extend the vocabulary of an MLM with a target tokenizer and "
                                               "initialise the new embeddings");
    auto adIn = std::make_shared<TextInput>();
    auto adModel = std::make_shared<std::string>();
    auto adTarget = std::make_shared<std::string>();
    auto adOut = std::make_shared<std::string>();
    auto adMethod = std::make_shared<std::string>("focus");
    auto adCfg = std::make_shared<VocabAdaptConfig>();
    adIn->addOptions(adapt, true);
    adapt->add_option("--model", *adModel, "Source XLM-R MLM folder")->required();
    adapt->add_option("--target-tokenizer", *adTarget, "Target-language SentencePiece .model")->required();
    adapt->add_option("--method", *adMethod, "random | mean | decomposition | focus | script | ofa")->capture_default_str();
    adapt->add_flag("--extend", adCfg->extend, "Append the new pieces instead of replacing the vocabulary");
    adapt->add_option("--fasttext-dim", adCfg->fasttextDim, "fastText vector size")->capture_default_str();
    adapt->add_option("--fasttext-epochs", adCfg->fasttextEpochs, "fastText epochs")->capture_default_str();
    adapt->add_option("--top-k", adCfg->focusTopK, "FOCUS/OFA neighbours")->capture_default_str();
    adapt->add_option("--ofa-rank", adCfg->ofaRank, "OFA rank (0 = hidden/2)")->capture_default_str();
    adapt->add_option("--seed", adCfg->seed, "Random seed")->capture_default_str();
    adapt->add_option("--out", *adOut, "New model folder")->required();
    adapt->callback([adIn, adModel, adTarget, adOut, adMethod, adCfg] {
        adCfg->method = embeddingInitFromString(*adMethod);
        LoadedXlmrMaskedLM m = loadXlmrMaskedLM(*adModel);
        const XlmrTokenizer src(spmPath(*adModel));
        const SentencePieceTokenizer target(spmPath(*adTarget));
        std::vector<std::string> lines;
        if (!adIn->project.empty() || !adIn->files.empty())
            for (const auto &[code, l] : adIn->load().lines)
                lines.insert(lines.end(), l.begin(), l.end());
        VocabAdaptResult r = adaptVocabulary(*m.model, src, target, lines, *adCfg);
        exportXlmrMaskedLM(*r.model, r.config, XlmrTokenizer(r.spm), *adOut);
        printJsonLine({{"method", *adMethod}, {"mode", adCfg->extend ? "extend" : "replace"},
                       {"vocab_size", r.config.vocabSize}, {"copied", r.copied}, {"new", r.newIds.size()},
                       {"out", *adOut}});
    });
}

} // namespace fieldbench::cli
