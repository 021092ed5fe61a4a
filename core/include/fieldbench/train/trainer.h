#pragma once

// The training engine: wav2vec 2.0 (continued) pretraining and CTC fine-tuning on a
// project's recordings, headless, resumable, observable. One call of runTraining() owns
// one run directory (docs/run-directory.md) for its whole life; nothing else writes there.
//
// Threads: runTraining() runs on the caller's thread; it starts `data.loader_threads`
// loader threads that decode audio and build batches ahead of the step and joins them
// before returning. Stopping is cooperative: `stop` is read between updates; when set,
// the current update finishes, a checkpoint is written and runTraining() returns Stopped.
// Failure (bad data everywhere, too many non-finite steps, a full disk) returns Failed
// with a readable message; the last good checkpoint stays intact. Exceptions from bad
// settings (Error) are thrown before anything is written.

#include "fieldbench/train/trainconfig.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

namespace fieldbench {

// Receives what the run writes, in the order written (STYLE.md: an observer with plain
// data; adapters at the edges). Called on the training thread.
class TrainingObserver
{
public:
    virtual ~TrainingObserver() = default;
    virtual void record(const std::string &jsonLine) = 0; // one metrics.jsonl line, no newline
    virtual void log(const std::string &line) = 0;        // one log.txt line, no newline
};

struct RunOptions
{
    std::filesystem::path runDir;
    bool resume = false;                 // continue runDir from its latest checkpoint
    TrainConfig config;                  // new runs only (a resumed run reads runDir/config.json)
    std::filesystem::path baseDir;       // resolves a relative config.project / config.model
    const std::atomic<bool> *stop = nullptr;  // set (by a signal handler, stdin reader...) to stop
    TrainingObserver *observer = nullptr;
    std::int64_t stopAfterSteps = 0;     // stop (saving a checkpoint) after this many updates of this call; 0 = no limit
    bool writeCheckpoints = true;        // false: estimates, benchmarks
};

enum class RunOutcome { Finished, Stopped, Failed };

struct RunResult
{
    RunOutcome outcome = RunOutcome::Finished;
    std::string message;                 // why it failed; empty otherwise
    std::int64_t step = 0;               // updates done in total
    std::int64_t batchesPerEpoch = 0;    // of the first epoch this call planned
    double medianStepSeconds = 0;        // of this call's updates (the first one excluded when possible)
};

RunResult runTraining(const RunOptions &options);

// Checks a config against its project without training: resolves paths, loads the data
// and returns the problems (validate() plus data problems) and a summary for people.
std::string describeTrainingData(const TrainConfig &config, const std::filesystem::path &baseDir);

} // namespace fieldbench
