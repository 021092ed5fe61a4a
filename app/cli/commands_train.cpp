// fieldbench-cli train: start, resume, check and estimate training runs.

#include "commands.h"

#include "fieldbench/train/trainer.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

namespace fieldbench::cli {

namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_stop{false};

extern "C" void onStopSignal(int) { g_stop.store(true); }

// Cooperative stop (STYLE.md 3): SIGTERM/SIGINT or a "stop" line on stdin set the flag the
// trainer reads between updates. The stdin reader is detached: a blocking read cannot be
// interrupted, and the process ends with it.
void installStopHandlers()
{
    struct sigaction sa{};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    if (!isatty(STDIN_FILENO)) {
        std::thread([] {
            std::string line;
            while (std::getline(std::cin, line)) {
                if (line == "stop" || line == "stop\r") {
                    g_stop.store(true);
                    return;
                }
            }
        }).detach();
    }
}

// Prints every metrics line on stdout (one JSON object per line, for the GUI and scripts)
// and the log on stderr.
class ConsoleObserver : public TrainingObserver
{
public:
    void record(const std::string &line) override
    {
        std::fputs((line + "\n").c_str(), stdout);
        std::fflush(stdout);
    }
    void log(const std::string &line) override
    {
        std::fputs(("fieldbench-cli train: " + line + "\n").c_str(), stderr);
        std::fflush(stderr);
    }
};

// "optim.learning_rate=1e-4" -> the config with that key set (the value parsed as JSON,
// else taken as a string).
TrainConfig applyOverrides(const TrainConfig &base, const std::vector<std::string> &sets)
{
    nlohmann::json j = nlohmann::json::parse(base.toJson());
    for (const std::string &s : sets) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error("--set expects KEY=VALUE (e.g. optim.learning_rate=1e-4), not \"" + s + "\"");
        const std::string key = s.substr(0, eq), text = s.substr(eq + 1);
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(text);
        } catch (...) {
            value = text;
        }
        nlohmann::json *node = &j;
        std::size_t start = 0;
        while (true) {
            const auto dot = key.find('.', start);
            node = &(*node)[key.substr(start, dot == std::string::npos ? std::string::npos : dot - start)];
            if (dot == std::string::npos)
                break;
            start = dot + 1;
        }
        *node = value;
    }
    return TrainConfig::fromJson(j.dump(), "--set");
}

} // namespace

void addTrainCommands(CLI::App &app, int &exitCode)
{
    CLI::App *train = app.add_subcommand(
        "train", "Train a model: wav2vec 2.0 (continued) pretraining, a CTC recogniser, or an XLM-R masked LM on the "
                 "project's text (objective mlm). A run is a folder "
                 "(config.json, metrics.jsonl, checkpoints/, log.txt); stop with Ctrl-C, SIGTERM or a line \"stop\" "
                 "on stdin (the run saves and exits 0); continue with --resume.");
    static std::string project, configFile, runDir, preset;
    static std::vector<std::string> sets;
    static bool resume = false, estimate = false, check = false, printConfig = false, describeFields = false;
    static int estimateSteps = 3;
    static std::int64_t stopAfter = 0;
    train->add_option("--project", project, "Project folder (overrides the config's \"project\")");
    train->add_option("--config", configFile, "Training configuration (JSON; see --print-config)");
    train->add_option("--preset", preset, "Start from a preset instead of a file: continue-pretraining, "
                                          "phoneme-recogniser, character-recogniser, pretrain-small, mlm-continue");
    train->add_option("--set", sets, "Override a setting: KEY=VALUE, e.g. --set optim.learning_rate=1e-4 (repeatable)");
    train->add_option("--run", runDir, "Run folder to create (or to continue with --resume)");
    train->add_flag("--resume", resume, "Continue the run in --run from its latest checkpoint");
    train->add_flag("--check", check, "Check the configuration and data, print the languages and sampling shares; no training");
    train->add_flag("--estimate", estimate, "Measure a few updates and print {seconds_per_step, steps_per_epoch, seconds_per_epoch}");
    train->add_option("--estimate-steps", estimateSteps, "Updates measured by --estimate")->capture_default_str();
    train->add_option("--stop-after", stopAfter, "Stop (saving a checkpoint) after this many updates of this call");
    train->add_flag("--print-config", printConfig, "Print the configuration (defaults, a preset, or --config with --set applied)");
    train->add_flag("--describe-fields", describeFields, "Print every setting with its meaning");
    train->callback([&exitCode] {
        if (describeFields) {
            for (const ConfigFieldDoc &d : trainConfigFieldDocs())
                std::cout << d.key << (d.advanced ? " (advanced)" : "") << "\n    " << d.description << "\n";
            return;
        }
        RunOptions options;
        const fs::path cwd = fs::current_path();
        if (!resume) {
            TrainConfig config;
            fs::path base = cwd;
            if (!configFile.empty()) {
                config = TrainConfig::fromJson(readFile(configFile), configFile);
                base = fs::absolute(configFile).parent_path();
            } else if (!preset.empty()) {
                config = TrainConfig::fromPreset(preset);
            }
            config = applyOverrides(config, sets);
            if (!project.empty())
                config.project = fs::absolute(project).string();
            if (printConfig) {
                std::cout << config.toJson();
                return;
            }
            if (check) {
                std::cout << describeTrainingData(config, base);
                const auto problems = config.validate();
                if (!problems.empty())
                    exitCode = kExitError;
                return;
            }
            options.config = config;
            options.baseDir = base;
        }
        installStopHandlers();
        ConsoleObserver observer;
        options.observer = &observer;
        options.stop = &g_stop;
        options.resume = resume;
        options.stopAfterSteps = stopAfter;
        if (estimate) {
            const fs::path tmp = temporaryPath(fs::temp_directory_path(), "fieldbench-estimate", "");
            options.runDir = tmp;
            options.stopAfterSteps = std::max(2, estimateSteps + 1);
            options.writeCheckpoints = false;
            options.config.checkpoint.evalEverySteps = 0;
            options.config.checkpoint.logEverySteps = 1;
            options.observer = nullptr;
            RunResult r;
            try {
                r = runTraining(options);
            } catch (...) {
                fs::remove_all(tmp);
                throw;
            }
            fs::remove_all(tmp);
            const nlohmann::json out{{"seconds_per_step", r.medianStepSeconds},
                                     {"steps_per_epoch", r.batchesPerEpoch / std::max(1, options.config.optim.accumulationSteps)},
                                     {"seconds_per_epoch", r.medianStepSeconds * double(r.batchesPerEpoch) /
                                                               double(std::max(1, options.config.optim.accumulationSteps))}};
            std::cout << out.dump() << "\n";
            return;
        }
        if (runDir.empty())
            throw Error("--run DIR is required (the folder the run writes)");
        options.runDir = runDir;
        const RunResult r = runTraining(options);
        if (r.outcome == RunOutcome::Failed) {
            std::cerr << "fieldbench-cli train: " << r.message << "\n";
            exitCode = kExitError;
        }
    });
}

} // namespace fieldbench::cli
