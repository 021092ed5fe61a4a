#pragma once

// Objective "mlm" of the training engine: XLM-R masked-LM (continued) pretraining on a
// project's text documents, in the same run folder as the speech objectives (runfolder.h).
// runTraining() hands mlm runs (new or resumed) to runMaskedLMTraining(); the contract is
// runTraining()'s (trainer.h). Private to core/src/train.

#include "fieldbench/train/trainer.h"

#include <filesystem>
#include <string>

namespace fieldbench {

RunResult runMaskedLMTraining(const RunOptions &options);

// describeTrainingData() for objective mlm: lines and tokens per language, sampling shares.
std::string describeMaskedLMData(const TrainConfig &config, const std::filesystem::path &baseDir);

} // namespace fieldbench
