#include "fieldbench/train/trainer.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/train/data.h"
#include "fieldbench/train/distributed.h"
#include "fieldbench/train/sampling.h"
#include "fieldbench/train/schedule.h"
#include "fieldbench/train/vocabulary.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/runtime.h"

#include "mlmtrainer.h"
#include "runfolder.h"

#include <nlohmann/json.hpp>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#define FIELDBENCH_CUDA_MEMORY_STATS 1
#endif

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <numeric>
#include <regex>
#include <sstream>
#include <thread>
#include <type_traits>

namespace fieldbench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using runfolder::Clock;
using runfolder::isoNow;
using runfolder::latestCheckpoint;
using runfolder::residentBytes;
using runfolder::resolve;
using runfolder::RunWriter;
using runfolder::secondsSince;
using runfolder::stepName;

// CUDA caching-allocator figures (current allocated and reserved bytes) of a device; zeros
// for the CPU and for LibTorch builds without CUDA headers. Index 0 of a StatArray is the
// aggregate over pool types in every LibTorch version.
std::pair<std::int64_t, std::int64_t> cudaMemory(const torch::Device &device)
{
#ifdef FIELDBENCH_CUDA_MEMORY_STATS
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.has_index() ? device.index() : 0);
        return {stats.allocated_bytes[0].current, stats.reserved_bytes[0].current};
    }
#else
    (void)device;
#endif
    return {0, 0};
}

bool isFinite(double v) { return std::isfinite(v); }

// ---------------------------------------------------------------------------------------
// Batches

struct Batch
{
    std::int64_t position = 0;   // global batch index
    torch::Tensor audio;         // [B, T] normalised
    torch::Tensor attention;     // [B, T] int64, undefined when every item has length T
    torch::Tensor maskTime;      // pretrain: [B, F] bool
    torch::Tensor negatives;     // pretrain: [B, F, K] int64
    torch::Tensor labels;        // ctc: [B, L] int64, -100 padding
    std::vector<int> languages;
    std::vector<std::string> transcripts;
    double seconds = 0;          // audio seconds in the batch (after cropping)
    std::vector<std::string> problems; // items dropped (unreadable audio...)
};

struct BatchRecipe
{
    const std::vector<Utterance> *utterances = nullptr;
    const Wav2Vec2Config *model = nullptr;
    const TrainConfig *config = nullptr;
    const CtcVocabulary *vocab = nullptr; // ctc
    bool pretrain = true;
    bool evaluation = false; // dev batches: no random crop offsets beyond the seed
};

void normalise(float *x, std::int64_t n)
{
    double mean = 0, sq = 0;
    for (std::int64_t i = 0; i < n; ++i)
        mean += x[i];
    mean /= double(std::max<std::int64_t>(n, 1));
    for (std::int64_t i = 0; i < n; ++i)
        sq += (x[i] - mean) * (x[i] - mean);
    const double inv = 1.0 / std::sqrt(sq / double(std::max<std::int64_t>(n, 1)) + 1e-7);
    for (std::int64_t i = 0; i < n; ++i)
        x[i] = float((x[i] - mean) * inv);
}

Batch buildBatch(const BatchRecipe &r, const std::vector<int> &items, std::uint64_t seed, std::int64_t position)
{
    const TrainConfig &c = *r.config;
    Batch b;
    b.position = position;
    std::mt19937_64 rng(mixSeed(seed, std::uint64_t(position) * 2 + 1));
    std::vector<std::vector<float>> wavs;
    const std::int64_t maxSamples = std::int64_t(c.data.maxSeconds * kProjectSampleRate);
    for (int i : items) {
        const Utterance &u = (*r.utterances)[std::size_t(i)];
        std::vector<float> w;
        try {
            w = readMono(u.audio, u.start, u.end);
        } catch (const Error &e) {
            b.problems.push_back(e.what());
            continue;
        }
        if (w.size() < 400) {
            b.problems.push_back(u.audio.string() + ": segment " + std::to_string(u.segmentId) + " is too short to use");
            continue;
        }
        if (r.pretrain && std::int64_t(w.size()) > maxSamples) {
            const std::size_t off = std::size_t(rng() % std::uint64_t(std::int64_t(w.size()) - maxSamples + 1));
            w = std::vector<float>(w.begin() + std::ptrdiff_t(off), w.begin() + std::ptrdiff_t(off) + maxSamples);
        }
        wavs.push_back(std::move(w));
        b.languages.push_back(u.language);
        b.transcripts.push_back(u.transcript);
    }
    if (wavs.empty())
        return b;
    std::size_t shortest = wavs[0].size(), longest = 0;
    for (const auto &w : wavs) {
        shortest = std::min(shortest, w.size());
        longest = std::max(longest, w.size());
    }
    const bool crop = r.pretrain && c.data.cropToShortest;
    const std::int64_t B = std::int64_t(wavs.size()), T = std::int64_t(crop ? shortest : longest);
    b.audio = torch::zeros({B, T});
    std::vector<std::int64_t> lengths(static_cast<std::size_t>(B));
    bool padded = false;
    for (std::int64_t k = 0; k < B; ++k) {
        auto &w = wavs[std::size_t(k)];
        std::size_t off = 0, n = w.size();
        if (crop && n > std::size_t(T)) {
            off = std::size_t(rng() % (n - std::size_t(T) + 1));
            n = std::size_t(T);
        }
        float *dst = b.audio[k].data_ptr<float>();
        std::copy(w.begin() + std::ptrdiff_t(off), w.begin() + std::ptrdiff_t(off + n), dst);
        normalise(dst, std::int64_t(n));
        lengths[std::size_t(k)] = std::int64_t(n);
        padded = padded || std::int64_t(n) < T;
        b.seconds += double(n) / kProjectSampleRate;
    }
    const torch::Tensor lengthT = torch::tensor(lengths, torch::kInt64);
    if (padded)
        b.attention = torch::arange(T).unsqueeze(0).lt(lengthT.unsqueeze(1)).to(torch::kInt64);
    if (r.pretrain) {
        const std::int64_t F = r.model->outputLength(T);
        torch::Tensor frameLengths;
        torch::Tensor frameMask;
        if (padded) {
            std::vector<std::int64_t> fl;
            for (std::int64_t n : lengths)
                fl.push_back(r.model->outputLength(n));
            frameLengths = torch::tensor(fl, torch::kInt64);
            frameMask = torch::arange(F).unsqueeze(0).lt(frameLengths.unsqueeze(1));
        }
        torch::Generator gen = at::detail::createCPUGenerator(mixSeed(seed, std::uint64_t(position) * 2 + 2));
        const int span = std::min<int>(c.pretrain.maskLength, int(F));
        b.maskTime = computeMaskIndices(B, F, c.pretrain.maskProb, span, 2, frameLengths, gen);
        b.negatives = sampleNegatives(B, F, c.pretrain.numNegatives, frameMask, gen);
    } else {
        std::vector<std::vector<std::int64_t>> ids;
        std::size_t L = 1;
        for (const std::string &t : b.transcripts) {
            ids.push_back(r.vocab->encode(t));
            L = std::max(L, ids.back().size());
        }
        b.labels = torch::full({B, std::int64_t(L)}, -100, torch::kInt64);
        for (std::int64_t k = 0; k < B; ++k)
            for (std::size_t j = 0; j < ids[std::size_t(k)].size(); ++j)
                b.labels[k][std::int64_t(j)] = ids[std::size_t(k)][j];
    }
    return b;
}

// Prepares batches on `threads` threads, `prefetch` ahead, in position order: position p
// of the stream start, start+stride, ... (stride = world size in data-parallel runs). The
// epoch plans are pure functions of the seed, so the stream is the same however many
// threads build it.
class BatchLoader
{
public:
    BatchLoader(BatchRecipe recipe, std::vector<double> probabilities, std::uint64_t seed, std::int64_t start,
                std::int64_t stride, int threads, int prefetch)
        : m_recipe(recipe)
        , m_probabilities(std::move(probabilities))
        , m_seed(seed)
        , m_next(start)
        , m_stride(stride)
        , m_claim(start)
        , m_prefetch(prefetch)
    {
        for (int i = 0; i < threads; ++i)
            m_threads.emplace_back([this] { work(); });
    }
    ~BatchLoader()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_quit = true;
        }
        m_cv.notify_all();
        for (auto &t : m_threads)
            t.join();
    }

    Batch next()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_ready.count(m_next) || m_failure; });
        if (m_failure)
            std::rethrow_exception(m_failure);
        Batch b = std::move(m_ready[m_next]);
        m_ready.erase(m_next);
        m_next += m_stride;
        m_cv.notify_all();
        return b;
    }

    // (epoch, index in epoch) of a position; batches per epoch of `epoch`.
    std::pair<std::int64_t, std::int64_t> locate(std::int64_t position)
    {
        std::lock_guard<std::mutex> lock(m_planMutex);
        return locateLocked(position);
    }
    std::int64_t batchesInEpoch(std::int64_t epoch)
    {
        std::lock_guard<std::mutex> lock(m_planMutex);
        plan(epoch);
        return std::int64_t(m_plans[epoch].size());
    }
    std::vector<std::int64_t> languageCounts(std::int64_t epoch)
    {
        std::lock_guard<std::mutex> lock(m_planMutex);
        plan(epoch);
        return m_counts[epoch];
    }

private:
    void plan(std::int64_t epoch) // m_planMutex held
    {
        while (std::int64_t(m_epochStart.size()) <= epoch) {
            const std::int64_t e = std::int64_t(m_epochStart.size());
            const std::int64_t begin = e == 0 ? 0 : m_epochStart.back() + std::int64_t(m_plans[e - 1].size());
            m_plans[e] = planEpoch(*m_recipe.utterances, m_probabilities, m_recipe.config->data, m_seed, e, &m_counts[e]);
            if (m_plans[e].empty())
                throw Error("the training data yields no batches");
            m_epochStart.push_back(begin);
        }
    }
    std::pair<std::int64_t, std::int64_t> locateLocked(std::int64_t position)
    {
        std::int64_t e = 0;
        while (true) {
            plan(e);
            const std::int64_t begin = m_epochStart[std::size_t(e)];
            if (position < begin + std::int64_t(m_plans[e].size()))
                return {e, position - begin};
            ++e;
        }
    }

    void work()
    {
        while (true) {
            std::int64_t position;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_cv.wait(lock, [&] { return m_quit || m_claim < m_next + m_stride * m_prefetch; });
                if (m_quit)
                    return;
                position = m_claim;
                m_claim += m_stride;
            }
            try {
                std::vector<int> items;
                {
                    std::lock_guard<std::mutex> lock(m_planMutex);
                    const auto [e, i] = locateLocked(position);
                    items = m_plans[e][std::size_t(i)];
                }
                Batch b = buildBatch(m_recipe, items, m_seed, position);
                std::lock_guard<std::mutex> lock(m_mutex);
                m_ready[position] = std::move(b);
            } catch (...) {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_failure = std::current_exception();
            }
            m_cv.notify_all();
        }
    }

    BatchRecipe m_recipe;
    std::vector<double> m_probabilities;
    std::uint64_t m_seed;
    std::mutex m_mutex;               // guards m_next, m_claim, m_ready, m_quit, m_failure
    std::condition_variable m_cv;
    std::int64_t m_next;
    std::int64_t m_stride;
    std::int64_t m_claim;
    int m_prefetch;
    std::map<std::int64_t, Batch> m_ready;
    bool m_quit = false;
    std::exception_ptr m_failure;
    std::mutex m_planMutex;           // guards m_plans, m_counts, m_epochStart
    std::map<std::int64_t, std::vector<std::vector<int>>> m_plans;
    std::map<std::int64_t, std::vector<std::int64_t>> m_counts;
    std::vector<std::int64_t> m_epochStart;
    std::vector<std::thread> m_threads;
};

// ---------------------------------------------------------------------------------------
// The trainer

class Trainer : runfolder::RunSession
{
public:
    explicit Trainer(const RunOptions &options)
        : RunSession(options)
    {}

    RunResult run();

private:
    void prepareNewRun();
    void prepareResume();
    void buildModel(const fs::path &checkpoint);
    void buildOptimizer();
    void applyFreezing();
    std::vector<torch::Tensor> trainableParameters();
    void saveCheckpoint(const std::string &reason);
    void loadOptimizerAndState(const fs::path &checkpoint);
    json evaluate();
    json perplexitiesPerGroup(const QuantizerOutput &q, const torch::Tensor &mask);

    TrainingData m_data;
    std::vector<double> m_languageProbabilities;
    CtcVocabulary m_vocab;
    Wav2Vec2Config m_modelConfig;
    std::shared_ptr<torch::nn::Module> m_module;
    std::shared_ptr<Wav2Vec2ForPreTrainingImpl> m_pre;
    std::shared_ptr<Wav2Vec2ForCTCImpl> m_ctc;
    std::unique_ptr<DistributedContext> m_dist; // world size 1 unless launched by torchrun/Slurm (rank 0 is m_main)
    bool m_pretrain = true;

    // Training state (checkpointed, with RunSession's).
    std::int64_t m_position = 0;           // batches consumed (global, all ranks)
    double m_audioSeen = 0;                // seconds of audio trained on
    std::vector<std::int64_t> m_languageSeen;
};

std::string objectiveArchitecture(bool pretrain) { return pretrain ? "Wav2Vec2ForPreTraining" : "Wav2Vec2ForCTC"; }

void Trainer::prepareNewRun()
{
    m_config = m_options.config;
    requireValid(m_config);
    // Paths become absolute in the saved config so the run can be resumed from anywhere.
    m_config.project = resolve(m_config.project, m_options.baseDir).string();
    m_config.model = resolve(m_config.model, m_options.baseDir).string();
    if (m_main && fs::exists(m_dir) && fs::exists(m_dir / "config.json"))
        throw Error(m_dir.string(), "a run already exists here; resume it with --resume or choose another folder");
    m_data = loadTrainingData(m_config.project, m_config);
    if (m_main) {
        fs::create_directories(m_dir / "checkpoints");
        writeFileAtomically(m_dir / "config.json", m_config.toJson());
        writeFileAtomically(m_dir / "splits.json", m_data.splitJson(m_config.seed, m_config.data.splitBy));
    }
    if (!m_pretrain) {
        std::vector<std::string> transcripts;
        for (const Utterance &u : m_data.train)
            transcripts.push_back(u.transcript);
        m_vocab = CtcVocabulary::build(transcripts, m_config.ctc.unit, m_config.ctc.wordDelimiter);
        if (m_main)
            writeFileAtomically(m_dir / "vocab.json", m_vocab.toJson());
    }
}

void Trainer::prepareResume()
{
    const fs::path cfg = m_dir / "config.json";
    if (!fs::exists(cfg))
        throw Error(m_dir.string(), "is not a run folder (no config.json); start a run with --project and --config");
    m_config = TrainConfig::fromJson(readFile(cfg), cfg.string());
    m_pretrain = m_config.objective == "pretrain";
    const fs::path splits = m_dir / "splits.json";
    m_data = loadTrainingData(m_config.project, m_config, fs::exists(splits) ? readFile(splits) : std::string());
    if (!m_pretrain)
        m_vocab = CtcVocabulary::fromJson(readFile(m_dir / "vocab.json"), m_config.ctc.unit, m_config.ctc.wordDelimiter,
                                          (m_dir / "vocab.json").string());
}

void Trainer::buildModel(const fs::path &checkpoint)
{
    torch::manual_seed(std::int64_t(m_config.seed & 0x7fffffffffffffffull));
    const auto arch = m_pretrain ? Wav2Vec2Architecture::PreTraining : Wav2Vec2Architecture::CTC;
    if (!checkpoint.empty()) { // resume: the checkpoint is the whole model
        LoadedWav2Vec2 loaded = loadWav2Vec2(checkpoint);
        if (loaded.architecture != arch)
            throw Error(checkpoint.string(), "holds a " + toString(loaded.architecture) + " model, not the run's " +
                                                 objectiveArchitecture(m_pretrain));
        m_modelConfig = loaded.config;
        m_module = loaded.module;
    } else {
        m_modelConfig = m_config.model.empty() ? Wav2Vec2Config::preset(m_config.preset)
                                               : Wav2Vec2Config::load(m_config.model);
        m_modelConfig.extra["architectures"] = json::array({objectiveArchitecture(m_pretrain)});
        if (m_pretrain) {
            m_modelConfig.maskTimeProb = m_config.pretrain.maskProb;
            m_modelConfig.maskTimeLength = m_config.pretrain.maskLength;
            m_modelConfig.numNegatives = m_config.pretrain.numNegatives;
            m_modelConfig.diversityLossWeight = m_config.pretrain.diversityWeight;
        } else {
            m_modelConfig.vocabSize = m_vocab.size();
            m_modelConfig.padTokenId = int(m_vocab.padId());
            m_modelConfig.bosTokenId = 1;
            m_modelConfig.eosTokenId = 2;
            m_modelConfig.ctcLossReduction = "mean";
            m_modelConfig.ctcZeroInfinity = true;
            m_modelConfig.maskTimeProb = m_config.ctc.maskTimeProb;
            m_modelConfig.applySpecAugment = m_config.ctc.maskTimeProb > 0;
            if (m_config.ctc.dropout >= 0) {
                const double d = m_config.ctc.dropout;
                m_modelConfig.hiddenDropout = m_modelConfig.attentionDropout = m_modelConfig.activationDropout = d;
                m_modelConfig.featProjDropout = m_modelConfig.finalDropout = d;
            }
            if (m_config.ctc.layerdrop >= 0)
                m_modelConfig.layerdrop = m_config.ctc.layerdrop;
        }
        const auto problems = m_modelConfig.validate();
        if (!problems.empty())
            throw Error(m_config.model.empty() ? "preset " + m_config.preset : m_config.model,
                        "model configuration problem: " + problems.front());
        LoadedWav2Vec2 created = createWav2Vec2(m_modelConfig, arch);
        m_module = created.module;
        if (!m_config.model.empty()) {
            // A CTC starting model with another vocabulary: its output layer cannot be reused
            // (other units, maybe another size); everything else is.
            bool freshHead = false;
            std::int64_t oldVocab = 0;
            if (!m_pretrain) {
                const SafeTensorsCheckpoint checkpoint(m_config.model);
                if (checkpoint.contains("lm_head.weight")) {
                    oldVocab = checkpoint.info("lm_head.weight").shape.at(0);
                    bool sameVocabulary = false;
                    const fs::path vocabFile = fs::path(m_config.model) / "vocab.json";
                    try {
                        sameVocabulary = fs::exists(vocabFile) &&
                                         CtcVocabulary::fromJson(readFile(vocabFile), m_vocab.unit(), m_vocab.wordDelimiter())
                                                 .tokenList() == m_vocab.tokenList();
                    } catch (const Error &) {
                    }
                    freshHead = !sameVocabulary;
                }
            }
            LoadReport report;
            if (freshHead) {
                Wav2Vec2Config old = m_modelConfig;
                old.vocabSize = int(oldVocab);
                LoadedWav2Vec2 previous = createWav2Vec2(old, arch);
                report = loadParameters(*previous.module, m_config.model);
                torch::NoGradGuard noGrad;
                const auto source = previous.module->named_parameters(true);
                for (auto &item : m_module->named_parameters(true)) {
                    if (item.key().rfind("lm_head.", 0) == 0)
                        report.missing.push_back(item.key());
                    else if (const torch::Tensor *t = source.find(item.key()))
                        item.value().copy_(*t);
                }
                m_out->log("the starting model's output layer (" + std::to_string(oldVocab) +
                           " units) does not match this run's vocabulary (" + std::to_string(m_vocab.size()) +
                           " units): lm_head starts fresh");
            } else {
                report = loadParameters(*m_module, m_config.model);
            }
            std::vector<std::string> fresh;
            for (const std::string &name : report.missing)
                fresh.push_back(name);
            m_out->log("loaded " + m_config.model + " (" + std::to_string(report.unexpected.size()) +
                       " checkpoint tensors unused" + (fresh.empty() ? std::string() : "; initialised fresh: " + [&] {
                           std::string s;
                           for (std::size_t i = 0; i < fresh.size() && i < 6; ++i)
                               s += (i ? ", " : "") + fresh[i];
                           return s + (fresh.size() > 6 ? ", ..." : "");
                       }()) + ")");
            // A checkpoint without a quantizer cannot be pretrained further meaningfully.
            if (m_pretrain) {
                for (const std::string &name : report.missing)
                    if (name.rfind("quantizer.", 0) == 0) {
                        m_out->log("warning: the starting model has no quantizer (a fine-tuned or base-only "
                                   "checkpoint); the quantizer starts at random");
                        break;
                    }
            }
        }
    }
    m_pre = m_pretrain ? std::dynamic_pointer_cast<Wav2Vec2ForPreTrainingImpl>(m_module) : nullptr;
    m_ctc = m_pretrain ? nullptr : std::dynamic_pointer_cast<Wav2Vec2ForCTCImpl>(m_module);
    m_module->to(m_device);
    m_named.clear();
    for (const auto &item : m_module->named_parameters(true))
        m_named.emplace_back(item.key(), item.value());
}

// Parameter depth for layer-wise learning rates: 0 = feature encoder and projection,
// l + 1 = transformer layer l, L + 1 = heads and the quantizer.
int depthOf(const std::string &name, int layers)
{
    static const std::regex layer(R"(encoder\.layers\.(\d+)\.)");
    std::smatch m;
    if (std::regex_search(name, m, layer))
        return std::stoi(m[1]) + 1;
    if (name.find("feature_extractor") != std::string::npos || name.find("feature_projection") != std::string::npos ||
        name.find("pos_conv_embed") != std::string::npos || name.find("masked_spec_embed") != std::string::npos)
        return 0;
    if (name.find("wav2vec2.encoder.layer_norm") != std::string::npos)
        return layers;
    return layers + 1;
}

void Trainer::buildOptimizer()
{
    const int L = m_modelConfig.numHiddenLayers;
    RunSession::buildOptimizer(L, [L](const std::string &name) { return depthOf(name, L); },
                               [](const std::string &name, const torch::Tensor &p) {
                                   return p.dim() <= 1 || name.find("norm") != std::string::npos ||
                                          name == "quantizer.codevectors" || name.find("masked_spec_embed") != std::string::npos;
                               });
}

void Trainer::applyFreezing()
{
    if (m_pretrain)
        return;
    const bool transformerFrozen = m_step < m_config.ctc.freezeTransformerSteps;
    for (const auto &[name, p] : m_named) {
        bool trainable = true;
        if (name.rfind("wav2vec2.", 0) == 0 && transformerFrozen)
            trainable = false;
        if (name.find("feature_extractor") != std::string::npos && m_config.ctc.freezeFeatureEncoder)
            trainable = false;
        p.set_requires_grad(trainable);
    }
}

std::vector<torch::Tensor> Trainer::trainableParameters()
{
    std::vector<torch::Tensor> out;
    for (const auto &[name, p] : m_named)
        if (p.requires_grad())
            out.push_back(p);
    return out;
}

json Trainer::perplexitiesPerGroup(const QuantizerOutput &q, const torch::Tensor &mask)
{
    torch::NoGradGuard noGrad;
    const int G = m_modelConfig.numCodevectorGroups, V = m_modelConfig.numCodevectorsPerGroup;
    const torch::Tensor m = mask.reshape({-1}).to(torch::kFloat32);
    const torch::Tensor n = m.sum().clamp_min(1);
    const torch::Tensor probs = torch::softmax(q.logits.detach().to(torch::kFloat32).reshape({-1, G, V}), -1);
    const torch::Tensor soft = (probs * m.reshape({-1, 1, 1})).sum(0) / n;
    const torch::Tensor hard = torch::one_hot(q.indices.reshape({-1, G}), V).to(torch::kFloat32);
    const torch::Tensor counts = (hard * m.reshape({-1, 1, 1})).sum(0) / n;
    auto ppl = [](const torch::Tensor &p) { return torch::exp(-(p * torch::log(p + 1e-7)).sum(-1)); };
    const torch::Tensor a = ppl(counts).cpu(), b = ppl(soft).cpu();
    json code = json::array(), prob = json::array();
    for (int g = 0; g < G; ++g) {
        code.push_back(a[g].item<double>());
        prob.push_back(b[g].item<double>());
    }
    return json{{"code", code}, {"prob", prob}};
}

json Trainer::evaluate()
{
    // At most about 400 dev utterances per evaluation, shared evenly between the languages.
    std::vector<int> items = evaluationSubset(m_data.dev, 400);
    if (items.empty())
        return {};
    BatchRecipe recipe{&m_data.dev, &m_modelConfig, &m_config, &m_vocab, m_pretrain, true};
    // Dev batches: sorted by length, batch_seconds each, fixed seed: the same every time.
    std::stable_sort(items.begin(), items.end(),
                     [&](int a, int b) { return m_data.dev[std::size_t(a)].seconds() < m_data.dev[std::size_t(b)].seconds(); });
    std::vector<std::vector<int>> batches;
    std::vector<int> current;
    double longest = 0;
    for (int i : items) {
        const double len = std::min(m_data.dev[std::size_t(i)].seconds(), m_config.data.maxSeconds);
        if (!current.empty() && (double(current.size() + 1) * std::max(longest, len) > m_config.data.batchSeconds ||
                                 int(current.size()) >= m_config.data.maxBatchSize)) {
            batches.push_back(current);
            current.clear();
            longest = 0;
        }
        current.push_back(i);
        longest = std::max(longest, len);
    }
    if (!current.empty())
        batches.push_back(current);

    const bool wasTraining = m_module->is_training();
    m_module->eval();
    torch::NoGradGuard noGrad;
    const bool bf16 = m_config.precision == "bf16";
    json result{{"type", "eval"}, {"step", m_step}};
    if (m_pretrain) {
        double lossSum = 0, correct = 0, masked = 0;
        for (std::size_t k = 0; k < batches.size(); ++k) {
            Batch b = buildBatch(recipe, batches[k], mixSeed(m_config.seed, 0xDE7), std::int64_t(k));
            if (!b.audio.defined())
                continue;
            AutocastGuard autocast(m_device.is_cuda(), bf16);
            const PreTrainingOutput o = m_pre->forward(b.audio.to(m_device),
                                                       b.attention.defined() ? b.attention.to(m_device) : torch::Tensor(),
                                                       b.maskTime.to(m_device), b.negatives.to(m_device));
            const double n = b.maskTime.sum().item<double>();
            lossSum += o.loss.item<double>();
            correct += o.contrastiveAccuracy.item<double>() * n;
            masked += n;
        }
        result["loss"] = lossSum / std::max(1.0, masked);
        result["contrastive_accuracy"] = correct / std::max(1.0, masked);
        result["utterances"] = items.size();
    } else {
        ErrorRates all;
        std::map<std::string, ErrorRates> perLanguage;
        json examples = json::array();
        std::map<int, int> examplesPerLanguage;
        double lossSum = 0;
        std::size_t lossBatches = 0;
        for (std::size_t k = 0; k < batches.size(); ++k) {
            Batch b = buildBatch(recipe, batches[k], mixSeed(m_config.seed, 0xDE7), std::int64_t(k));
            if (!b.audio.defined())
                continue;
            AutocastGuard autocast(m_device.is_cuda(), bf16);
            const CtcOutput o = m_ctc->forward(b.audio.to(m_device),
                                               b.attention.defined() ? b.attention.to(m_device) : torch::Tensor(),
                                               b.labels.to(m_device));
            lossSum += o.loss.item<double>();
            ++lossBatches;
            const torch::Tensor best = o.logits.argmax(-1).cpu();
            const torch::Tensor lengths = o.outputLengths.cpu();
            for (std::int64_t i = 0; i < best.size(0); ++i) {
                std::vector<std::int64_t> ids;
                std::int64_t previous = -1;
                const std::int64_t n = std::min(lengths[i].item<std::int64_t>(), best.size(1));
                const auto *p = best[i].contiguous().data_ptr<std::int64_t>();
                for (std::int64_t t = 0; t < n; ++t) {
                    if (p[t] != previous && p[t] != m_vocab.padId())
                        ids.push_back(p[t]);
                    previous = p[t];
                }
                std::vector<std::string> hyp = m_vocab.tokens(ids);
                // Collapse delimiters at the ends or doubled (as the reference is split).
                std::vector<std::string> clean;
                for (const std::string &u : hyp)
                    if (u != m_vocab.wordDelimiter() || (!clean.empty() && clean.back() != m_vocab.wordDelimiter()))
                        clean.push_back(u);
                if (!clean.empty() && clean.back() == m_vocab.wordDelimiter())
                    clean.pop_back();
                const std::vector<std::string> ref = m_vocab.split(b.transcripts[std::size_t(i)]);
                const int lang = b.languages[std::size_t(i)];
                all.add(m_vocab, ref, clean);
                perLanguage[m_data.languages[std::size_t(lang)]].add(m_vocab, ref, clean);
                if (examplesPerLanguage[lang]++ < 2 && examples.size() < 12)
                    examples.push_back({{"language", m_data.languages[std::size_t(lang)]},
                                        {"reference", m_vocab.join(ref)},
                                        {"hypothesis", m_vocab.join(clean)}});
            }
        }
        const std::string unitKey = m_config.ctc.unit == "phone" ? "per" : "cer";
        result["loss"] = lossSum / double(std::max<std::size_t>(1, lossBatches));
        result[unitKey] = all.unitErrorRate();
        result["wer"] = all.wordErrorRate();
        result["utterances"] = all.utterances;
        json per = json::object();
        for (const auto &[code, rates] : perLanguage)
            per[code] = {{unitKey, rates.unitErrorRate()}, {"wer", rates.wordErrorRate()}, {"utterances", rates.utterances}};
        result["per_language"] = per;
        result["examples"] = examples;
    }
    if (wasTraining)
        m_module->train();
    return result;
}

void Trainer::saveCheckpoint(const std::string &reason)
{
    const fs::path tmp = temporaryPath(m_dir / "checkpoints", stepName(m_step), "");
    fs::create_directories(tmp);
    saveModelFolder(*m_module, m_modelConfig, tmp);

    std::vector<NamedTensor> optimizerTensors;
    runfolder::appendOptimizerState(*m_optimizer, m_named, optimizerTensors);
    saveSafeTensors(tmp / "optimizer.safetensors", optimizerTensors);

    json st{{"step", m_step},
            {"position", m_position},
            {"elapsed_seconds", m_elapsed + secondsSince(m_callStart)},
            {"audio_seconds_seen", m_audioSeen},
            {"non_finite_steps", m_nonFinite},
            {"gumbel_temperature", gumbelTemperatureAt(m_config.pretrain, m_step)},
            {"learning_rate", learningRateAt(m_config.optim, m_step, m_config.maxSteps)},
            {"language_seen", m_languageSeen},
            {"languages", m_data.languages},
            {"best_metric", std::isnan(m_bestMetric) ? json(nullptr) : json(m_bestMetric)},
            {"best_metric_name", m_bestName},
            {"reason", reason},
            {"saved", isoNow()}};
    writeFileAtomically(tmp / "trainer_state.json", st.dump(2) + "\n");
    if (!m_pretrain)
        writeFileAtomically(tmp / "vocab.json", m_vocab.toJson());
    commitCheckpoint(tmp);
}

void Trainer::loadOptimizerAndState(const fs::path &checkpoint)
{
    runfolder::restoreOptimizerState(*m_optimizer, m_named, loadSafeTensors(checkpoint / "optimizer.safetensors"), m_device);
    const json st = json::parse(readFile(checkpoint / "trainer_state.json"));
    m_step = st.at("step").get<std::int64_t>();
    m_position = st.at("position").get<std::int64_t>();
    m_elapsed = st.value("elapsed_seconds", 0.0);
    m_audioSeen = st.value("audio_seconds_seen", 0.0);
    m_nonFinite = st.value("non_finite_steps", std::int64_t(0));
    m_languageSeen = st.value("language_seen", std::vector<std::int64_t>{});
    if (st.contains("best_metric") && st["best_metric"].is_number()) {
        m_bestMetric = st["best_metric"].get<double>();
        m_bestName = st.value("best_metric_name", std::string());
    }
}

RunResult Trainer::run()
{
    m_callStart = Clock::now();
    m_dir = fs::absolute(m_options.runDir).lexically_normal();
    RunResult result;
    fs::path resumeFrom;
    // Data-parallel when launched by torchrun or Slurm (RANK/WORLD_SIZE...): every rank runs
    // this function; only rank 0 writes the run folder.
    const std::string device = m_options.resume
                                   ? TrainConfig::fromJson(readFile(m_dir / "config.json"), (m_dir / "config.json").string()).device
                                   : m_options.config.device;
    m_dist = DistributedContext::fromEnvironment(device);
    m_main = m_dist->isMain();
    if (m_options.resume) {
        prepareResume();
        resumeFrom = latestCheckpoint(m_dir);
    } else {
        m_pretrain = m_options.config.objective == "pretrain";
        prepareNewRun();
    }
    m_dist->barrier(); // rank 0 has written config.json / splits.json / vocab.json
    m_out = std::make_unique<RunWriter>(m_dir, m_options.observer, m_main);
    if (m_config.device != "cpu") {
        if (!torch::cuda::is_available())
            throw Error("device \"" + m_config.device + "\": no CUDA device is available (a CPU-only LibTorch, or no GPU); "
                        "use \"cpu\"");
        m_device = m_dist->worldSize() > 1 && m_config.device == "cuda" ? torch::Device(torch::kCUDA, c10::DeviceIndex(m_dist->localRank()))
                                                                        : torch::Device(m_config.device);
    }
    if (m_config.precision == "bf16" && !m_device.is_cuda())
        m_out->log("bf16 autocast on the CPU: faster on CPUs with AVX-512 bf16, slightly different numbers");
    for (const std::string &w : m_data.warnings)
        m_out->log("data: " + w);

    buildModel(resumeFrom);
    if (m_pretrain)
        m_modelConfig.maskTimeProb = m_config.pretrain.maskProb;
    if (!m_pretrain)
        m_ctc->wav2vec2->freezeFeatureEncoder(m_config.ctc.freezeFeatureEncoder);
    buildOptimizer();
    if (!resumeFrom.empty()) {
        loadOptimizerAndState(resumeFrom);
        m_out->log("resumed from " + resumeFrom.filename().string());
    } else if (m_options.resume) {
        m_out->log("no checkpoint yet: starting from the beginning");
    }
    m_languageSeen.resize(m_data.languages.size(), 0);
    m_languageProbabilities = samplingProbabilities(m_data.trainSecondsPerLanguage(), m_config.data.samplingAlpha);

    const int world = m_dist->worldSize(), rank = m_dist->rank();
    if (world > 1) {
        std::vector<torch::Tensor> all;
        for (const auto &[name, p] : m_named)
            all.push_back(p);
        m_dist->broadcastParameters(all, 0); // one starting point, whatever each rank initialised
        m_out->log("data-parallel over " + std::to_string(world) + " processes (" + m_dist->backend() + ")");
    }
    BatchRecipe recipe{&m_data.train, &m_modelConfig, &m_config, &m_vocab, m_pretrain, false};
    BatchLoader loader(recipe, m_languageProbabilities, m_config.seed, m_position + rank, world,
                       m_config.data.loaderThreads, m_config.data.prefetchBatches);
    result.batchesPerEpoch = loader.batchesInEpoch(loader.locate(m_position).first);

    {
        json started{{"type", "event"},
                     {"event", resumeFrom.empty() ? "started" : "resumed"},
                     {"step", m_step},
                     {"time", m_elapsed},
                     {"max_steps", m_config.maxSteps},
                     {"objective", m_config.objective},
                     {"languages", m_data.languages},
                     {"train_utterances", m_data.train.size()},
                     {"dev_utterances", m_data.dev.size()},
                     {"batches_per_epoch", result.batchesPerEpoch},
                     {"parameters", parameterCount(*m_module)},
                     {"device", m_device.str()},
                     {"threads", torch::get_num_threads()}};
        json shares = json::object();
        for (std::size_t l = 0; l < m_data.languages.size(); ++l)
            shares[m_data.languages[l]] = m_languageProbabilities[l];
        started["sampling_probability"] = shares;
        started["message"] = std::to_string(m_data.train.size()) + " training and " + std::to_string(m_data.dev.size()) +
                             " dev utterances in " + std::to_string(m_data.languages.size()) + " languages";
        m_out->record(started);
        m_out->log(started["message"].get<std::string>() + "; " + std::to_string(result.batchesPerEpoch) +
                   " batches per epoch; " + std::to_string(parameterCount(*m_module)) + " parameters on " + m_device.str());
    }
    if (m_main)
        writeStatus("running", "");

    m_module->train();
    const bool bf16 = m_config.precision == "bf16";
    int nonFiniteInARow = 0;
    std::vector<double> stepTimes;
    const std::int64_t firstStep = m_step;
    auto sync = [&] {
        if (m_device.is_cuda())
            torch::cuda::synchronize();
    };
    std::string failure;

    while (m_step < m_config.maxSteps) {
        bool stop = stopRequested(firstStep);
        if (world > 1) // a stop anywhere stops every rank at the same update
            stop = m_dist->allReduceSum({stop ? 1.0 : 0.0})[0] > 0;
        if (stop)
            break;
        const auto t0 = Clock::now();
        applyFreezing();
        if (m_pretrain)
            m_pre->quantizer->temperature = gumbelTemperatureAt(m_config.pretrain, m_step);
        double waitTime = 0, forwardTime = 0, backwardTime = 0, stepAudio = 0;
        double lossSum = 0, contrastive = 0, diversity = 0, penalty = 0, ctcLoss = 0, accuracy = 0;
        json perplexities;
        bool finite = true;
        std::vector<std::string> problems;
        for (int a = 0; a < m_config.optim.accumulationSteps; ++a) {
            const auto w0 = Clock::now();
            Batch b = loader.next();
            m_position += world;
            waitTime += secondsSince(w0);
            for (std::string &p : b.problems)
                problems.push_back(std::move(p));
            if (!b.audio.defined())
                continue;
            stepAudio += b.seconds;
            for (int l : b.languages)
                ++m_languageSeen[std::size_t(l)];
            const auto f0 = Clock::now();
            torch::Tensor loss;
            {
                AutocastGuard autocast(m_device.is_cuda(), bf16);
                const torch::Tensor audio = b.audio.to(m_device);
                const torch::Tensor attention = b.attention.defined() ? b.attention.to(m_device) : torch::Tensor();
                if (m_pretrain) {
                    const torch::Tensor mask = b.maskTime.to(m_device);
                    const PreTrainingOutput o = m_pre->forward(audio, attention, mask, b.negatives.to(m_device));
                    const double masked = std::max(1.0, b.maskTime.sum().item<double>());
                    const torch::Tensor pen = o.encoder.featureEncoderOutput.to(torch::kFloat32).pow(2).mean();
                    loss = (o.loss + m_config.pretrain.featurePenaltyWeight * pen * masked) / masked;
                    contrastive += o.contrastiveLoss.item<double>() / masked;
                    diversity += o.diversityLoss.item<double>() / masked;
                    penalty += pen.item<double>();
                    accuracy += o.contrastiveAccuracy.item<double>();
                    perplexities = perplexitiesPerGroup(o.quantizer, mask);
                } else {
                    const CtcOutput o = m_ctc->forward(audio, attention, b.labels.to(m_device));
                    loss = o.loss;
                    ctcLoss += o.loss.item<double>();
                }
            }
            loss = loss / double(m_config.optim.accumulationSteps);
            const double value = loss.item<double>();
            lossSum += value;
            finite = finite && isFinite(value);
            sync();
            forwardTime += secondsSince(f0);
            const auto b0 = Clock::now();
            if (isFinite(value))
                loss.backward();
            sync();
            backwardTime += secondsSince(b0);
        }
        for (const std::string &p : problems)
            m_out->log("data problem (item skipped): " + p);

        const auto o0 = Clock::now();
        const std::vector<torch::Tensor> params = trainableParameters();
        if (world > 1) {
            m_dist->averageGradients(params);
            // Every rank takes the same decision about this update.
            const std::vector<double> sums = m_dist->allReduceSum({finite ? 0.0 : 1.0, stepAudio, lossSum});
            finite = sums[0] == 0;
            stepAudio = sums[1];
            lossSum = sums[2] / world;
        }
        const double gradNorm = clipGradients(params);
        finite = finite && isFinite(gradNorm) && stepAudio > 0;
        const double lr = learningRateAt(m_config.optim, m_step, m_config.maxSteps);
        if (!finite) {
            failure = skipUpdate(stepAudio > 0 ? "non-finite loss or gradient" : "no usable audio in the batch", nonFiniteInARow);
            if (!failure.empty())
                break;
            continue;
        }
        nonFiniteInARow = 0;
        applyUpdate(lr);
        sync();
        const double optimizerTime = secondsSince(o0);
        ++m_step;
        m_audioSeen += stepAudio;
        const double stepTime = secondsSince(t0);
        stepTimes.push_back(stepTime);

        if (m_step % m_config.checkpoint.logEverySteps == 0 || m_step == m_config.maxSteps) {
            const auto [epoch, index] = loader.locate(std::max<std::int64_t>(0, m_position - 1));
            const double epochPos = double(epoch) + double(index + 1) / double(std::max<std::int64_t>(1, loader.batchesInEpoch(epoch)));
            const int acc = m_config.optim.accumulationSteps;
            json line{{"type", "train"},
                      {"step", m_step},
                      {"epoch", epochPos},
                      {"time", m_elapsed + secondsSince(m_callStart)},
                      {"lr", lr},
                      {"loss", lossSum},
                      {"grad_norm", gradNorm},
                      {"audio_seconds", stepAudio},
                      {"audio_hours_seen", m_audioSeen / 3600.0},
                      {"audio_seconds_per_second", stepAudio / std::max(1e-9, stepTime)},
                      {"time_step", stepTime},
                      {"time_data_wait", waitTime},
                      {"time_forward", forwardTime},
                      {"time_backward", backwardTime},
                      {"time_optimizer", optimizerTime},
                      {"data_wait_share", waitTime / std::max(1e-9, stepTime)},
                      {"rss_bytes", residentBytes()},
                      {"non_finite_steps", m_nonFinite}};
            if (m_device.is_cuda()) {
                const auto [allocated, reserved] = cudaMemory(m_device);
                line["cuda_allocated_bytes"] = allocated;
                line["cuda_reserved_bytes"] = reserved;
            }
            if (m_pretrain) {
                line["loss_contrastive"] = contrastive / acc;
                line["loss_diversity"] = diversity / acc;
                line["loss_feature_penalty"] = penalty / acc;
                line["contrastive_accuracy"] = accuracy / acc;
                line["code_perplexity"] = perplexities.value("code", json::array());
                line["prob_perplexity"] = perplexities.value("prob", json::array());
                line["gumbel_temperature"] = m_pre->quantizer->temperature;
            } else {
                line["loss_ctc"] = ctcLoss / acc;
            }
            json shares = json::object();
            const double total = double(std::max<std::int64_t>(1, std::accumulate(m_languageSeen.begin(), m_languageSeen.end(), std::int64_t(0))));
            for (std::size_t l = 0; l < m_data.languages.size(); ++l)
                shares[m_data.languages[l]] = double(m_languageSeen[l]) / total;
            line["language_share"] = shares;
            m_out->record(line);
            if (m_main)
                writeStatus("running", "");
        }

        bool forceCheckpoint = false;
        if (m_main && m_config.checkpoint.evalEverySteps > 0 && !m_data.dev.empty() &&
            (m_step % m_config.checkpoint.evalEverySteps == 0 || m_step == m_config.maxSteps)) {
            json ev = evaluate();
            ev["time"] = m_elapsed + secondsSince(m_callStart);
            const std::string key = m_pretrain ? "contrastive_accuracy" : (m_config.ctc.unit == "phone" ? "per" : "cer");
            const double metric = ev.value(key, std::nan(""));
            const bool better = offerMetric(key, metric, m_pretrain);
            forceCheckpoint = better && m_config.checkpoint.keepBest;
            ev["best_" + key] = m_bestMetric;
            m_out->record(ev);
            m_out->log("step " + std::to_string(m_step) + " dev " + key + " " + std::to_string(metric) +
                       (better ? " (best so far)" : ""));
        }
        if (m_main && m_options.writeCheckpoints && (forceCheckpoint || m_step % m_config.checkpoint.everySteps == 0))
            saveCheckpoint("periodic");
    }

    return finish(result, stepTimes, firstStep, failure, [this](const std::string &reason) { saveCheckpoint(reason); });
}

} // namespace

RunResult runTraining(const RunOptions &options)
{
    // Text (mlm) and speech runs share the run folder (runfolder.h) but not the step.
    const fs::path savedConfig = options.runDir / "config.json";
    const std::string objective = !options.resume ? options.config.objective
                                  : fs::exists(savedConfig) ? TrainConfig::fromJson(readFile(savedConfig), savedConfig.string()).objective
                                                            : std::string();
    if (objective == "mlm")
        return runMaskedLMTraining(options);
    Trainer trainer(options);
    return trainer.run();
}

std::string describeTrainingData(const TrainConfig &input, const fs::path &baseDir)
{
    if (input.objective == "mlm")
        return describeMaskedLMData(input, baseDir);
    TrainConfig config = input;
    config.project = resolve(config.project, baseDir).string();
    std::string out;
    for (const std::string &p : config.validate())
        out += "problem: " + p + "\n";
    const TrainingData data = loadTrainingData(config.project, config);
    const auto seconds = data.trainSecondsPerLanguage();
    const auto probabilities = samplingProbabilities(seconds, config.data.samplingAlpha);
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %10s %12s %10s\n", "language", "train min", "share(data)", "sampled");
    out += line;
    const double total = std::accumulate(seconds.begin(), seconds.end(), 0.0);
    for (std::size_t l = 0; l < data.languages.size(); ++l) {
        std::snprintf(line, sizeof line, "%-8s %10.1f %11.1f%% %9.1f%%\n", data.languages[l].c_str(), seconds[l] / 60.0,
                      100.0 * seconds[l] / std::max(1e-9, total), 100.0 * probabilities[l]);
        out += line;
    }
    out += std::to_string(data.train.size()) + " training and " + std::to_string(data.dev.size()) + " dev utterances";
    if (!data.devSpeakers.empty()) {
        out += "; dev speakers:";
        for (const auto &s : data.devSpeakers)
            out += " " + s;
    }
    out += "\n";
    for (const std::string &w : data.warnings)
        out += "note: " + w + "\n";
    return out;
}

} // namespace fieldbench
