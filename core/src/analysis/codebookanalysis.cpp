// The torch half of the codebook analysis: sample each language's audio, run the model's
// feature encoder and quantizer in eval mode, count the codes.

#include "fieldbench/analysis/codebookanalysis.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/languages.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>

namespace fieldbench {

namespace {

// One piece of audio fed to the model: a span of one segment.
struct Piece
{
    std::int64_t segmentId = 0;
    std::string audioFile;
    double start = 0; // seconds in the recording
    double end = 0;
};

std::uint64_t fnv1a(const std::string &s)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// Whether the model folder's preprocessor normalises each input to zero mean and unit
// variance (Wav2Vec2FeatureExtractor's do_normalize; true when the file is absent, as
// transformers' default).
bool doNormalize(const std::filesystem::path &modelDir)
{
    std::ifstream in(modelDir / "preprocessor_config.json");
    if (!in)
        return true;
    try {
        return nlohmann::json::parse(in).value("do_normalize", true);
    } catch (const std::exception &) {
        throw Error((modelDir / "preprocessor_config.json").string(), "is not valid JSON");
    }
}

// Keeps the `limit` longest stretches per codeword (ties: the first seen).
void keepExample(std::vector<UnitExample> &list, const UnitExample &e, int limit)
{
    if (limit <= 0)
        return;
    if (int(list.size()) < limit) {
        list.push_back(e);
        return;
    }
    auto shortest = std::min_element(list.begin(), list.end(), [](const UnitExample &a, const UnitExample &b) {
        return a.end - a.start < b.end - b.start;
    });
    if (e.end - e.start > shortest->end - shortest->start)
        *shortest = e;
}

} // namespace

CodebookReport analyseCodebook(const std::filesystem::path &projectDir, const std::filesystem::path &modelDir,
                               const CodebookAnalysisConfig &config, CodebookObserver *observer,
                               const std::atomic<bool> *cancel)
{
    const std::vector<std::string> problems = config.validate();
    if (!problems.empty()) {
        std::string msg = "codebook analysis settings: ";
        for (std::size_t i = 0; i < problems.size(); ++i)
            msg += (i ? "; " : "") + problems[i];
        throw Error(msg);
    }
    if (config.device == "cuda" && !torch::cuda::is_available())
        throw Error("device cuda: no CUDA device is available (a CPU-only LibTorch, or no GPU); use cpu");

    // The model: a pre-training folder (it has the quantizer).
    LoadedWav2Vec2 model = loadWav2Vec2(modelDir, /*allowPartial=*/true);
    if (model.architecture != Wav2Vec2Architecture::PreTraining)
        throw Error(modelDir.string(), "is a " + toString(model.architecture) +
                                           " model without a quantizer; the codebook analysis needs a pre-training "
                                           "model (Wav2Vec2ForPreTraining), e.g. one `fieldbench-cli model init` made "
                                           "or a pretraining run saved");
    for (const std::string &name : model.report.missing)
        if (name.rfind("quantizer.", 0) == 0 || name.rfind("wav2vec2.feature_", 0) == 0)
            throw Error(modelDir.string(), "lacks the tensor " + name + " the quantizer needs");
    auto pretraining = std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(model.module);
    const torch::Device device(config.device == "cuda" ? torch::kCUDA : torch::kCPU);
    pretraining->to(device);
    pretraining->eval();
    const int G = model.config.numCodevectorGroups, V = model.config.numCodevectorsPerGroup;
    const bool normalize = doNormalize(modelDir);
    const std::int64_t hopSamples =
        std::accumulate(model.config.convStride.begin(), model.config.convStride.end(), std::int64_t(1),
                        std::multiplies<std::int64_t>());
    const double hop = double(hopSamples) / kProjectSampleRate;

    // The sample: segments per language.
    Project project = Project::open(projectDir);
    const std::vector<SegmentRow> rows = project.segmentRows();
    std::vector<std::string> codes;
    if (config.languages.empty()) {
        for (const Language &l : project.languages())
            if (std::any_of(rows.begin(), rows.end(), [&](const SegmentRow &r) { return r.languageCode == l.code; }))
                codes.push_back(l.code);
    } else {
        for (const std::string &c : config.languages) {
            std::string code = c;
            if (const auto known = project.language(code)) {
                code = known->code; // the catalog's ISO 639-3 code, also for "es"
            } else {
                const auto iso = LanguageCatalog::system().find(c);
                if (iso && project.language(iso->code))
                    code = iso->code;
                else
                    throw Error(projectDir.string(), "has no language \"" + c + "\"");
            }
            if (std::find(codes.begin(), codes.end(), code) == codes.end())
                codes.push_back(code);
        }
    }
    if (codes.empty())
        throw Error(projectDir.string(), "has no segments with audio to analyse");

    std::vector<std::vector<SegmentRow>> byLanguage(codes.size());
    std::vector<double> available(codes.size(), 0.0);
    for (const SegmentRow &r : rows) {
        const auto it = std::find(codes.begin(), codes.end(), r.languageCode);
        if (it == codes.end() || !(r.end > r.start) || r.audioFile.empty())
            continue;
        const std::size_t k = std::size_t(it - codes.begin());
        byLanguage[k].push_back(r);
        available[k] += r.end - r.start;
    }
    for (std::size_t k = 0; k < codes.size(); ++k)
        if (byLanguage[k].empty())
            throw Error(projectDir.string(), "has no audio segments in language \"" + codes[k] + "\"");
    const double budget =
        config.secondsPerLanguage > 0 ? config.secondsPerLanguage : *std::min_element(available.begin(), available.end());

    std::vector<std::vector<Piece>> pieces(codes.size());
    std::vector<std::int64_t> segmentsUsed(codes.size(), 0);
    double secondsTotal = 0;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        auto &list = byLanguage[k];
        std::sort(list.begin(), list.end(), [](const SegmentRow &a, const SegmentRow &b) { return a.segmentId < b.segmentId; });
        // Seeded per language, so one language's sample does not depend on which others are chosen.
        std::seed_seq seq{std::uint32_t(config.seed), std::uint32_t(config.seed >> 32), std::uint32_t(fnv1a(codes[k])),
                          std::uint32_t(fnv1a(codes[k]) >> 32)};
        std::mt19937_64 rng(seq);
        std::shuffle(list.begin(), list.end(), rng);
        double left = budget;
        for (const SegmentRow &r : list) {
            if (left < 0.1)
                break;
            const double span = std::min(r.end - r.start, left);
            if (span < 0.1)
                continue;
            ++segmentsUsed[k];
            for (double t = r.start; t < r.start + span - 1e-9; t += config.chunkSeconds) {
                const double e = std::min(r.start + span, t + config.chunkSeconds);
                if (e - t >= 0.05) // at least a couple of frames
                    pieces[k].push_back({r.segmentId, r.audioFile, t, e});
            }
            left -= span;
            secondsTotal += span;
        }
    }

    // Counting.
    std::vector<LanguageUsage> usage(codes.size());
    CodebookProgress progress;
    progress.languageCount = int(codes.size());
    progress.secondsTotal = secondsTotal;
    torch::NoGradGuard noGrad;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        LanguageUsage &u = usage[k];
        u.code = codes[k];
        const auto lang = project.language(codes[k]);
        u.name = lang ? lang->name : codes[k];
        u.segments = segmentsUsed[k];
        CodeCounter counter(G, V);
        progress.language = codes[k];
        progress.languageIndex = int(k);
        if (observer)
            observer->progress(progress);
        for (const Piece &p : pieces[k]) {
            if (cancel && cancel->load())
                throw Cancelled{};
            std::vector<float> samples = readMono(project.absolute(p.audioFile), p.start, p.end);
            if (std::int64_t(samples.size()) < 400) // shorter than one frame's receptive field
                continue;
            torch::Tensor x = torch::from_blob(samples.data(), {1, std::int64_t(samples.size())}, torch::kFloat32).clone();
            if (normalize)
                x = (x - x.mean()) / torch::sqrt(x.var(/*unbiased=*/false) + 1e-7);
            x = x.to(device);
            const Wav2Vec2Output enc = pretraining->wav2vec2->forward(x);
            const QuantizerOutput q = pretraining->quantizer->forward(enc.extractFeatures);
            const torch::Tensor idx = q.indices[0].to(torch::kCPU, torch::kInt64).contiguous(); // [F, G]
            const std::int64_t frames = idx.size(0);
            const std::int64_t *data = idx.data_ptr<std::int64_t>();
            counter.add(data, frames);
            // Runs of one codeword: example stretches.
            std::int64_t runStart = 0;
            for (std::int64_t f = 1; f <= frames; ++f) {
                const bool same = f < frames && counter.jointCode(data + f * G) == counter.jointCode(data + runStart * G);
                if (same)
                    continue;
                const std::uint64_t code = counter.jointCode(data + runStart * G);
                keepExample(u.examples[code],
                            {p.segmentId, p.audioFile, p.start + double(runStart) * hop,
                             std::min(p.end, p.start + double(f) * hop)},
                            config.examplesPerUnit);
                runStart = f;
            }
            u.seconds += double(samples.size()) / kProjectSampleRate;
            progress.secondsDone += double(samples.size()) / kProjectSampleRate;
            progress.frames += frames;
            if (observer)
                observer->progress(progress);
        }
        u.groupCounts = counter.groupCounts();
        u.jointCounts = counter.jointCounts();
    }

    CodebookReport report = buildCodebookReport(std::move(usage), G, V, config);
    report.model = std::filesystem::absolute(modelDir).string();
    report.project = std::filesystem::absolute(projectDir).string();
    report.frameSeconds = hop;
    return report;
}

} // namespace fieldbench
