#pragma once

// A deliberately small masked-LM training loop (AdamW, linear warm-up and decay, fixed
// number of steps) and a held-out evaluation, used by the vocabulary-initialisation
// comparison, the throughput benchmark and `fieldbench-cli mlm train`. Real runs (run
// folder, checkpoints, resume, dev evaluation) use the training engine's objective "mlm"
// (core/src/train/mlmtrainer.cpp), which shares MlmBatcher and evaluateMaskedLM with this
// loop. No checkpoints or resume here.

#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/mlmdata.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace fieldbench {

struct MlmTrainingConfig
{
    int steps = 100;              // optimizer steps
    int batchSize = 16;           // sequences per step
    double learningRate = 5e-4;   // peak AdamW learning rate
    double weightDecay = 0.01;    // AdamW weight decay; 0 disables
    int warmupSteps = 10;         // linear warm-up, then linear decay to 0; 0 disables warm-up
    double clipNorm = 1.0;        // gradient-norm clipping; 0 disables
    std::uint64_t seed = 1;       // dropout (torch::manual_seed)
    bool fullLogits = false;      // benchmark only: run the decoder on every position and take
                                  // the loss from the full [B, T, V] logits, as transformers
                                  // does (default: only at the masked positions)

    std::vector<std::string> validate() const;
};

struct MlmStep
{
    int step = 0;               // 1-based
    double loss = 0;            // masked-token cross-entropy of this batch
    double learningRate = 0;
    std::int64_t tokens = 0;    // non-pad tokens in the batch
    std::int64_t predicted = 0; // masked positions
    double seconds = 0;         // wall time of the step (batch making included)
};

// Trains `model` in place on batches from `data`; `onStep` (optional) sees every step.
std::vector<MlmStep> trainMaskedLM(XlmrForMaskedLMImpl &model, MlmBatcher &data, const MlmTrainingConfig &config,
                                   const std::function<void(const MlmStep &)> &onStep = {});

struct MlmEvaluation
{
    double loss = 0;            // mean cross-entropy over every predicted position
    double accuracy = 0;        // share predicted exactly
    std::int64_t predicted = 0;
};

// Eval mode, no gradients; restores the training flag.
MlmEvaluation evaluateMaskedLM(XlmrForMaskedLMImpl &model, const std::vector<MlmBatch> &batches);

} // namespace fieldbench
