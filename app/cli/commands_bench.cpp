#include "commands.h"

#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/runtime.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <iostream>

namespace fieldbench::cli {

namespace {

double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

} // namespace

void addBenchCommands(CLI::App &app)
{
    CLI::App *bench = app.add_subcommand("bench", "Benchmarks that print figures");
    bench->require_subcommand(1);

    auto *model = bench->add_subcommand(
        "model", "Forward and forward+backward throughput of a wav2vec2 pre-training model (audio-seconds per second)");
    static std::string dir, preset, device = "cpu";
    static int batch = 4, steps = 5, warmup = 2;
    static double seconds = 4.0;
    static bool json = false;
    static std::string precision = "auto";
    model->add_option("--precision", precision, "fp32 | bf16 (autocast) | auto (bf16 on CUDA, fp32 on CPU)")
        ->capture_default_str();
    model->add_option("--model", dir, "Model folder (any Hugging Face wav2vec2 checkpoint)");
    model->add_option("--preset", preset, "Or a preset: tiny | small | base | large | xlsr-300m");
    model->add_option("--batch", batch, "Utterances per batch")->capture_default_str();
    model->add_option("--seconds", seconds, "Seconds per utterance")->capture_default_str();
    model->add_option("--steps", steps, "Timed steps (the median is reported)")->capture_default_str();
    model->add_option("--warmup", warmup, "Untimed steps first")->capture_default_str();
    model->add_option("--device", device, "cpu | cuda")->capture_default_str();
    model->add_flag("--json", json, "One JSON object instead of text");
    model->callback([] {
        if (dir.empty() == preset.empty())
            throw Error("give either --model DIR or --preset NAME");
        if (device == "cuda" && !torch::cuda::is_available())
            throw Error("--device cuda: no CUDA device is available (a CPU-only LibTorch, or no GPU); "
                        "use --device cpu");
        torch::manual_seed(0);
        Wav2Vec2Config config;
        std::shared_ptr<Wav2Vec2ForPreTrainingImpl> m;
        if (!dir.empty()) {
            LoadedWav2Vec2 loaded = loadWav2Vec2(dir, true);
            config = loaded.config;
            if (loaded.architecture != Wav2Vec2Architecture::PreTraining)
                loaded = createWav2Vec2(config, Wav2Vec2Architecture::PreTraining);
            m = std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(loaded.module);
        } else {
            config = Wav2Vec2Config::preset(preset);
            m = std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(
                createWav2Vec2(config, Wav2Vec2Architecture::PreTraining).module);
        }
        const torch::Device dev(device == "cuda" ? torch::kCUDA : torch::kCPU);
        m->to(dev);
        const std::int64_t samples = std::int64_t(seconds * 16000);
        const std::int64_t frames = config.outputLength(samples);
        const torch::Tensor audio = (torch::randn({batch, samples}) * 0.1).to(dev);
        const bool bf16 = precision == "bf16" || (precision == "auto" && dev.is_cuda());
        if (precision != "bf16" && precision != "fp32" && precision != "auto")
            throw Error("--precision must be fp32, bf16 or auto");
        auto sync = [&] {
            if (dev.is_cuda())
                torch::cuda::synchronize();
        };
        auto clock = [] { return std::chrono::steady_clock::now(); };
        auto elapsed = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };

        // Forward (eval, no gradients).
        std::vector<double> fwd;
        m->eval();
        for (int i = 0; i < warmup + steps; ++i) {
            torch::NoGradGuard noGrad;
            sync();
            const auto t0 = clock();
            AutocastGuard autocast(dev.is_cuda(), bf16);
            m->forward(audio);
            sync();
            if (i >= warmup)
                fwd.push_back(elapsed(t0, clock()));
        }
        // Training step: forward with masking and negatives, backward, AdamW.
        m->train();
        torch::optim::AdamW opt(m->parameters(), torch::optim::AdamWOptions(1e-4));
        std::vector<double> train;
        for (int i = 0; i < warmup + steps; ++i) {
            const torch::Tensor mask = computeMaskIndices(batch, frames, config.maskTimeProb, config.maskTimeLength,
                                                          config.maskTimeMinMasks).to(dev);
            const torch::Tensor negatives = sampleNegatives(batch, frames, config.numNegatives).to(dev);
            sync();
            const auto t0 = clock();
            torch::Tensor loss;
            {
                AutocastGuard autocast(dev.is_cuda(), bf16);
                loss = m->forward(audio, {}, mask, negatives).loss;
            }
            opt.zero_grad();
            loss.backward();
            opt.step();
            sync();
            if (i >= warmup)
                train.push_back(elapsed(t0, clock()));
        }
        const double audioSeconds = batch * seconds;
        const nlohmann::json result = {
            {"model", dir.empty() ? preset : dir},
            {"parameters", parameterCount(*m)},
            {"device", device},
            {"precision", bf16 ? "bf16" : "fp32"},
            {"threads", torch::get_num_threads()},
            {"batch", batch},
            {"seconds", seconds},
            {"forward_s", median(fwd)},
            {"forward_audio_s_per_s", audioSeconds / median(fwd)},
            {"train_step_s", median(train)},
            {"train_audio_s_per_s", audioSeconds / median(train)},
            {"peak_rss_mib", peakRssMiB()},
        };
        if (json) {
            std::cout << result.dump() << "\n";
            return;
        }
        std::printf("%-12s %-5s %8.1fM params  forward %7.3f s (%7.1f audio-s/s)  train step %7.3f s (%6.2f audio-s/s)  "
                    "peak RSS %.0f MiB\n",
                    (dir.empty() ? preset : dir).c_str(), bf16 ? "bf16" : "fp32", double(parameterCount(*m)) / 1e6, median(fwd),
                    audioSeconds / median(fwd), median(train), audioSeconds / median(train), peakRssMiB());
    });
}

} // namespace fieldbench::cli
