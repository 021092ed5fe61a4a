#pragma once

// The run-folder pieces every objective shares (docs/run-directory.md): metrics.jsonl and
// log.txt (RunWriter), status.json, checkpoint folders committed by rename with
// checkpoints/index.json (latest, best, kept), AdamW state and the CPU generator in
// optimizer.safetensors. The speech trainer (trainer.cpp) and the masked-LM trainer
// (mlmtrainer.cpp) write their runs through these, so a run monitor reads both the same way.
// Private to core/src/train. Everything here runs on the training thread.

#include "fieldbench/io/safetensors.h"
#include "fieldbench/train/trainer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fieldbench::runfolder {

using Clock = std::chrono::steady_clock;
inline double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string isoNow();           // UTC, 2026-01-31T12:00:00Z
std::string hostName();
std::int64_t residentBytes();   // RSS of this process
std::filesystem::path resolve(const std::string &p, const std::filesystem::path &base); // "" stays ""
std::string stepName(std::int64_t step); // step-00000042

// metrics.jsonl and log.txt of a run (appended, flushed per line) and the observer. Only the
// main rank writes; others pass main = false and every call does nothing.
class RunWriter
{
public:
    RunWriter(std::filesystem::path dir, TrainingObserver *observer, bool main);
    ~RunWriter();
    RunWriter(const RunWriter &) = delete;
    RunWriter &operator=(const RunWriter &) = delete;

    void record(const nlohmann::json &j);
    void log(const std::string &line);
    void sync(); // fsync both files (before a checkpoint is announced)

private:
    std::filesystem::path m_dir;
    TrainingObserver *m_observer;
    bool m_main;
    std::FILE *m_metrics = nullptr;
    std::FILE *m_log = nullptr;
};

// Writes status.json (atomically) with `fields` plus pid, host, updated, and "started" kept
// from the previous file.
void writeStatus(const std::filesystem::path &runDir, nlohmann::json fields);

// The newest complete checkpoint folder of a run (index.json's latest, or the newest
// step-* folder with a trainer_state.json when index.json is lost); empty when none.
std::filesystem::path latestCheckpoint(const std::filesystem::path &runDir);

// Keep policy of checkpoints/index.json.
struct CheckpointPolicy
{
    int keepLast = 2;
    bool keepBest = true;
};

// Moves the complete folder `tmp` to checkpoints/<name> (replacing one of that name),
// updates index.json (latest; best when `isBest`, with its metric) and deletes the folders
// the policy no longer keeps.
void commitCheckpoint(const std::filesystem::path &runDir, const std::filesystem::path &tmp, const std::string &name,
                      bool isBest, double bestMetric, const std::string &bestMetricName, const CheckpointPolicy &policy);

// AdamW moments and step count per named parameter ("exp_avg.<name>", "exp_avg_sq.<name>",
// "step.<name>") and the default CPU generator ("rng.cpu"), appended to `out`.
void appendOptimizerState(torch::optim::AdamW &optimizer,
                          const std::vector<std::pair<std::string, torch::Tensor>> &named,
                          std::vector<NamedTensor> &out);
// The reverse: parameters without saved state start fresh; the generator is restored when
// saved.
void restoreOptimizerState(torch::optim::AdamW &optimizer,
                           const std::vector<std::pair<std::string, torch::Tensor>> &named,
                           const std::map<std::string, torch::Tensor> &tensors, const torch::Device &device);

// What every trainer keeps about a run in progress and does alike: the run folder's
// writer and status, the AdamW optimizer and its per-group learning rates, best-metric
// bookkeeping, skipped updates, committing checkpoints and the end of a call. A trainer
// derives from it and adds its model, data and step. Only the main rank (m_main) writes.
class RunSession
{
protected:
    explicit RunSession(const RunOptions &options)
        : m_options(options)
    {}
    ~RunSession() = default;

    // Throws Error listing validate()'s problems.
    static void requireValid(const TrainConfig &config);
    // Seconds trained in all calls so far.
    double now() const { return m_elapsed + secondsSince(m_callStart); }
    // The stop flag is set, or this call did stopAfterSteps updates.
    bool stopRequested(std::int64_t firstStep) const;
    void writeStatus(const std::string &state, const std::string &reason);

    // AdamW over m_named with one param group per (depth, no weight decay): depth d of
    // `layers` trains at lr * layer_lr_decay^(layers + 1 - d).
    void buildOptimizer(int layers, const std::function<int(const std::string &)> &depth,
                        const std::function<bool(const std::string &, const torch::Tensor &)> &noDecay);
    void setLearningRate(double lr);
    // Gradient-norm clipping of `params` at optim.clip_norm (0: norm only); the norm before it.
    double clipGradients(const std::vector<torch::Tensor> &params) const;
    // The optimizer update at `lr` (per-group scales applied), gradients cleared after it.
    void applyUpdate(double lr);

    // A skipped update (`why`): counted, logged and recorded as a warning event. Returns the
    // failure message once max_non_finite_in_a_row updates in a row were skipped, else "".
    std::string skipUpdate(const std::string &why, int &inARow);
    // A dev metric of this step; true (and m_best* updated) when it is the best so far.
    bool offerMetric(const std::string &name, double value, bool higherIsBetter);

    // Moves the complete checkpoint folder `tmp` to checkpoints/step-N of this step
    // (index.json, keep policy), syncs the run's files and records the checkpoint event.
    void commitCheckpoint(const std::filesystem::path &tmp);
    // The end of a call: the failure, or a last checkpoint (through `save`, unless the
    // newest is this step's) and the finished/stopped event, log line and status.
    RunResult finish(RunResult result, std::vector<double> stepTimes, std::int64_t firstStep, const std::string &failure,
                     const std::function<void(const std::string &reason)> &save);

    RunOptions m_options;
    std::filesystem::path m_dir;
    TrainConfig m_config;
    std::unique_ptr<RunWriter> m_out;
    bool m_main = true;                    // the rank that writes the run folder
    torch::Device m_device{torch::kCPU};
    std::vector<std::pair<std::string, torch::Tensor>> m_named; // all parameters by HF name
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::vector<double> m_groupScale;      // lr multiplier per optimizer param group

    // Training state (checkpointed by the trainer).
    std::int64_t m_step = 0;               // updates done
    double m_elapsed = 0;                  // seconds of training before this call
    std::int64_t m_nonFinite = 0;          // skipped updates in all
    double m_bestMetric = std::nan("");
    std::int64_t m_bestStep = -1;
    std::string m_bestName;
    Clock::time_point m_callStart = Clock::now();
};

} // namespace fieldbench::runfolder
