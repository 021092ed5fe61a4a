#include "fieldbench/io/modelexport.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/train/trainconfig.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fieldbench {

namespace {

json readJsonFile(const fs::path &file)
{
    try {
        return json::parse(readFile(file));
    } catch (const json::exception &e) {
        throw Error(file.string(), std::string("invalid JSON: ") + e.what());
    }
}

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// Model cards: the optimiser settings of a run (both trainers clip and accumulate through
// RunSession), and the summary line of its last dev evaluation.
std::string optimiserLine(const TrainConfig &t)
{
    std::ostringstream md;
    md << "- optimiser: AdamW, peak learning rate " << t.optim.learningRate << ", " << t.optim.schedule << " schedule (";
    if (t.optim.schedule == "tristage") // shares of the updates, not the step-based warmup
        md << "warmup " << fixed(t.optim.tristageWarmup * 100, 0) << "%, hold " << fixed(t.optim.tristageHold * 100, 0)
           << "%, decay " << fixed(t.optim.tristageDecay * 100, 0) << "% of " << t.maxSteps << " updates to "
           << t.optim.finalLrScale << " of the peak";
    else if (t.optim.schedule == "constant")
        md << "warmup " << t.optim.warmupSteps << " steps";
    else {
        md << "warmup " << t.optim.warmupSteps << " steps, then down to ";
        if (t.optim.schedule == "cosine")
            md << t.optim.finalLrScale << " of the peak";
        else
            md << "0";
        md << " at update " << t.maxSteps;
    }
    md << "), weight decay " << t.optim.weightDecay << ", gradient clipping " << t.optim.clipNorm << ", "
       << t.optim.accumulationSteps << " accumulation step(s)\n";
    return md.str();
}

std::string evaluationLine(const json &e, std::initializer_list<const char *> keys)
{
    std::ostringstream md;
    md << "Evaluation at step " << e.value("step", std::int64_t(-1)) << ":";
    for (const char *k : keys)
        if (e.contains(k) && e[k].is_number())
            md << " " << k << " " << fixed(e[k].get<double>(), 4) << ";";
    md << "\n\n";
    return md.str();
}

torch::Dtype dtypeOf(const std::string &name)
{
    if (name == "fp16")
        return torch::kFloat16;
    if (name == "bf16")
        return torch::kBFloat16;
    return torch::kFloat32;
}

std::string hfDtypeName(const std::string &name)
{
    return name == "fp16" ? "float16" : name == "bf16" ? "bfloat16" : "float32";
}

// Step of a checkpoint: trainer_state.json "step", else the digits of "step-00001200".
std::int64_t checkpointStep(const fs::path &dir)
{
    std::error_code ec;
    if (fs::is_regular_file(dir / "trainer_state.json", ec)) {
        const json s = readJsonFile(dir / "trainer_state.json");
        if (s.is_object() && s.contains("step") && s["step"].is_number_integer())
            return s["step"].get<std::int64_t>();
    }
    const std::string name = dir.filename().string();
    std::string digits;
    for (const char c : name)
        if (c >= '0' && c <= '9')
            digits += c;
    return digits.empty() ? -1 : std::stoll(digits.substr(0, 18));
}

struct Vocabulary
{
    std::vector<std::string> tokens; // by id
    std::string pad, unk, delimiter;
};

Vocabulary readVocabulary(const fs::path &file, const Wav2Vec2Config &config)
{
    const json v = readJsonFile(file);
    if (!v.is_object() || v.empty())
        throw Error(file.string(), "a CTC vocabulary must be a JSON object {\"token\": id, ...}");
    Vocabulary out;
    out.tokens.assign(v.size(), std::string());
    std::vector<bool> seen(v.size(), false);
    for (const auto &[token, id] : v.items()) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() >= std::int64_t(v.size()))
            throw Error(file.string(), "token \"" + token + "\" has id " + id.dump() + "; ids must be 0.."
                                           + std::to_string(v.size() - 1) + ", each used once");
        const std::size_t i = id.get<std::size_t>();
        if (seen[i])
            throw Error(file.string(), "id " + std::to_string(i) + " is used by two tokens");
        seen[i] = true;
        out.tokens[i] = token;
    }
    if (int(out.tokens.size()) != config.vocabSize)
        throw Error(file.string(), "has " + std::to_string(out.tokens.size()) + " tokens but the model's vocab_size is "
                                       + std::to_string(config.vocabSize) + "; this vocabulary does not belong to the model");
    if (config.padTokenId < 0 || config.padTokenId >= int(out.tokens.size()))
        throw Error(file.string(), "the model's pad_token_id (CTC blank) " + std::to_string(config.padTokenId)
                                       + " is not in the vocabulary");
    out.pad = out.tokens[std::size_t(config.padTokenId)];
    for (const char *u : {"<unk>", "[UNK]"})
        if (v.contains(u))
            out.unk = u;
    if (v.contains("|"))
        out.delimiter = "|";
    return out;
}

// Segment ids of the run's splits (empty when there is no splits.json).
std::map<std::string, std::set<std::int64_t>> readSplits(const fs::path &run)
{
    std::map<std::string, std::set<std::int64_t>> out;
    std::error_code ec;
    if (!fs::is_regular_file(run / "splits.json", ec))
        return out;
    const json s = readJsonFile(run / "splits.json");
    for (const char *k : {"train", "dev"})
        if (s.contains(k) && s[k].is_array())
            for (const auto &id : s[k])
                if (id.is_number_integer())
                    out[k].insert(id.get<std::int64_t>());
    return out;
}

struct RunInfo
{
    bool haveConfig = false;
    TrainConfig config;
    json index = json::object();
    std::string checkpointName;
    std::int64_t step = -1;
    json eval;                                    // the dev evaluation at (or before) the checkpoint
    std::map<std::string, double> trainHours;     // language -> hours
    std::map<std::string, double> devHours;
    std::map<std::string, std::string> languageNames;
    std::string hoursSource;                      // how the hours were counted
    std::map<std::string, std::int64_t> trainLines; // mlm runs: text lines per language (splits.json)
    std::map<std::string, std::int64_t> devLines;
};

RunInfo readRun(const fs::path &run, const fs::path &checkpoint, std::vector<std::string> &warnings)
{
    RunInfo info;
    std::error_code ec;
    try {
        info.config = TrainConfig::fromJson(readFile(run / "config.json"), (run / "config.json").string());
        info.haveConfig = true;
    } catch (const Error &e) {
        warnings.push_back(std::string("run config not used: ") + e.what());
    }
    if (fs::is_regular_file(run / "checkpoints" / "index.json", ec))
        info.index = readJsonFile(run / "checkpoints" / "index.json");
    info.checkpointName = checkpoint.filename().string();
    info.step = checkpointStep(checkpoint);

    // Dev metrics: the eval line at the checkpoint's step, else the last one before it.
    if (fs::is_regular_file(run / "metrics.jsonl", ec)) {
        std::istringstream in(readFile(run / "metrics.jsonl"));
        std::string line;
        json lastBefore, lastAny;
        while (std::getline(in, line)) {
            json j;
            try {
                j = json::parse(line);
            } catch (const json::exception &) {
                continue; // an incomplete last line after a crash
            }
            if (!j.is_object() || j.value("type", "") != "eval")
                continue;
            lastAny = j;
            const std::int64_t s = j.value("step", std::int64_t(-1));
            if (info.step < 0 || s <= info.step)
                lastBefore = j;
        }
        info.eval = !lastBefore.is_null() ? lastBefore : lastAny;
    }
    if (info.eval.is_null())
        warnings.push_back("no dev evaluation in metrics.jsonl: the model card has no metrics");

    // Masked-LM runs: text lines per language as the run split them.
    if (info.haveConfig && info.config.objective == "mlm") {
        try {
            const json splits = readJsonFile(run / "splits.json");
            for (const auto &[code, l] : splits.at("languages").items()) {
                info.trainLines[code] = l.value("train_lines", std::int64_t(0));
                info.devLines[code] = l.value("dev_lines", std::int64_t(0));
            }
        } catch (const std::exception &e) {
            warnings.push_back(std::string("text lines per language unknown: ") + e.what());
        }
        return info;
    }
    // Hours per language, from the project and the run's splits.
    if (info.haveConfig && !info.config.project.empty()) {
        fs::path projectDir = info.config.project;
        if (projectDir.is_relative())
            projectDir = run / projectDir;
        try {
            const Project project = Project::open(projectDir);
            const auto splits = readSplits(run);
            const std::set<std::string> wanted(info.config.data.languages.begin(), info.config.data.languages.end());
            for (const Language &l : project.languages())
                info.languageNames[l.code] = l.name;
            const bool haveSplits = splits.count("train") && !splits.at("train").empty();
            info.hoursSource = haveSplits ? "segments of the run's train/dev splits (splits.json)"
                                          : "all segments of the project in the run's languages (the run has no splits.json)";
            for (const SegmentRow &r : project.segmentRows()) {
                const double h = (r.end - r.start) / 3600.0;
                if (haveSplits) {
                    if (splits.at("train").count(r.segmentId))
                        info.trainHours[r.languageCode] += h;
                    else if (splits.count("dev") && splits.at("dev").count(r.segmentId))
                        info.devHours[r.languageCode] += h;
                } else if (wanted.empty() || wanted.count(r.languageCode)) {
                    info.trainHours[r.languageCode] += h;
                }
            }
        } catch (const Error &e) {
            warnings.push_back(std::string("hours per language unknown: ") + e.what());
        }
    }
    return info;
}

std::string architectureName(Wav2Vec2Architecture a, bool encoderOnly)
{
    if (encoderOnly || a == Wav2Vec2Architecture::Model)
        return "Wav2Vec2Model";
    return a == Wav2Vec2Architecture::CTC ? "Wav2Vec2ForCTC" : "Wav2Vec2ForPreTraining";
}

std::string modelCard(const ExportOptions &o, const ExportReport &r, const Wav2Vec2Config &c, const RunInfo *run,
                      const Vocabulary *vocab, std::int64_t parameters)
{
    const bool ctc = r.architecture == "Wav2Vec2ForCTC";
    std::set<std::string> languages;
    if (run) {
        for (const auto &l : run->config.data.languages)
            languages.insert(l);
        for (const auto &h : run->trainHours)
            languages.insert(h.first);
    }
    std::ostringstream md;
    md << "---\n";
    if (!languages.empty()) {
        md << "language:\n";
        for (const auto &l : languages)
            md << "- " << l << "\n";
    }
    md << "library_name: transformers\n";
    md << "pipeline_tag: " << (ctc ? "automatic-speech-recognition" : "feature-extraction") << "\n";
    md << "tags:\n- wav2vec2\n- fieldbench\n- low-resource\n";
    md << "---\n\n";
    md << "# " << o.out.filename().string() << "\n\n";
    md << "A wav2vec 2.0 model (`" << r.architecture << "`, " << fixed(double(parameters) / 1e6, 1)
       << "M parameters, " << c.numHiddenLayers << " layers x " << c.hiddenSize << " hidden, weights in "
       << hfDtypeName(o.dtype) << ") exported by Fieldbench"
       << (run ? " from checkpoint `" + run->checkpointName + "` (step " + std::to_string(run->step) + ")" : std::string())
       << ". It loads with transformers as it is:\n\n```python\n";
    if (ctc)
        md << "from transformers import Wav2Vec2ForCTC, Wav2Vec2Processor\n"
              "processor = Wav2Vec2Processor.from_pretrained(\"PATH\")\n"
              "model = Wav2Vec2ForCTC.from_pretrained(\"PATH\")\n"
              "inputs = processor(audio_16khz, sampling_rate=16000, return_tensors=\"pt\")\n"
              "ids = model(**inputs).logits.argmax(-1)\n"
              "print(processor.batch_decode(ids))\n";
    else
        md << "from transformers import " << r.architecture << ", Wav2Vec2FeatureExtractor\n"
           << "extractor = Wav2Vec2FeatureExtractor.from_pretrained(\"PATH\")\n"
           << "model = " << r.architecture << ".from_pretrained(\"PATH\")\n";
    md << "```\n\n";

    md << "## Languages and data\n\n";
    if (run && !run->trainHours.empty()) {
        md << "Hours of audio per language (ISO 639-3), counted from " << run->hoursSource << ":\n\n";
        md << "| language | name | train hours | dev hours |\n|---|---|---|---|\n";
        for (const auto &l : languages) {
            const auto name = run->languageNames.count(l) ? run->languageNames.at(l) : std::string();
            const double tr = run->trainHours.count(l) ? run->trainHours.at(l) : 0.0;
            const double dv = run->devHours.count(l) ? run->devHours.at(l) : 0.0;
            md << "| " << l << " | " << name << " | " << fixed(tr, 3) << " | " << fixed(dv, 3) << " |\n";
        }
        md << "\n";
    } else if (!languages.empty()) {
        md << "Languages (ISO 639-3): ";
        bool first = true;
        for (const auto &l : languages) {
            md << (first ? "" : ", ") << l;
            first = false;
        }
        md << ". Hours per language are unknown (the run's project was not found).\n\n";
    } else {
        md << "Not recorded: this export was made from a model folder, not a training run.\n\n";
    }

    md << "## Training\n\n";
    if (run && run->haveConfig) {
        const TrainConfig &t = run->config;
        md << "- objective: " << (t.objective == "ctc" ? "CTC fine-tuning" : t.objective == "pretrain"
                                                                                 ? "wav2vec 2.0 self-supervised pretraining (contrastive + diversity loss)"
                                                                                 : t.objective)
           << "\n";
        md << "- base model: " << (t.model.empty() ? "none (random initialisation, preset \"" + t.preset + "\")" : "`" + t.model + "`")
           << "\n";
        md << "- steps: " << run->step << " of " << t.maxSteps << "; seed " << t.seed << "; precision " << t.precision << "\n";
        md << optimiserLine(t);
        md << "- batches: " << t.data.batchSeconds << " s of audio, at most " << t.data.maxBatchSize
           << " utterances; segments " << t.data.minSeconds << "-" << t.data.maxSeconds << " s; language sampling alpha "
           << t.data.samplingAlpha << "\n";
        if (t.objective == "ctc")
            md << "- CTC: unit \"" << t.ctc.unit << "\" from tier \"" << t.data.tier << "\", feature encoder "
               << (t.ctc.freezeFeatureEncoder ? "frozen" : "trained") << ", SpecAugment time-mask probability "
               << t.ctc.maskTimeProb << "\n";
        else if (t.objective == "pretrain")
            md << "- pretraining: mask probability " << t.pretrain.maskProb << ", span " << t.pretrain.maskLength
               << ", " << t.pretrain.numNegatives << " negatives, diversity weight " << t.pretrain.diversityWeight
               << ", Gumbel temperature " << t.pretrain.gumbelMax << " -> " << t.pretrain.gumbelMin << "\n";
        md << "- dev set: held out by " << t.data.splitBy << " (" << fixed(t.data.devFraction * 100, 0) << "% per language)\n\n";
    } else {
        md << "Not recorded (exported from a model folder).\n\n";
    }

    md << "## Dev metrics\n\n";
    if (run && !run->eval.is_null()) {
        const json &e = run->eval;
        md << evaluationLine(e, {"loss", "per", "cer", "wer", "contrastive_accuracy"});
        if (e.contains("per_language") && e["per_language"].is_object() && !e["per_language"].empty()) {
            md << "| language | metric | value | utterances |\n|---|---|---|---|\n";
            for (const auto &[lang, m] : e["per_language"].items()) {
                for (const auto &[k, v] : m.items()) {
                    if (k == "utterances" || !v.is_number())
                        continue;
                    md << "| " << lang << " | " << k << " | " << fixed(v.get<double>(), 4) << " | "
                       << (m.contains("utterances") ? m["utterances"].dump() : "") << " |\n";
                }
            }
            md << "\n";
        }
    } else {
        md << "None recorded.\n\n";
    }

    if (vocab) {
        md << "## Vocabulary\n\n" << vocab->tokens.size() << " CTC classes; blank = pad token `" << vocab->pad
           << "` (id " << c.padTokenId << ")" << (vocab->delimiter.empty() ? "" : ", word delimiter `|`")
           << (vocab->unk.empty() ? "" : ", unknown `" + vocab->unk + "`") << ".";
        if (run && run->haveConfig && run->config.ctc.unit == "phone")
            md << " Units are phones: targets were space-separated phone symbols, words separated by `|`; "
                  "`processor.batch_decode` joins them without spaces.";
        md << "\n\n";
    }

    md << "## Intended use and limits\n\n";
    if (ctc)
        md << "Transcription support for language documentation: first-pass transcripts that a person reviews and "
              "corrects (e.g. in ELAN or Praat). Trained on little data, typically from few speakers: expect errors to "
              "grow for other speakers, recording conditions, dialects and topics. Not for decisions about people, and "
              "not a substitute for a trained transcriber. Output is unpunctuated, without capitalisation.\n";
    else
        md << "A speech representation model for further fine-tuning (e.g. CTC recognition with a small labelled set) "
              "or analysis of speech units. It does not transcribe by itself. Trained on little data; representations "
              "may be weak for speakers, conditions and languages it has not heard.\n";
    md << "\nExpect 16 kHz mono input; `preprocessor_config.json` normalises each utterance to zero mean and unit "
          "variance.\n";
    return md.str();
}

void writeJson(const fs::path &file, const json &j, ExportReport &r, const fs::path &out)
{
    writeFileAtomically(file, j.dump(2) + "\n");
    r.files.push_back(file.lexically_relative(out).generic_string());
}

// config.json's dtype fields (transformers 4 reads "torch_dtype", 5 writes "dtype").
void setConfigDtype(json &extra, const std::string &dtype)
{
    extra["torch_dtype"] = hfDtypeName(dtype);
    if (extra.contains("dtype"))
        extra["dtype"] = hfDtypeName(dtype);
}

// metrics.json: what was exported and, from a run, the checkpoint, its dev evaluation and the
// data per language (hours of audio; text lines for masked-LM runs).
json exportMetrics(const ExportOptions &o, const ExportReport &r, const RunInfo *run)
{
    json metrics = {{"architecture", r.architecture}, {"parameters", r.parameters}, {"dtype", o.dtype},
                    {"source", fs::absolute(r.source).lexically_normal().string()}};
    if (!run)
        return metrics;
    metrics["checkpoint"] = run->checkpointName;
    metrics["step"] = run->step;
    metrics["objective"] = run->haveConfig ? json(run->config.objective) : json(nullptr);
    metrics["dev"] = run->eval;
    if (run->haveConfig && run->config.objective == "mlm") {
        metrics["train_lines"] = run->trainLines;
        metrics["dev_lines"] = run->devLines;
    } else {
        metrics["train_hours"] = run->trainHours;
        metrics["dev_hours"] = run->devHours;
    }
    for (const char *k : {"best", "best_metric", "best_metric_name", "latest"})
        if (run->index.contains(k))
            metrics[k] = run->index[k];
    return metrics;
}

// True for a folder whose config.json describes an XLM-R / RoBERTa model.
bool isXlmrFolder(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::is_regular_file(dir / "config.json", ec))
        return false;
    const json c = readJsonFile(dir / "config.json");
    const std::string type = c.value("model_type", std::string());
    if (type == "xlm-roberta" || type == "roberta")
        return true;
    return c.contains("architectures") && c["architectures"].is_array() && !c["architectures"].empty() &&
           c["architectures"][0].is_string() && c["architectures"][0].get<std::string>().rfind("XLMRoberta", 0) == 0;
}

std::string maskedLMCard(const ExportOptions &o, const ExportReport &r, const XlmrConfig &c, std::int64_t vocabSize,
                         const RunInfo *run)
{
    std::set<std::string> languages;
    if (run) {
        for (const auto &l : run->config.data.languages)
            languages.insert(l);
        for (const auto &l : run->trainLines)
            languages.insert(l.first);
    }
    const bool encoder = r.architecture == "XLMRobertaModel";
    std::ostringstream md;
    md << "---\n";
    if (!languages.empty()) {
        md << "language:\n";
        for (const auto &l : languages)
            md << "- " << l << "\n";
    }
    md << "library_name: transformers\npipeline_tag: " << (encoder ? "feature-extraction" : "fill-mask") << "\n";
    md << "tags:\n- xlm-roberta\n- fieldbench\n- low-resource\n---\n\n";
    md << "# " << o.out.filename().string() << "\n\n";
    md << "An XLM-R style masked language model (`" << r.architecture << "`, " << fixed(double(r.parameters) / 1e6, 1)
       << "M parameters, " << c.numHiddenLayers << " layers x " << c.hiddenSize << " hidden, " << vocabSize
       << " tokens, weights in " << hfDtypeName(o.dtype) << ") exported by Fieldbench"
       << (run ? " from checkpoint `" + run->checkpointName + "` (step " + std::to_string(run->step) + ")" : std::string())
       << ". It loads with transformers as it is:\n\n```python\n"
       << "from transformers import " << r.architecture << ", XLMRobertaTokenizer\n"
       << "tokenizer = XLMRobertaTokenizer.from_pretrained(\"PATH\")\n"
       << "model = " << r.architecture << ".from_pretrained(\"PATH\")\n```\n\n";
    md << "## Languages and data\n\n";
    if (run && !run->trainLines.empty()) {
        md << "Text lines per language (ISO 639-3) from the project's text documents, as the run split them "
              "(splits.json):\n\n| language | train lines | dev lines |\n|---|---|---|\n";
        for (const auto &l : languages)
            md << "| " << l << " | " << (run->trainLines.count(l) ? run->trainLines.at(l) : 0) << " | "
               << (run->devLines.count(l) ? run->devLines.at(l) : 0) << " |\n";
        md << "\n";
    } else {
        md << "Not recorded: this export was made from a model folder, not a training run.\n\n";
    }
    md << "## Training\n\n";
    if (run && run->haveConfig) {
        const TrainConfig &t = run->config;
        md << "- objective: masked language modelling (" << fixed(t.mlm.maskProb * 100, 0) << "% of tokens, "
           << (t.mlm.wholeWord ? "whole words" : "single pieces") << ", sequences of " << t.mlm.maxLength
           << " tokens, " << t.mlm.batchSize << " per batch)\n";
        md << "- base model: `" << t.model << "`\n";
        md << "- steps: " << run->step << " of " << t.maxSteps << "; seed " << t.seed << "\n";
        md << optimiserLine(t);
        md << "- language sampling alpha " << t.data.samplingAlpha << "\n\n";
    } else {
        md << "Not recorded (exported from a model folder).\n\n";
    }
    md << "## Dev metrics\n\n";
    if (run && !run->eval.is_null()) {
        const json &e = run->eval;
        md << evaluationLine(e, {"loss", "accuracy", "perplexity"});
        if (e.contains("per_language") && e["per_language"].is_object() && !e["per_language"].empty()) {
            md << "| language | loss | accuracy |\n|---|---|---|\n";
            for (const auto &[lang, m] : e["per_language"].items())
                md << "| " << lang << " | " << (m.contains("loss") ? fixed(m["loss"].get<double>(), 4) : "") << " | "
                   << (m.contains("accuracy") ? fixed(m["accuracy"].get<double>(), 4) : "") << " |\n";
            md << "\n";
        }
    } else {
        md << "None recorded.\n\n";
    }
    md << "## Intended use and limits\n\n"
          "A starting point for fine-tuning (token or sequence classification) and for text analysis in the "
          "languages above. Trained on little text, typically of one domain: expect weak predictions for other "
          "registers and topics. It does not generate text.\n";
    return md.str();
}

ExportReport exportMaskedLM(const ExportOptions &o, ExportReport r)
{
    std::error_code ec;
    if (!fs::is_regular_file(r.source / "sentencepiece.bpe.model", ec))
        throw Error(r.source.string(), "is an XLM-R model without sentencepiece.bpe.model; an export needs its tokenizer");
    LoadedXlmrMaskedLM m = loadXlmrMaskedLM(r.source);
    const XlmrTokenizer tokenizer(r.source / "sentencepiece.bpe.model");
    std::optional<RunInfo> run;
    if (!o.run.empty())
        run = readRun(o.run, r.source, r.warnings);
    fs::create_directories(o.out, ec);
    if (ec)
        throw Error(o.out.string(), "cannot create the folder: " + ec.message());

    m.model->to(dtypeOf(o.dtype));
    XlmrConfig config = m.config;
    setConfigDtype(config.extra, o.dtype);
    if (o.encoderOnly) {
        r.architecture = "XLMRobertaModel";
        config.extra["architectures"] = json::array({r.architecture});
        config.extra["model_type"] = "xlm-roberta";
        config.vocabSize = int(tokenizer.vocabSize());
        saveXlmrFolder(*m.model->roberta, config, o.out);
        tokenizer.saveHuggingFace(o.out, config.maxSequenceLength());
        r.parameters = xlmrParameterCount(*m.model->roberta);
    } else {
        r.architecture = "XLMRobertaForMaskedLM";
        exportXlmrMaskedLM(*m.model, config, tokenizer, o.out); // refuses a vocabulary mismatch
        r.parameters = xlmrParameterCount(*m.model);
    }
    for (const char *f : {"model.safetensors", "config.json", "sentencepiece.bpe.model", "tokenizer_config.json",
                          "special_tokens_map.json"})
        if (fs::is_regular_file(o.out / f, ec))
            r.files.push_back(f);

    writeJson(o.out / "metrics.json", exportMetrics(o, r, run ? &*run : nullptr), r, o.out);
    writeFileAtomically(o.out / "README.md", maskedLMCard(o, r, config, tokenizer.vocabSize(), run ? &*run : nullptr));
    r.files.push_back("README.md");
    return r;
}

} // namespace

std::vector<std::string> ExportOptions::validate() const
{
    std::vector<std::string> p;
    if (run.empty() == model.empty())
        p.push_back("give exactly one source: a run folder (--run) or a model folder (--model)");
    if (out.empty())
        p.push_back("give an output folder (--out)");
    if (dtype != "fp32" && dtype != "fp16" && dtype != "bf16")
        p.push_back("dtype must be fp32, fp16 or bf16 (got \"" + dtype + "\")");
    if (checkpoint.empty())
        p.push_back("checkpoint must be best, latest or a checkpoint folder name");
    return p;
}

fs::path runCheckpoint(const fs::path &run, const std::string &which)
{
    const fs::path dir = run / "checkpoints";
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error(run.string(), "is not a training run folder with checkpoints (no checkpoints/ folder)");
    json index = json::object();
    if (fs::is_regular_file(dir / "index.json", ec))
        index = readJsonFile(dir / "index.json");
    std::string name;
    if (which == "best" || which == "latest") {
        if (index.contains(which) && index[which].is_string() && !index[which].get<std::string>().empty())
            name = index[which].get<std::string>();
        else if (which == "best" && index.contains("latest") && index["latest"].is_string())
            name = index["latest"].get<std::string>(); // no dev set: the latest is the only choice
        else {
            std::vector<std::string> steps;
            for (const auto &e : fs::directory_iterator(dir, ec))
                if (e.is_directory() && e.path().filename().string().rfind("step-", 0) == 0)
                    steps.push_back(e.path().filename().string());
            std::sort(steps.begin(), steps.end());
            if (steps.empty())
                throw Error(dir.string(), "holds no checkpoint yet");
            name = steps.back();
        }
    } else {
        name = which;
    }
    if (name.find('/') != std::string::npos || name == ".." || name == ".")
        throw Error(dir.string(), "\"" + name + "\" is not a checkpoint folder name");
    const fs::path p = dir / name;
    if (!fs::is_regular_file(p / "config.json", ec) || !(fs::is_regular_file(p / "model.safetensors", ec)
                                                         || fs::is_regular_file(p / "model.safetensors.index.json", ec)))
        throw Error(p.string(), "is not a complete checkpoint (config.json and model.safetensors expected)");
    return p;
}

ExportReport exportModel(const ExportOptions &o)
{
    const auto problems = o.validate();
    if (!problems.empty())
        throw Error("export: " + problems.front());
    ExportReport r;
    const bool fromRun = !o.run.empty();
    r.source = fromRun ? runCheckpoint(o.run, o.checkpoint) : o.model;
    std::error_code ec;
    if (fs::exists(o.out, ec) && !fs::is_empty(o.out, ec) && !o.overwrite)
        throw Error(o.out.string(), "exists and is not empty; choose a new folder (or --overwrite)");
    if (fs::equivalent(o.out, r.source, ec))
        throw Error(o.out.string(), "is the source folder itself");
    if (isXlmrFolder(r.source))
        return exportMaskedLM(o, std::move(r));

    LoadedWav2Vec2 m = loadWav2Vec2(r.source);
    Wav2Vec2Config config = m.config;
    r.architecture = architectureName(m.architecture, o.encoderOnly);
    const bool ctc = r.architecture == "Wav2Vec2ForCTC";

    std::optional<Vocabulary> vocab;
    fs::path vocabFile;
    if (ctc) {
        for (const fs::path &candidate : {r.source / "vocab.json", o.run.empty() ? fs::path() : o.run / "vocab.json"})
            if (!candidate.empty() && fs::is_regular_file(candidate, ec)) {
                vocabFile = candidate;
                break;
            }
        if (vocabFile.empty())
            throw Error(r.source.string(), "is a CTC model without vocab.json; a CTC export needs the vocabulary "
                                           "the model was trained with");
        vocab = readVocabulary(vocabFile, config);
        if (vocab->delimiter.empty())
            r.warnings.push_back("the vocabulary has no word delimiter \"|\": decoded text has no word boundaries");
    }

    std::vector<std::string> runWarnings;
    std::optional<RunInfo> run;
    if (fromRun)
        run = readRun(o.run, r.source, runWarnings);
    r.warnings.insert(r.warnings.end(), runWarnings.begin(), runWarnings.end());

    fs::create_directories(o.out, ec);
    if (ec)
        throw Error(o.out.string(), "cannot create the folder: " + ec.message());

    // Weights.
    torch::nn::Module &module = o.encoderOnly ? static_cast<torch::nn::Module &>(m.encoder()) : *m.module;
    const torch::Dtype dtype = dtypeOf(o.dtype);
    std::vector<NamedTensor> tensors;
    for (const auto &p : module.named_parameters(true)) {
        tensors.push_back({p.key(), p.value().detach().to(dtype).contiguous()});
        r.parameters += p.value().numel();
    }
    saveSafeTensors(o.out / "model.safetensors", tensors, {{"format", "pt"}});
    r.files.push_back("model.safetensors");

    // config.json
    config.extra["architectures"] = json::array({r.architecture});
    config.extra["model_type"] = "wav2vec2";
    setConfigDtype(config.extra, o.dtype);
    config.save(o.out / "config.json");
    r.files.push_back("config.json");

    // preprocessor_config.json: Wav2Vec2FeatureExtractor. Models with a layer-norm feature
    // encoder were trained with padding masks; group-norm ones must not get attention masks.
    json pre = {{"do_normalize", true},
                {"feature_extractor_type", "Wav2Vec2FeatureExtractor"},
                {"feature_size", 1},
                {"padding_side", "right"},
                {"padding_value", 0.0},
                {"return_attention_mask", config.featExtractNorm == "layer"},
                {"sampling_rate", 16000}};
    if (ctc)
        pre["processor_class"] = "Wav2Vec2Processor";
    writeJson(o.out / "preprocessor_config.json", pre, r, o.out);

    if (ctc) {
        json v = json::object();
        for (std::size_t i = 0; i < vocab->tokens.size(); ++i)
            v[vocab->tokens[i]] = i;
        // Key order as in the file by id (nlohmann sorts keys; HF reads any order).
        writeJson(o.out / "vocab.json", v, r, o.out);
        json tok = {{"tokenizer_class", "Wav2Vec2CTCTokenizer"},
                    {"processor_class", "Wav2Vec2Processor"},
                    {"pad_token", vocab->pad},
                    {"unk_token", vocab->unk.empty() ? json(nullptr) : json(vocab->unk)},
                    {"bos_token", nullptr},
                    {"eos_token", nullptr},
                    {"word_delimiter_token", vocab->delimiter.empty() ? json(nullptr) : json(vocab->delimiter)},
                    {"replace_word_delimiter_char", " "},
                    {"do_lower_case", false},
                    {"target_lang", nullptr},
                    {"clean_up_tokenization_spaces", false}};
        writeJson(o.out / "tokenizer_config.json", tok, r, o.out);
        json special = {{"pad_token", vocab->pad}};
        if (!vocab->unk.empty())
            special["unk_token"] = vocab->unk;
        writeJson(o.out / "special_tokens_map.json", special, r, o.out);
    }

    writeJson(o.out / "metrics.json", exportMetrics(o, r, run ? &*run : nullptr), r, o.out);

    writeFileAtomically(o.out / "README.md",
                        modelCard(o, r, config, run ? &*run : nullptr, vocab ? &*vocab : nullptr, r.parameters));
    r.files.push_back("README.md");
    return r;
}

} // namespace fieldbench
