#include "commands.h"

#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/runtime.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

// CUDA memory statistics and the device name come from c10/ATen's CUDA headers, which a
// CPU-only LibTorch (Debian's) does not ship.
#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && __has_include(<ATen/cuda/CUDAContext.h>)
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#define FIELDBENCH_BENCH_CUDA_STATS 1
#endif

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

double minOf(const std::vector<double> &v)
{
    return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
}

double maxOf(const std::vector<double> &v)
{
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

// Options shared by `bench model` and `bench train`.
struct BenchOptions
{
    std::string dir;                // model folder (any Hugging Face wav2vec2 checkpoint)
    std::string preset;             // or a preset name
    std::string device = "cpu";     // cpu | cuda
    std::string precision = "auto"; // fp32 | bf16 | auto (bf16 on CUDA, fp32 on CPU)
    int batch = 4;                  // utterances per batch
    double seconds = 4.0;           // seconds per utterance
    int steps = 5;                  // timed steps (the median is reported)
    int warmup = 2;                 // untimed steps first
    int threads = 0;                // CPU threads (0: the global --threads / all cores)
    double peakTflops = 0;          // device peak for MFU; 0 = from a table of known GPUs
    bool json = false;              // one JSON object instead of text
};

void addCommonOptions(CLI::App *cmd, BenchOptions &o)
{
    cmd->add_option("--model", o.dir, "Model folder (any Hugging Face wav2vec2 checkpoint)");
    cmd->add_option("--preset", o.preset, "Or a preset: tiny | small | base | large | xlsr-300m");
    cmd->add_option("--batch", o.batch, "Utterances per batch")->capture_default_str();
    cmd->add_option("--seconds", o.seconds, "Seconds per utterance")->capture_default_str();
    cmd->add_option("--steps", o.steps, "Timed steps (the median is reported)")->capture_default_str();
    cmd->add_option("--warmup", o.warmup, "Untimed steps first")->capture_default_str();
    cmd->add_option("--device", o.device, "cpu | cuda")->capture_default_str();
    cmd->add_option("--precision", o.precision, "fp32 | bf16 (autocast) | auto (bf16 on CUDA, fp32 on CPU)")
        ->capture_default_str();
    cmd->add_option("--threads", o.threads, "CPU threads for LibTorch (0 = the global --threads, or all cores)");
    cmd->add_flag("--json", o.json, "One JSON object instead of text");
}

// A pre-training model on the device with a fixed random batch.
struct BenchSetup
{
    Wav2Vec2Config config;
    std::shared_ptr<Wav2Vec2ForPreTrainingImpl> model;
    torch::Device device = torch::kCPU;
    bool bf16 = false;
    std::string name;
    std::int64_t samples = 0;
    std::int64_t frames = 0;
    torch::Tensor audio; // [batch, samples]
};

BenchSetup prepare(const BenchOptions &o)
{
    if (o.dir.empty() == o.preset.empty())
        throw Error("give either --model DIR or --preset NAME");
    if (o.device != "cpu" && o.device != "cuda")
        throw Error("--device must be cpu or cuda");
    if (o.device == "cuda" && !torch::cuda::is_available())
        throw Error("--device cuda: no CUDA device is available (a CPU-only LibTorch, or no GPU); use --device cpu");
    if (o.precision != "bf16" && o.precision != "fp32" && o.precision != "auto")
        throw Error("--precision must be fp32, bf16 or auto");
    if (o.batch < 1 || o.steps < 1 || o.warmup < 0 || !(o.seconds > 0))
        throw Error("--batch and --steps must be at least 1, --warmup at least 0, --seconds positive");
    if (o.threads > 0)
        initialiseRuntime(o.threads);
    torch::manual_seed(0);
    BenchSetup s;
    if (!o.dir.empty()) {
        LoadedWav2Vec2 loaded = loadWav2Vec2(o.dir, true);
        s.config = loaded.config;
        if (loaded.architecture != Wav2Vec2Architecture::PreTraining) {
            // A CTC or bare checkpoint: the encoder's weights in a pre-training model.
            LoadedWav2Vec2 pt = createWav2Vec2(s.config, Wav2Vec2Architecture::PreTraining);
            loadParameters(*pt.module, o.dir);
            loaded = pt;
        }
        s.model = std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(loaded.module);
        s.name = o.dir;
    } else {
        s.config = Wav2Vec2Config::preset(o.preset);
        s.model = std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(
            createWav2Vec2(s.config, Wav2Vec2Architecture::PreTraining).module);
        s.name = o.preset;
    }
    s.device = torch::Device(o.device == "cuda" ? torch::kCUDA : torch::kCPU);
    s.model->to(s.device);
    s.samples = std::int64_t(o.seconds * 16000);
    s.frames = s.config.outputLength(s.samples);
    if (s.frames < s.config.maskTimeLength)
        throw Error("--seconds " + std::to_string(o.seconds) + " gives " + std::to_string(s.frames) +
                    " frames, fewer than one mask span (mask_time_length " + std::to_string(s.config.maskTimeLength) + ")");
    s.audio = (torch::randn({o.batch, s.samples}) * 0.1).to(s.device);
    s.bf16 = o.precision == "bf16" || (o.precision == "auto" && s.device.is_cuda());
    return s;
}

void sync(const torch::Device &d)
{
    if (d.is_cuda())
        torch::cuda::synchronize();
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Seconds of CPU time this process (all its threads) has used: on a shared machine the
// CPU time of a step varies less than its wall time.
double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct StepTimes
{
    std::vector<double> forward, backward, optimizer, total;
    std::vector<double> cpu; // process CPU seconds per step
};

// Training steps as a trainer runs them: masks and negatives drawn (untimed, the data
// loader's work), forward with the contrastive + diversity loss, backward, AdamW.
StepTimes timeTrainSteps(BenchSetup &s, const BenchOptions &o)
{
    s.model->train();
    torch::optim::AdamW opt(s.model->parameters(), torch::optim::AdamWOptions(1e-4));
    StepTimes t;
    for (int i = 0; i < o.warmup + o.steps; ++i) {
        const torch::Tensor mask = computeMaskIndices(o.batch, s.frames, s.config.maskTimeProb, s.config.maskTimeLength,
                                                      s.config.maskTimeMinMasks)
                                       .to(s.device);
        const torch::Tensor negatives = sampleNegatives(o.batch, s.frames, s.config.numNegatives).to(s.device);
        sync(s.device);
        const double cpu0 = processCpuSeconds();
        const auto t0 = Clock::now();
        torch::Tensor loss;
        {
            AutocastGuard autocast(s.device.is_cuda(), s.bf16);
            loss = s.model->forward(s.audio, {}, mask, negatives).loss;
        }
        sync(s.device);
        const double forward = since(t0);
        const auto t1 = Clock::now();
        opt.zero_grad();
        loss.backward();
        sync(s.device);
        const double backward = since(t1);
        const auto t2 = Clock::now();
        opt.step();
        sync(s.device);
        const double optimizer = since(t2);
        if (i >= o.warmup) {
            t.forward.push_back(forward);
            t.backward.push_back(backward);
            t.optimizer.push_back(optimizer);
            t.total.push_back(forward + backward + optimizer);
            t.cpu.push_back(processCpuSeconds() - cpu0);
        }
    }
    return t;
}

// Dense peak TFLOP/s of known GPUs (bf16 tensor cores; fp32 without TF32), for MFU.
double peakTflopsOf(const std::string &name, bool bf16)
{
    struct Known
    {
        const char *name;
        double bf16, fp32;
    };
    static const Known kKnown[] = {
        {"H200", 989, 67},    {"H100 PCIe", 756, 51}, {"H100", 989, 67},    {"GH200", 989, 67},
        {"B200", 2250, 80},   {"A100", 312, 19.5},    {"A800", 312, 19.5},  {"L40S", 362, 91.6},
        {"L40", 181, 90.5},   {"L4", 121, 30.3},      {"A10G", 70, 31.2},   {"A10", 125, 31.2},
        {"RTX 4090", 165, 82.6}, {"RTX 3090", 71, 35.6}, {"A6000", 155, 38.7}, {"V100", 0, 15.7},
        {"T4", 0, 8.1},
    };
    for (const Known &k : kKnown)
        if (name.find(k.name) != std::string::npos)
            return bf16 ? k.bf16 : k.fp32;
    return 0;
}

struct CudaStats
{
    std::string name;
    double allocatedPeakMiB = 0;
    double reservedPeakMiB = 0;
};

CudaStats cudaStats(const torch::Device &d)
{
    CudaStats s;
#ifdef FIELDBENCH_BENCH_CUDA_STATS
    if (!d.is_cuda())
        return s;
    const int index = d.has_index() ? d.index() : 0;
    s.name = at::cuda::getDeviceProperties(index)->name;
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(c10::DeviceIndex(index));
    const auto all = std::size_t(c10::CachingAllocator::StatType::AGGREGATE);
    s.allocatedPeakMiB = double(stats.allocated_bytes[all].peak) / (1 << 20);
    s.reservedPeakMiB = double(stats.reserved_bytes[all].peak) / (1 << 20);
#else
    (void)d;
#endif
    return s;
}

void resetCudaPeaks(const torch::Device &d)
{
#ifdef FIELDBENCH_BENCH_CUDA_STATS
    if (d.is_cuda())
        c10::cuda::CUDACachingAllocator::resetPeakStats(c10::DeviceIndex(d.has_index() ? d.index() : 0));
#else
    (void)d;
#endif
}

void benchModel(const BenchOptions &o)
{
    BenchSetup s = prepare(o);
    // Forward (eval, no gradients).
    std::vector<double> fwd;
    s.model->eval();
    for (int i = 0; i < o.warmup + o.steps; ++i) {
        torch::NoGradGuard noGrad;
        sync(s.device);
        const auto t0 = Clock::now();
        AutocastGuard autocast(s.device.is_cuda(), s.bf16);
        s.model->forward(s.audio);
        sync(s.device);
        if (i >= o.warmup)
            fwd.push_back(since(t0));
    }
    const StepTimes train = timeTrainSteps(s, o);
    const double audioSeconds = o.batch * o.seconds;
    const nlohmann::json result = {
        {"model", s.name},
        {"parameters", parameterCount(*s.model)},
        {"device", o.device},
        {"precision", s.bf16 ? "bf16" : "fp32"},
        {"threads", torch::get_num_threads()},
        {"batch", o.batch},
        {"seconds", o.seconds},
        {"forward_s", median(fwd)},
        {"forward_audio_s_per_s", audioSeconds / median(fwd)},
        {"train_step_s", median(train.total)},
        {"train_audio_s_per_s", audioSeconds / median(train.total)},
        {"peak_rss_mib", peakRssMiB()},
    };
    if (o.json) {
        std::cout << result.dump() << "\n";
        return;
    }
    std::printf("%-12s %-5s %8.1fM params  forward %7.3f s (%7.1f audio-s/s)  train step %7.3f s (%6.2f audio-s/s)  "
                "peak RSS %.0f MiB\n",
                s.name.c_str(), s.bf16 ? "bf16" : "fp32", double(parameterCount(*s.model)) / 1e6, median(fwd),
                audioSeconds / median(fwd), median(train.total), audioSeconds / median(train.total), peakRssMiB());
}

void benchTrain(const BenchOptions &o)
{
    BenchSetup s = prepare(o);
    resetCudaPeaks(s.device);
    const StepTimes t = timeTrainSteps(s, o);
    const double audioSeconds = o.batch * o.seconds;
    const double step = median(t.total);
    const double flops = 3.0 * pretrainingForwardFlops(s.config, o.batch, s.samples);
    const double achievedTflops = flops / step / 1e12;
    const CudaStats cuda = cudaStats(s.device);
    nlohmann::json result = {
        {"model", s.name},
        {"parameters", parameterCount(*s.model)},
        {"device", o.device},
        {"precision", s.bf16 ? "bf16" : "fp32"},
        {"threads", torch::get_num_threads()},
        {"batch", o.batch},
        {"seconds", o.seconds},
        {"steps", o.steps},
        {"warmup", o.warmup},
        {"step_s", step},
        {"step_s_min", minOf(t.total)},
        {"step_s_max", maxOf(t.total)},
        {"audio_s_per_s", audioSeconds / step},
        {"forward_s", median(t.forward)},
        {"backward_s", median(t.backward)},
        {"optimizer_s", median(t.optimizer)},
        {"step_times_s", t.total},
        {"step_cpu_s", median(t.cpu)},
        {"train_flops_per_step", flops},
        {"achieved_tflops", achievedTflops},
        {"peak_rss_mib", peakRssMiB()},
    };
    if (s.device.is_cuda()) {
        const double peak = o.peakTflops > 0 ? o.peakTflops : peakTflopsOf(cuda.name, s.bf16);
        result["gpu"] = cuda.name;
        result["cuda_allocated_peak_mib"] = cuda.allocatedPeakMiB;
        result["cuda_reserved_peak_mib"] = cuda.reservedPeakMiB;
        result["peak_tflops"] = peak;
        result["mfu"] = peak > 0 ? nlohmann::json(achievedTflops / peak) : nlohmann::json(nullptr);
    }
    if (o.json) {
        std::cout << result.dump() << "\n";
        return;
    }
    std::printf("%s: %.1fM params, %s on %s, %d threads, batch %d x %g s\n", s.name.c_str(),
                double(parameterCount(*s.model)) / 1e6, s.bf16 ? "bf16" : "fp32",
                s.device.is_cuda() ? cuda.name.c_str() : "cpu", torch::get_num_threads(), o.batch, o.seconds);
    std::printf("  train step %.3f s median of %d (min %.3f, max %.3f) = %.2f audio-s/s\n", step, o.steps,
                minOf(t.total), maxOf(t.total), audioSeconds / step);
    std::printf("  forward %.3f s, backward %.3f s, optimizer %.3f s; %.3f s of CPU time per step\n", median(t.forward),
                median(t.backward), median(t.optimizer), median(t.cpu));
    std::printf("  %.2f TFLOP per step, %.3f TFLOP/s achieved", flops / 1e12, achievedTflops);
    if (s.device.is_cuda()) {
        if (result["mfu"].is_null())
            std::printf(", MFU unknown (peak of '%s' not known: give --peak-tflops)", cuda.name.c_str());
        else
            std::printf(", MFU %.1f%% of %.0f TFLOP/s", 100.0 * result["mfu"].get<double>(),
                        result["peak_tflops"].get<double>());
    }
    std::printf("\n  peak RSS %.0f MiB", peakRssMiB());
    if (s.device.is_cuda())
        std::printf(", CUDA allocated %.0f MiB, reserved %.0f MiB", cuda.allocatedPeakMiB, cuda.reservedPeakMiB);
    std::printf("\n");
}

} // namespace

void addBenchCommands(CLI::App &app)
{
    CLI::App *bench = app.add_subcommand("bench", "Benchmarks that print figures");
    bench->require_subcommand(1);

    static BenchOptions modelOptions;
    auto *model = bench->add_subcommand(
        "model", "Forward and forward+backward throughput of a wav2vec2 pre-training model (audio-seconds per second)");
    addCommonOptions(model, modelOptions);
    model->callback([] { benchModel(modelOptions); });

    static BenchOptions trainOptions;
    auto *train = bench->add_subcommand(
        "train", "Pre-training step throughput (audio-seconds per second), step-time breakdown, peak memory and "
                 "MFU of any Hugging Face wav2vec2 folder: forward with masking and negatives, backward, AdamW");
    addCommonOptions(train, trainOptions);
    train->add_option("--peak-tflops", trainOptions.peakTflops,
                      "GPU peak TFLOP/s for MFU (0 = from a table of known GPUs)");
    train->callback([] { benchTrain(trainOptions); });
}

} // namespace fieldbench::cli
