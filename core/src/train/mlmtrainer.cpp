#include "mlmtrainer.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/mlmtraining.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/mlmdata.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/train/data.h"
#include "fieldbench/train/schedule.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/runtime.h"

#include "runfolder.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <random>
#include <regex>

namespace fieldbench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using runfolder::Clock;
using runfolder::isoNow;
using runfolder::resolve;
using runfolder::RunWriter;
using runfolder::secondsSince;
using runfolder::stepName;

// Dev lines evaluated per language at most (the split itself keeps all of them).
constexpr std::size_t kMaxDevLinesPerLanguage = 2000;

std::uint64_t hashCode(const std::string &s) // FNV-1a: the same on every platform (std::hash is not)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char ch : s)
        h = (h ^ ch) * 1099511628211ull;
    return h;
}

// The project's text documents, split into training and dev lines per language. The dev
// lines of a language are drawn with the seed; splits.json keeps them as line indices into
// the language's text (in the catalog's document order), so a resumed run uses the same
// split and notices when the text changed.
struct MlmText
{
    std::vector<std::string> languages;
    std::map<std::string, std::vector<std::string>> train, dev;
    json splits;
};

MlmText loadMlmText(const TrainConfig &c, const std::string &savedSplits)
{
    if (!Project::isProject(c.project))
        throw Error(c.project, "is not a Fieldbench project (no project.sqlite); set \"project\" to the project with the text");
    const LanguageCorpus corpus = projectText(Project::open(c.project), c.data.languages);
    json saved;
    if (!savedSplits.empty())
        saved = json::parse(savedSplits);
    MlmText t;
    t.splits = {{"objective", "mlm"}, {"unit", "line"}, {"seed", c.seed}, {"dev_fraction", c.data.devFraction}};
    json languages = json::object();
    for (const auto &[code, lines] : corpus.lines) {
        if (lines.empty())
            continue;
        std::vector<std::size_t> dev;
        if (!saved.is_null()) {
            const json &all = saved.at("languages");
            if (!all.contains(code))
                throw Error(c.project, "language '" + code + "' has text now but was not in this run's split; start a new run");
            const json &s = all.at(code);
            const std::size_t before = s.at("lines").get<std::size_t>();
            if (before != lines.size())
                throw Error(c.project, "the text of language '" + code + "' changed since the run started (" +
                                           std::to_string(lines.size()) + " lines, the run's split has " +
                                           std::to_string(before) + "); start a new run");
            dev = s.at("dev").get<std::vector<std::size_t>>();
        } else if (c.data.devFraction > 0 && lines.size() >= 2) {
            const std::size_t n = std::clamp<std::size_t>(std::size_t(std::llround(c.data.devFraction * double(lines.size()))),
                                                          1, lines.size() - 1);
            std::vector<std::size_t> order(lines.size());
            std::iota(order.begin(), order.end(), std::size_t(0));
            std::mt19937_64 rng(mixSeed(c.seed, hashCode(code)));
            std::shuffle(order.begin(), order.end(), rng);
            dev.assign(order.begin(), order.begin() + std::ptrdiff_t(n));
            std::sort(dev.begin(), dev.end());
        }
        std::vector<char> isDev(lines.size(), 0);
        for (std::size_t i : dev)
            if (i < lines.size())
                isDev[i] = 1;
        for (std::size_t i = 0; i < lines.size(); ++i)
            (isDev[i] ? t.dev[code] : t.train[code]).push_back(lines[i]);
        languages[code] = {{"lines", lines.size()},
                           {"train_lines", t.train[code].size()},
                           {"dev_lines", t.dev[code].size()},
                           {"files", corpus.sources.count(code) ? corpus.sources.at(code) : std::vector<std::string>{}},
                           {"dev", dev}};
        t.languages.push_back(code);
    }
    if (t.languages.empty())
        throw Error(c.project, "has no text lines to train a masked language model on; import UTF-8 text first: "
                               "fieldbench-cli import FILE --project DIR --language CODE");
    t.splits["languages"] = languages;
    return t;
}

// The checks a starting folder gets before anything is written: an XLM-R masked LM with
// its tokenizer.
std::shared_ptr<XlmrTokenizer> loadTokenizer(const fs::path &modelDir)
{
    if (!fs::exists(modelDir / "config.json"))
        throw Error(modelDir.string(), "is not a model folder (no config.json); objective mlm starts from an XLM-R "
                                       "masked-LM folder made by `fieldbench-cli mlm init` or `mlm adapt`");
    const fs::path spm = modelDir / "sentencepiece.bpe.model";
    if (!fs::exists(spm))
        throw Error(modelDir.string(), "has no sentencepiece.bpe.model: objective mlm needs the model's tokenizer in "
                                       "its folder (`fieldbench-cli mlm init --tokenizer ...` and `mlm adapt` put it there)");
    return std::make_shared<XlmrTokenizer>(spm);
}

MlmDataConfig dataConfig(const TrainConfig &c)
{
    MlmDataConfig d;
    d.maskProbability = c.mlm.maskProb;
    d.replaceWithMask = c.mlm.maskTokenShare;
    d.replaceWithRandom = c.mlm.randomTokenShare;
    d.wholeWordMasking = c.mlm.wholeWord;
    d.maxLength = c.mlm.maxLength;
    d.packSequences = c.mlm.packSequences;
    d.alpha = c.data.samplingAlpha;
    d.seed = mixSeed(c.seed, 0x4D4C4D); // masks, sentence order, language draws
    return d;
}

// Parameter depth for layer-wise learning rates: 0 = embeddings, l + 1 = encoder layer l,
// L + 1 = the LM head (tied to the word embeddings, which keep depth 0's rate).
int depthOf(const std::string &name, int layers)
{
    static const std::regex layer(R"(encoder\.layer\.(\d+)\.)");
    std::smatch m;
    if (std::regex_search(name, m, layer))
        return std::stoi(m[1]) + 1;
    if (name.find("embeddings") != std::string::npos)
        return 0;
    return layers + 1;
}

class MlmTrainer : runfolder::RunSession
{
public:
    explicit MlmTrainer(const RunOptions &options)
        : RunSession(options)
    {}

    RunResult run();

private:
    void loadModel(const fs::path &dir);
    void loadState(const fs::path &checkpoint);
    void saveCheckpoint(const std::string &reason);
    json evaluate();

    MlmText m_text;
    std::shared_ptr<XlmrTokenizer> m_tokenizer;
    XlmrConfig m_modelConfig;
    XlmrForMaskedLM m_model{nullptr};
    XlmrLoadReport m_loadReport;
    std::unique_ptr<MlmBatcher> m_batcher;                     // training batches (checkpointed position)
    std::map<std::string, std::vector<MlmBatch>> m_devBatches; // fixed masks, made once
    std::int64_t m_trainTokens = 0;

    // Training state (checkpointed, with RunSession's).
    std::int64_t m_position = 0;    // batches drawn
    std::int64_t m_tokensSeen = 0;  // non-pad tokens trained on
    std::map<std::string, std::int64_t> m_languageSeen; // sequences per language
};

void MlmTrainer::loadModel(const fs::path &dir)
{
    m_tokenizer = loadTokenizer(dir);
    LoadedXlmrMaskedLM loaded = loadXlmrMaskedLM(dir);
    if (loaded.config.vocabSize != m_tokenizer->vocabSize())
        throw Error(dir.string(), "the model has " + std::to_string(loaded.config.vocabSize) +
                                      " token embeddings but its sentencepiece.bpe.model gives " +
                                      std::to_string(m_tokenizer->vocabSize()) + " ids; use the tokenizer the model was made for");
    if (m_config.mlm.maxLength > loaded.config.maxSequenceLength())
        throw Error(dir.string(), "mlm.max_length " + std::to_string(m_config.mlm.maxLength) +
                                      " is longer than the model's longest input (" +
                                      std::to_string(loaded.config.maxSequenceLength()) + " tokens); lower mlm.max_length");
    m_modelConfig = loaded.config;
    m_model = loaded.model;
    m_loadReport = loaded.report;
}

void MlmTrainer::saveCheckpoint(const std::string &reason)
{
    const fs::path tmp = temporaryPath(m_dir / "checkpoints", stepName(m_step), "");
    fs::create_directories(tmp);
    exportXlmrMaskedLM(*m_model, m_modelConfig, *m_tokenizer, tmp); // a folder transformers loads

    std::vector<NamedTensor> optimizerTensors;
    runfolder::appendOptimizerState(*m_optimizer, m_named, optimizerTensors);
    saveSafeTensors(tmp / "optimizer.safetensors", optimizerTensors);
    const json st{{"step", m_step},
                  {"position", m_position},
                  {"elapsed_seconds", now()},
                  {"tokens_seen", m_tokensSeen},
                  {"non_finite_steps", m_nonFinite},
                  {"learning_rate", learningRateAt(m_config.optim, m_step, m_config.maxSteps)},
                  {"language_seen", m_languageSeen},
                  {"best_metric", std::isnan(m_bestMetric) ? json(nullptr) : json(m_bestMetric)},
                  {"best_metric_name", "loss"},
                  {"reason", reason},
                  {"saved", isoNow()}};
    writeFileAtomically(tmp / "trainer_state.json", st.dump(2) + "\n");
    writeFileAtomically(tmp / "data_state.json", m_batcher->saveState());
    commitCheckpoint(tmp);
}

void MlmTrainer::loadState(const fs::path &checkpoint)
{
    runfolder::restoreOptimizerState(*m_optimizer, m_named, loadSafeTensors(checkpoint / "optimizer.safetensors"), m_device);
    const json st = json::parse(readFile(checkpoint / "trainer_state.json"));
    m_step = st.at("step").get<std::int64_t>();
    m_position = st.at("position").get<std::int64_t>();
    m_elapsed = st.value("elapsed_seconds", 0.0);
    m_tokensSeen = st.value("tokens_seen", std::int64_t(0));
    m_nonFinite = st.value("non_finite_steps", std::int64_t(0));
    if (st.contains("language_seen") && st["language_seen"].is_object())
        m_languageSeen = st["language_seen"].get<std::map<std::string, std::int64_t>>();
    if (st.contains("best_metric") && st["best_metric"].is_number()) {
        m_bestMetric = st["best_metric"].get<double>();
        m_bestName = "loss";
    }
    const fs::path data = checkpoint / "data_state.json";
    if (!fs::exists(data))
        throw Error(checkpoint.string(), "has no data_state.json (the position in the text); it cannot be resumed exactly");
    m_batcher->restoreState(readFile(data));
}

json MlmTrainer::evaluate()
{
    json result{{"type", "eval"}, {"step", m_step}};
    json per = json::object();
    double lossSum = 0, correct = 0;
    std::int64_t predicted = 0;
    for (const auto &[code, batches] : m_devBatches) {
        const MlmEvaluation e = evaluateMaskedLM(*m_model, batches);
        if (e.predicted == 0)
            continue;
        per[code] = {{"loss", e.loss}, {"accuracy", e.accuracy}, {"perplexity", std::exp(e.loss)}};
        lossSum += e.loss * double(e.predicted);
        correct += e.accuracy * double(e.predicted);
        predicted += e.predicted;
    }
    if (predicted == 0)
        return {};
    const double loss = lossSum / double(predicted);
    result["loss"] = loss;
    result["accuracy"] = correct / double(predicted);
    result["perplexity"] = std::exp(loss);
    result["predicted_tokens"] = predicted;
    result["per_language"] = per;
    return result;
}

RunResult MlmTrainer::run()
{
    m_callStart = Clock::now();
    m_dir = fs::absolute(m_options.runDir).lexically_normal();
    RunResult result;
    if (const char *world = std::getenv("WORLD_SIZE"); world && std::atoi(world) > 1)
        throw Error("objective mlm trains in one process; data-parallel masked-LM training (WORLD_SIZE=" +
                    std::string(world) + ") is not implemented yet");
    // Everything that can be wrong with the settings, the text or the model is found before
    // anything is written.
    fs::path resumeFrom;
    if (m_options.resume) {
        const fs::path cfg = m_dir / "config.json";
        if (!fs::exists(cfg))
            throw Error(m_dir.string(), "is not a run folder (no config.json); start a run with --project and --config");
        m_config = TrainConfig::fromJson(readFile(cfg), cfg.string());
        const fs::path splits = m_dir / "splits.json";
        m_text = loadMlmText(m_config, fs::exists(splits) ? readFile(splits) : std::string());
        resumeFrom = runfolder::latestCheckpoint(m_dir);
        loadModel(resumeFrom.empty() ? fs::path(m_config.model) : resumeFrom);
    } else {
        m_config = m_options.config;
        requireValid(m_config);
        m_config.project = resolve(m_config.project, m_options.baseDir).string();
        m_config.model = resolve(m_config.model, m_options.baseDir).string();
        if (fs::exists(m_dir / "config.json"))
            throw Error(m_dir.string(), "a run already exists here; resume it with --resume or choose another folder");
        m_text = loadMlmText(m_config, "");
        loadModel(m_config.model);
        fs::create_directories(m_dir / "checkpoints");
        writeFileAtomically(m_dir / "config.json", m_config.toJson());
        writeFileAtomically(m_dir / "splits.json", m_text.splits.dump(1) + "\n");
    }
    m_out = std::make_unique<RunWriter>(m_dir, m_options.observer, true);
    if (m_config.device != "cpu") {
        if (!torch::cuda::is_available())
            throw Error("device \"" + m_config.device + "\": no CUDA device is available (a CPU-only LibTorch, or no GPU); "
                        "use \"cpu\"");
        m_device = torch::Device(m_config.device);
    }
    if (resumeFrom.empty())
        m_out->log("loaded " + m_config.model + " (" + std::to_string(m_loadReport.unexpected.size()) +
                   " checkpoint tensors unused)");

    torch::manual_seed(std::int64_t(m_config.seed & 0x7fffffffffffffffull)); // dropout; a resume restores its state
    m_model->to(m_device);
    m_model->train();
    m_named.clear();
    for (const auto &item : m_model->named_parameters(true))
        m_named.emplace_back(item.key(), item.value());
    buildOptimizer(m_modelConfig.numHiddenLayers, [&](const std::string &name) { return depthOf(name, m_modelConfig.numHiddenLayers); },
                   [](const std::string &name, const torch::Tensor &p) { return p.dim() <= 1 || name.find("LayerNorm") != std::string::npos; });

    const MlmDataConfig data = dataConfig(m_config);
    m_batcher = std::make_unique<MlmBatcher>(*m_tokenizer, m_text.train, data);
    m_trainTokens = m_batcher->tokenCount();
    for (const auto &[code, lines] : m_text.dev) {
        if (lines.empty())
            continue;
        const std::vector<std::string> some(lines.begin(), lines.begin() + std::ptrdiff_t(std::min(lines.size(), kMaxDevLinesPerLanguage)));
        const MlmBatcher dev(*m_tokenizer, {{code, some}}, data);
        m_devBatches[code] = dev.evaluationBatches(m_config.mlm.batchSize, mixSeed(m_config.seed, 0xDE7));
    }
    if (!resumeFrom.empty()) {
        loadState(resumeFrom);
        m_out->log("resumed from " + resumeFrom.filename().string());
    } else if (m_options.resume) {
        m_out->log("no checkpoint yet: starting from the beginning");
    }
    for (const std::string &code : m_text.languages)
        m_languageSeen.emplace(code, 0);
    // With packing, a sequence holds about max_length tokens.
    const std::int64_t tokensPerBatch = std::int64_t(m_config.mlm.batchSize) * m_config.mlm.maxLength;
    result.batchesPerEpoch = std::max<std::int64_t>(1, (m_trainTokens + tokensPerBatch - 1) / tokensPerBatch);

    {
        std::size_t trainLines = 0, devLines = 0;
        for (const auto &[code, l] : m_text.train)
            trainLines += l.size();
        for (const auto &[code, l] : m_text.dev)
            devLines += l.size();
        const std::int64_t parameters = xlmrParameterCount(*m_model);
        json started{{"type", "event"},
                     {"event", resumeFrom.empty() ? "started" : "resumed"},
                     {"step", m_step},
                     {"time", m_elapsed},
                     {"max_steps", m_config.maxSteps},
                     {"objective", m_config.objective},
                     {"languages", m_text.languages},
                     {"train_lines", trainLines},
                     {"dev_lines", devLines},
                     {"train_tokens", m_trainTokens},
                     {"batches_per_epoch", result.batchesPerEpoch},
                     {"parameters", parameters},
                     {"device", m_device.str()},
                     {"threads", torch::get_num_threads()},
                     {"sampling_probability", m_batcher->languageProbabilities()}};
        started["message"] = std::to_string(trainLines) + " training and " + std::to_string(devLines) + " dev lines (" +
                             std::to_string(m_trainTokens) + " training tokens) in " +
                             std::to_string(m_text.languages.size()) + " languages";
        m_out->record(started);
        m_out->log(started["message"].get<std::string>() + "; about " + std::to_string(result.batchesPerEpoch) +
                   " batches per epoch; " + std::to_string(parameters) + " parameters on " + m_device.str());
    }
    writeStatus("running", "");

    const bool bf16 = m_config.precision == "bf16";
    const int acc = m_config.optim.accumulationSteps;
    int nonFiniteInARow = 0;
    std::vector<double> stepTimes;
    const std::int64_t firstStep = m_step;
    std::string failure;
    const auto sync = [&] {
        if (m_device.is_cuda())
            torch::cuda::synchronize();
    };

    while (m_step < m_config.maxSteps && !stopRequested(firstStep)) {
        const auto t0 = Clock::now();
        double waitTime = 0, forwardTime = 0, backwardTime = 0, lossSum = 0, correct = 0;
        std::int64_t stepTokens = 0, stepPredicted = 0;
        bool finite = true;
        for (int a = 0; a < acc; ++a) {
            const auto w0 = Clock::now();
            const MlmBatch b = m_batcher->next(m_config.mlm.batchSize);
            ++m_position;
            waitTime += secondsSince(w0);
            for (const std::string &l : b.languages)
                ++m_languageSeen[l];
            stepTokens += b.tokens;
            stepPredicted += b.predicted;
            const auto f0 = Clock::now();
            torch::Tensor loss;
            {
                AutocastGuard autocast(m_device.is_cuda(), bf16);
                const MaskedLMOutput o = m_model->forward(b.inputIds.to(m_device), b.attentionMask.to(m_device),
                                                          b.labels.to(m_device));
                loss = o.loss.to(torch::kFloat32) / double(acc);
                if (o.maskedLabels.size(0) > 0)
                    correct += o.maskedLogits.detach().argmax(-1).eq(o.maskedLabels).sum().item<double>();
            }
            const double value = b.predicted > 0 ? loss.item<double>() : std::nan("");
            lossSum += value;
            finite = finite && std::isfinite(value);
            sync();
            forwardTime += secondsSince(f0);
            const auto b0 = Clock::now();
            if (std::isfinite(value))
                loss.backward();
            sync();
            backwardTime += secondsSince(b0);
        }

        const auto o0 = Clock::now();
        std::vector<torch::Tensor> params;
        for (const auto &[name, p] : m_named)
            params.push_back(p);
        const double gradNorm = clipGradients(params);
        finite = finite && std::isfinite(gradNorm);
        const double lr = learningRateAt(m_config.optim, m_step, m_config.maxSteps);
        if (!finite) {
            failure = skipUpdate(stepPredicted > 0 ? "non-finite loss or gradient" : "no token to predict in the batch",
                                 nonFiniteInARow);
            if (!failure.empty())
                break;
            continue;
        }
        nonFiniteInARow = 0;
        applyUpdate(lr);
        sync();
        const double optimizerTime = secondsSince(o0);
        ++m_step;
        m_tokensSeen += stepTokens;
        const double stepTime = secondsSince(t0);
        stepTimes.push_back(stepTime);

        if (m_step % m_config.checkpoint.logEverySteps == 0 || m_step == m_config.maxSteps) {
            json shares = json::object();
            std::int64_t total = 0;
            for (const auto &[code, n] : m_languageSeen)
                total += n;
            for (const auto &[code, n] : m_languageSeen)
                shares[code] = double(n) / double(std::max<std::int64_t>(1, total));
            json line{{"type", "train"},
                      {"step", m_step},
                      {"epoch", double(m_tokensSeen) / double(std::max<std::int64_t>(1, m_trainTokens))},
                      {"time", now()},
                      {"lr", lr},
                      {"loss", lossSum},
                      {"accuracy", correct / double(std::max<std::int64_t>(1, stepPredicted))},
                      {"grad_norm", gradNorm},
                      {"tokens", stepTokens},
                      {"predicted_tokens", stepPredicted},
                      {"tokens_per_second", double(stepTokens) / std::max(1e-9, stepTime)},
                      {"tokens_seen", m_tokensSeen},
                      {"time_step", stepTime},
                      {"time_data_wait", waitTime},
                      {"time_forward", forwardTime},
                      {"time_backward", backwardTime},
                      {"time_optimizer", optimizerTime},
                      {"data_wait_share", waitTime / std::max(1e-9, stepTime)},
                      {"rss_bytes", runfolder::residentBytes()},
                      {"non_finite_steps", m_nonFinite},
                      {"language_share", shares}};
            m_out->record(line);
            writeStatus("running", "");
        }

        bool forceCheckpoint = false;
        if (m_config.checkpoint.evalEverySteps > 0 && !m_devBatches.empty() &&
            (m_step % m_config.checkpoint.evalEverySteps == 0 || m_step == m_config.maxSteps)) {
            json ev = evaluate();
            if (!ev.is_null()) {
                ev["time"] = now();
                const double metric = ev["loss"].get<double>();
                const bool better = offerMetric("loss", metric, false);
                forceCheckpoint = better && m_config.checkpoint.keepBest;
                ev["best_loss"] = m_bestMetric;
                m_out->record(ev);
                m_out->log("step " + std::to_string(m_step) + " dev loss " + std::to_string(metric) + ", accuracy " +
                           std::to_string(ev["accuracy"].get<double>()) + (better ? " (best so far)" : ""));
            }
        }
        if (m_options.writeCheckpoints && (forceCheckpoint || m_step % m_config.checkpoint.everySteps == 0))
            saveCheckpoint("periodic");
    }

    return finish(result, stepTimes, firstStep, failure, [this](const std::string &reason) { saveCheckpoint(reason); });
}

} // namespace

RunResult runMaskedLMTraining(const RunOptions &options)
{
    MlmTrainer trainer(options);
    return trainer.run();
}

std::string describeMaskedLMData(const TrainConfig &input, const fs::path &baseDir)
{
    TrainConfig config = input;
    config.project = resolve(config.project, baseDir).string();
    config.model = resolve(config.model, baseDir).string();
    std::string out;
    for (const std::string &p : config.validate())
        out += "problem: " + p + "\n";
    const MlmText text = loadMlmText(config, "");
    std::map<std::string, double> sampled;
    std::map<std::string, std::int64_t> tokens;
    if (!config.model.empty()) {
        const std::shared_ptr<XlmrTokenizer> tok = loadTokenizer(config.model);
        const MlmBatcher batcher(*tok, text.train, dataConfig(config));
        sampled = batcher.languageProbabilities();
        for (const auto &[code, lines] : text.train)
            for (const std::string &l : lines)
                tokens[code] += std::int64_t(tok->encodePieces(l).size());
    }
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %10s %10s %12s %10s\n", "language", "train", "dev", "tokens", "sampled");
    out += line;
    for (const std::string &code : text.languages) {
        std::snprintf(line, sizeof line, "%-8s %10zu %10zu %12lld %9.1f%%\n", code.c_str(), text.train.at(code).size(),
                      text.dev.count(code) ? text.dev.at(code).size() : std::size_t(0),
                      static_cast<long long>(tokens.count(code) ? tokens.at(code) : 0),
                      100.0 * (sampled.count(code) ? sampled.at(code) : 0.0));
        out += line;
    }
    out += "(lines of text; tokens by the model's tokenizer; sampled = share of sequences with alpha " +
           std::to_string(config.data.samplingAlpha) + ")\n";
    return out;
}

} // namespace fieldbench
