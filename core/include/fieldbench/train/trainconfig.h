#pragma once

// The configuration of one training job: a plain struct, every field defaulted and
// documented (units, "0 disables"). `fieldbench-cli train` reads it from a run's
// config.json; the GUI's "New run" dialog edits this struct (through toJson()/fromJson()
// and fieldDocs()) and never keeps a copy of the defaults. No torch, no Qt: widgets include
// this header.

#include <cstdint>
#include <string>
#include <vector>

namespace fieldbench {

struct TrainDataConfig
{
    std::vector<std::string> languages;   // ISO 639-3 codes to train on; empty = all in the project (mlm: all with text)
    std::vector<std::string> speakers;    // speaker names; empty = all
    std::string tier = "ipa";             // transcript tier with the targets (ctc)
    std::string splitBy = "speaker";      // "speaker" or "recording": the unit held out for dev
    double devFraction = 0.1;             // share of speakers/recordings (mlm: text lines) per language held out for dev (0 = no dev set)
    std::vector<std::string> devSpeakers; // explicit dev speakers (overrides devFraction when splitBy = speaker)
    double minSeconds = 0.5;              // shorter segments are skipped
    double maxSeconds = 15.0;             // longer segments are cropped at a random offset
    double batchSeconds = 60.0;           // total audio seconds per batch (before cropping/padding)
    int maxBatchSize = 32;                // utterances per batch at most
    int buckets = 8;                      // length buckets batches are drawn from
    bool cropToShortest = true;           // pretrain: crop each batch to its shortest item (fairseq); false: pad + mask
    double samplingAlpha = 0.5;           // language sampling p_l ~ (n_l/N)^alpha; 1 = proportional, 0 = uniform
    int loaderThreads = 2;                // threads decoding audio and building batches
    int prefetchBatches = 4;              // batches prepared ahead of the trainer
};

struct TrainOptimConfig
{
    double learningRate = 5e-4;           // peak learning rate
    double beta1 = 0.9;                   // AdamW
    double beta2 = 0.98;                  // AdamW
    double epsilon = 1e-6;                // AdamW
    double weightDecay = 0.01;            // AdamW decoupled weight decay
    std::string schedule = "linear";      // after warmup: "linear", "cosine", "tristage" or "constant"
    int warmupSteps = 500;                // linear warmup from 0 (linear/cosine)
    double tristageWarmup = 0.1;          // tristage: share of steps warming up
    double tristageHold = 0.4;            // tristage: share of steps at the peak
    double tristageDecay = 0.5;           // tristage: share of steps decaying (exponentially)
    double finalLrScale = 0.05;           // tristage/cosine: final lr as a share of the peak
    double clipNorm = 10.0;               // gradient clipping by global norm; 0 disables
    int accumulationSteps = 1;            // batches whose gradients are summed per update
    double layerLrDecay = 1.0;            // layer-wise lr: layer l of L gets lr * decay^(L-l); 1 disables
};

struct TrainPretrainConfig
{
    double gumbelMax = 2.0;               // Gumbel temperature at step 0
    double gumbelMin = 0.5;               // floor of the temperature
    double gumbelDecay = 0.999995;        // temperature *= decay every update
    double maskProb = 0.65;               // share of frames starting a masked span (overrides the model config)
    int maskLength = 10;                  // masked span length in frames
    int numNegatives = 100;               // distractors per masked frame
    double diversityWeight = 0.1;         // weight of the codebook diversity loss
    double featurePenaltyWeight = 10.0;   // weight of the L2 penalty on feature-encoder outputs (fairseq); 0 disables
};

struct TrainCtcConfig
{
    std::string unit = "phone";           // "phone" (space-separated tokens, e.g. espeak IPA) or "char"
    std::string wordDelimiter = "|";      // token between words
    bool freezeFeatureEncoder = true;     // no gradients through the conv stack
    int freezeTransformerSteps = 0;       // only the output layer trains for the first N updates; 0 disables
    double maskTimeProb = 0.05;           // SpecAugment time masking during fine-tuning
    double dropout = -1;                  // hidden, attention, activation, projection and final dropout; -1 = the starting model's
    double layerdrop = -1;                // probability of skipping a transformer layer per update; -1 = the starting model's
};

struct TrainMlmConfig
{
    double maskProb = 0.15;               // share of (non-special) tokens predicted per sequence
    double maskTokenShare = 0.8;          // of the predicted tokens: share replaced by <mask>
    double randomTokenShare = 0.1;        // of the predicted tokens: share replaced by a random token (the rest stay)
    bool wholeWord = false;               // predict whole words (all pieces of a word together)
    int maxLength = 128;                  // tokens per sequence incl. <s> and </s>
    int batchSize = 16;                   // sequences per batch
    bool packSequences = true;            // fill each sequence with consecutive sentences; false: one sentence a row
};

struct TrainCheckpointConfig
{
    int everySteps = 500;                 // write a checkpoint every N updates (and at stop/finish)
    int keepLast = 2;                     // newest checkpoints kept
    bool keepBest = true;                 // also keep the one with the best dev metric
    int evalEverySteps = 500;             // dev evaluation every N updates; 0 disables
    int logEverySteps = 10;               // one metrics line every N updates
    int maxNonFiniteInARow = 10;          // this many skipped non-finite steps in a row stop the run
};

struct TrainConfig
{
    std::string objective = "pretrain";   // "pretrain" (wav2vec 2.0 contrastive), "ctc" (fine-tuning) or "mlm"
    std::string project;                  // project folder (absolute, or relative to the run folder)
    std::string model;                    // starting model folder (HF layout); empty = fresh `preset` (mlm: required)
    std::string preset = "small";         // model preset when `model` is empty: tiny, small, base, large, xlsr-300m
    std::int64_t maxSteps = 20000;        // optimizer updates in total
    std::uint64_t seed = 1;               // seeds splits, sampling, masking, init
    std::string device = "cpu";           // "cpu", "cuda" or "cuda:N"
    std::string precision = "fp32";       // "fp32" or "bf16" (autocast)
    int threads = 0;                      // CPU threads; 0 = all cores
    TrainDataConfig data;
    TrainOptimConfig optim;
    TrainPretrainConfig pretrain;
    TrainCtcConfig ctc;
    TrainMlmConfig mlm;
    TrainCheckpointConfig checkpoint;

    // Readable problems ("optim.learning_rate must be > 0"), empty when valid.
    std::vector<std::string> validate() const;

    // JSON with snake_case keys grouped as above ("data": {"sampling_alpha": 0.5}, ...).
    // fromJson starts from the defaults, so older or partial files load; unknown keys are an
    // Error naming the key (a typo must not silently train with a default).
    std::string toJson() const;
    static TrainConfig fromJson(const std::string &json, const std::string &source = "config.json");

    // Starting points a field linguist understands: "continue-pretraining",
    // "phoneme-recogniser", "character-recogniser", "pretrain-small", "mlm-continue".
    static TrainConfig fromPreset(const std::string &name);
    static std::vector<std::string> presetNames();
};

// One entry per JSON key (dotted path, e.g. "optim.learning_rate"): what it means, and
// whether a dialog shows it only under "Advanced".
struct ConfigFieldDoc
{
    std::string key;
    std::string description;
    bool advanced = true;
};
const std::vector<ConfigFieldDoc> &trainConfigFieldDocs();

} // namespace fieldbench
