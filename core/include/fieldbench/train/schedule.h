#pragma once

// Learning-rate schedules and the Gumbel temperature, as pure functions of the update
// number (so a resumed run continues exactly where it stopped).

#include "fieldbench/train/trainconfig.h"

#include <cstdint>

namespace fieldbench {

// Learning rate for update `step` (0-based) of `maxSteps`:
//   linear   : warmup 0 -> peak over warmup_steps, then linearly to 0 at maxSteps
//              (transformers' get_linear_schedule_with_warmup)
//   cosine   : warmup, then half a cosine from the peak to final_lr_scale * peak
//   tristage : fairseq's tri-stage: 0.01 * peak -> peak over tristage_warmup * maxSteps,
//              hold for tristage_hold * maxSteps, exponential decay to final_lr_scale * peak
//              over tristage_decay * maxSteps, then constant
//   constant : warmup, then the peak
double learningRateAt(const TrainOptimConfig &optim, std::int64_t step, std::int64_t maxSteps);

// max(gumbel_min, gumbel_max * gumbel_decay^step) (wav2vec 2.0).
double gumbelTemperatureAt(const TrainPretrainConfig &pretrain, std::int64_t step);

} // namespace fieldbench
