// The torch half of the text similarity analysis: mean-pooled hidden states of an XLM-R
// masked LM per sentence and layer, language centroids, linear CKA; and the driver
// analyseTextSimilarity() that reads the project and runs both halves.

#include "fieldbench/analysis/textsimilarity.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/util/error.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

namespace fieldbench {

namespace {

std::string joined(const std::vector<std::string> &problems)
{
    std::string msg;
    for (std::size_t i = 0; i < problems.size(); ++i)
        msg += (i ? "; " : "") + problems[i];
    return msg;
}

// Linear CKA of every two centred representations [N, d_i] (double). Uses the N x N Gram
// matrices when N <= d (fewer multiply-adds), the d x d cross-covariances otherwise; both
// give ||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F).
std::vector<double> ckaOfTensors(const std::vector<torch::Tensor> &reps)
{
    const int m = int(reps.size());
    std::vector<double> out(std::size_t(m) * std::size_t(m), std::numeric_limits<double>::quiet_NaN());
    if (m == 0)
        return out;
    const std::int64_t n = reps[0].size(0);
    if (n < 2)
        throw Error("linear CKA needs at least 2 items, got " + std::to_string(n));
    std::int64_t maxD = 0;
    for (const auto &x : reps) {
        if (x.dim() != 2 || x.size(0) != n)
            throw Error("linear CKA: every representation needs the same number of items (" + std::to_string(n) + ")");
        maxD = std::max(maxD, x.size(1));
    }
    const bool gram = n <= maxD;
    std::vector<torch::Tensor> g;
    std::vector<double> self;
    for (const auto &x : reps) {
        const torch::Tensor xc = x.to(torch::kFloat64) - x.to(torch::kFloat64).mean(0, true);
        g.push_back(gram ? xc.mm(xc.t()) : xc);
        self.push_back(gram ? g.back().norm().item<double>() : xc.t().mm(xc).norm().item<double>());
    }
    for (int i = 0; i < m; ++i)
        for (int j = i; j < m; ++j) {
            if (!(self[i] > 0) || !(self[j] > 0))
                continue; // no variance: NaN
            const double cross = gram ? (g[i] * g[j]).sum().item<double>() : g[i].t().mm(g[j]).pow(2).sum().item<double>();
            const double v = std::clamp(cross / (self[i] * self[j]), 0.0, 1.0);
            out[std::size_t(i) * m + j] = out[std::size_t(j) * m + i] = v;
        }
    return out;
}

// An XLM-R MLM folder loaded once, encoding sentences into per-layer mean-pooled states.
class SentenceEncoder
{
public:
    SentenceEncoder(const std::filesystem::path &modelDir, const TextSimilarityConfig &config)
        : m_loaded(loadXlmrMaskedLM(modelDir, /*allowPartial=*/true))
        , m_tokenizer(tokenizerOf(modelDir))
        , m_config(config)
        , m_device(config.device == "cuda" ? torch::kCUDA : torch::kCPU)
    {
        for (const std::string &name : m_loaded.report.missing)
            if (name.rfind("roberta.", 0) == 0)
                throw Error(modelDir.string(), "lacks the tensor " + name + " the encoder needs");
        if (m_tokenizer.vocabSize() != m_loaded.config.vocabSize)
            throw Error(modelDir.string(), "sentencepiece.bpe.model gives " + std::to_string(m_tokenizer.vocabSize()) +
                                               " tokens but config.json has vocab_size " +
                                               std::to_string(m_loaded.config.vocabSize) +
                                               "; the folder's tokenizer and model do not belong together");
        m_loaded.model->to(m_device);
        m_loaded.model->eval();
        m_maxTokens = std::min(config.maxTokens, m_loaded.config.maxSequenceLength());
    }

    int layers() const { return m_loaded.config.numHiddenLayers + 1; }
    int hidden() const { return m_loaded.config.hiddenSize; }

    // [layer] -> [sentences, H] double on the CPU, rows in the order of `sentences`.
    // `onBatch(done)` after each batch; cancel checked before each.
    std::vector<torch::Tensor> encode(const std::vector<std::string> &sentences,
                                      const std::function<void(std::int64_t)> &onBatch,
                                      const std::atomic<bool> *cancel)
    {
        torch::NoGradGuard noGrad;
        std::vector<std::vector<std::int64_t>> ids;
        ids.reserve(sentences.size());
        for (const std::string &s : sentences) {
            std::vector<std::int64_t> t = m_tokenizer.encode(s);
            if (std::int64_t(t.size()) > m_maxTokens) {
                t.resize(std::size_t(m_maxTokens));
                t.back() = XlmrTokenizer::kEos;
            }
            ids.push_back(std::move(t));
        }
        // Batches of similar lengths: less padding.
        std::vector<std::size_t> order(sentences.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return ids[a].size() < ids[b].size(); });
        const std::int64_t n = std::int64_t(sentences.size());
        std::vector<torch::Tensor> out;
        for (int l = 0; l < layers(); ++l)
            out.push_back(torch::zeros({n, hidden()}, torch::kFloat64));
        for (std::size_t start = 0; start < order.size(); start += std::size_t(m_config.batchSize)) {
            if (cancel && cancel->load())
                throw Cancelled{};
            const std::size_t end = std::min(order.size(), start + std::size_t(m_config.batchSize));
            const std::int64_t b = std::int64_t(end - start);
            std::int64_t longest = 0;
            for (std::size_t k = start; k < end; ++k)
                longest = std::max(longest, std::int64_t(ids[order[k]].size()));
            torch::Tensor input = torch::full({b, longest}, std::int64_t(XlmrTokenizer::kPad), torch::kInt64);
            torch::Tensor pieces = torch::zeros({b, longest}, torch::kFloat32); // 1 on real pieces
            auto in = input.accessor<std::int64_t, 2>();
            auto pm = pieces.accessor<float, 2>();
            for (std::size_t k = start; k < end; ++k) {
                const auto &t = ids[order[k]];
                const std::int64_t row = std::int64_t(k - start);
                for (std::size_t p = 0; p < t.size(); ++p) {
                    in[row][std::int64_t(p)] = t[p];
                    if (p > 0 && p + 1 < t.size()) // <s> and </s> left out
                        pm[row][std::int64_t(p)] = 1.0f;
                }
            }
            const torch::Tensor attention = input.ne(XlmrTokenizer::kPad).to(torch::kInt64);
            const XlmrOutput enc = m_loaded.model->roberta->forward(input.to(m_device), attention.to(m_device),
                                                                    /*outputHiddenStates=*/true);
            const torch::Tensor mask = pieces.to(m_device).unsqueeze(-1);                  // [B, T, 1]
            const torch::Tensor count = mask.sum(1).clamp_min(1.0);                        // [B, 1]
            std::vector<std::int64_t> rows;
            for (std::size_t k = start; k < end; ++k)
                rows.push_back(std::int64_t(order[k]));
            const torch::Tensor index = torch::tensor(rows, torch::kInt64);
            for (int l = 0; l < layers(); ++l) {
                const torch::Tensor pooled = (enc.hiddenStates[std::size_t(l)] * mask).sum(1) / count; // [B, H]
                out[std::size_t(l)].index_copy_(0, index, pooled.to(torch::kCPU, torch::kFloat64));
            }
            if (onBatch)
                onBatch(b);
        }
        return out;
    }

private:
    static XlmrTokenizer tokenizerOf(const std::filesystem::path &modelDir)
    {
        const std::filesystem::path spm = modelDir / "sentencepiece.bpe.model";
        if (!std::filesystem::exists(spm))
            throw Error(modelDir.string(), "has no sentencepiece.bpe.model; pass an XLM-R masked-LM folder (e.g. one "
                                           "`fieldbench-cli mlm init` or `mlm train` wrote)");
        return XlmrTokenizer(spm);
    }

    LoadedXlmrMaskedLM m_loaded;
    XlmrTokenizer m_tokenizer;
    TextSimilarityConfig m_config;
    torch::Device m_device;
    int m_maxTokens = 0;
};

std::vector<double> toVector(const torch::Tensor &t)
{
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// The project's code for a requested language ("es" or "spa"); Error naming the project.
std::string projectCode(const Project &project, const std::string &requested)
{
    if (const auto l = project.language(requested))
        return l->code;
    throw Error(project.dir().string(), "has no language \"" + requested + "\"");
}

} // namespace

double linearCka(const std::vector<double> &x, const std::vector<double> &y, int n, int dx, int dy)
{
    if (n < 2 || dx < 1 || dy < 1 || x.size() != std::size_t(n) * std::size_t(dx) ||
        y.size() != std::size_t(n) * std::size_t(dy))
        throw Error("linear CKA needs two matrices of the same n >= 2 rows (got " + std::to_string(x.size()) + " and " +
                    std::to_string(y.size()) + " values for n = " + std::to_string(n) + ")");
    const auto xt = torch::from_blob(const_cast<double *>(x.data()), {n, dx}, torch::kFloat64);
    const auto yt = torch::from_blob(const_cast<double *>(y.data()), {n, dy}, torch::kFloat64);
    return ckaOfTensors({xt, yt})[1];
}

std::vector<double> ckaMatrix(const std::vector<std::vector<double>> &reps, std::int64_t rows, int d)
{
    std::vector<torch::Tensor> t;
    for (const auto &r : reps) {
        if (r.size() != std::size_t(rows) * std::size_t(d))
            throw Error("ckaMatrix: a representation has " + std::to_string(r.size()) + " values, not " +
                        std::to_string(rows) + " x " + std::to_string(d));
        t.push_back(torch::from_blob(const_cast<double *>(r.data()), {rows, d}, torch::kFloat64));
    }
    return ckaOfTensors(t);
}

SentenceRepresentations encodeSentences(const std::filesystem::path &modelDir, const std::vector<std::string> &sentences,
                                        const TextSimilarityConfig &config)
{
    SentenceEncoder encoder(modelDir, config);
    SentenceRepresentations r;
    r.layers = encoder.layers();
    r.hidden = encoder.hidden();
    r.rows = std::int64_t(sentences.size());
    for (const torch::Tensor &t : encoder.encode(sentences, {}, nullptr))
        r.pooled.push_back(toVector(t));
    return r;
}

TextSimilarityReport analyseTextSimilarity(const std::filesystem::path &projectDir,
                                           const std::filesystem::path &tokenizerModel,
                                           const std::filesystem::path &modelDir,
                                           const std::filesystem::path &parallelDir,
                                           const TextSimilarityConfig &config, TextSimilarityObserver *observer,
                                           const std::atomic<bool> *cancel)
{
    const std::vector<std::string> problems = config.validate();
    if (!problems.empty())
        throw Error("text similarity settings: " + joined(problems));
    if (config.device == "cuda" && !torch::cuda::is_available())
        throw Error("device cuda: no CUDA device is available (a CPU-only LibTorch, or no GPU); use cpu");
    if (!parallelDir.empty() && modelDir.empty())
        throw Error(parallelDir.string(), "parallel text is used for CKA between the model's representations; "
                                          "give a model folder too");

    const Project project = Project::open(projectDir);
    std::vector<std::string> codes;
    for (const std::string &c : config.languages) {
        const std::string code = projectCode(project, c);
        if (std::find(codes.begin(), codes.end(), code) == codes.end())
            codes.push_back(code);
    }
    const LanguageCorpus corpus = projectText(project, codes);
    if (codes.empty())
        for (const auto &[code, lines] : corpus.lines)
            if (!lines.empty())
                codes.push_back(code);

    TextSimilarityReport report;
    report.project = std::filesystem::absolute(projectDir).string();
    report.tokenizerPath = std::filesystem::absolute(tokenizerModel).string();
    report.config = config;
    std::int64_t perLanguage = config.maxSentences;
    if (config.balanced)
        for (const std::string &code : codes) {
            const auto n = std::int64_t(corpus.lines.at(code).size());
            perLanguage = perLanguage > 0 ? std::min(perLanguage, n) : n;
        }
    const SentencePieceTokenizer tokenizer(tokenizerModel);
    std::vector<std::vector<std::string>> samples;
    for (const std::string &code : codes) {
        const std::vector<std::string> &lines = corpus.lines.at(code);
        std::vector<std::string> sample;
        for (std::size_t i : evenlySpaced(lines.size(), perLanguage))
            sample.push_back(lines[i]);
        TextLanguageStats l;
        l.code = code;
        const auto lang = project.language(code);
        l.name = lang ? lang->name : code;
        l.sentences = std::int64_t(sample.size());
        LanguageCorpus one;
        one.lines[code] = sample;
        l.tokenizer = tokenizerReport(tokenizer, one).at(0);
        l.pieces = pieceUsage(tokenizer, sample);
        report.languages.push_back(std::move(l));
        samples.push_back(std::move(sample));
    }

    if (!modelDir.empty()) {
        report.model = std::filesystem::absolute(modelDir).string();
        SentenceEncoder encoder(modelDir, config);
        report.layers = encoder.layers();
        TextSimilarityProgress progress;
        const auto onBatch = [&](std::int64_t done) {
            progress.sentencesDone += done;
            if (observer)
                observer->progress(progress);
        };
        progress.stage = "centroids";
        progress.languageCount = int(codes.size());
        for (const auto &s : samples)
            progress.sentencesTotal += std::int64_t(s.size());
        // centroids[layer][language]
        std::vector<std::vector<std::vector<double>>> centroids(std::size_t(encoder.layers()));
        for (std::size_t k = 0; k < codes.size(); ++k) {
            progress.language = codes[k];
            progress.languageIndex = int(k);
            const auto states = encoder.encode(
                samples[k],
                onBatch,
                cancel);
            for (int l = 0; l < encoder.layers(); ++l)
                centroids[std::size_t(l)].push_back(toVector(states[std::size_t(l)].mean(0)));
        }
        for (const auto &layer : centroids) {
            report.centroidCosine.push_back(centroidCosines(layer, false));
            report.centroidCosineCentred.push_back(centroidCosines(layer, true));
        }

        if (!parallelDir.empty()) {
            report.parallelDir = std::filesystem::absolute(parallelDir).string();
            const auto parallel = readParallelText(parallelDir, codes);
            for (const std::string &code : codes)
                if (parallel.count(code))
                    report.parallelCodes.push_back(code);
            const std::size_t lines = parallel.begin()->second.size();
            const std::vector<std::size_t> pick = evenlySpaced(lines, config.maxSentences);
            report.parallelSentences = std::int64_t(pick.size());
            if (pick.size() < 2)
                throw Error(parallelDir.string(), "has fewer than 2 sentences that are non-empty in every language");
            progress = {};
            progress.stage = "parallel";
            progress.languageCount = int(report.parallelCodes.size());
            progress.sentencesTotal = std::int64_t(pick.size() * report.parallelCodes.size());
            std::vector<std::vector<torch::Tensor>> byLayer(std::size_t(encoder.layers())); // [layer][language]
            for (std::size_t k = 0; k < report.parallelCodes.size(); ++k) {
                const auto &all = parallel.at(report.parallelCodes[k]);
                std::vector<std::string> sentences;
                for (std::size_t i : pick)
                    sentences.push_back(all[i]);
                progress.language = report.parallelCodes[k];
                progress.languageIndex = int(k);
                const auto states = encoder.encode(
                    sentences,
                    onBatch,
                    cancel);
                for (int l = 0; l < encoder.layers(); ++l)
                    byLayer[std::size_t(l)].push_back(states[std::size_t(l)]);
            }
            for (const auto &layer : byLayer)
                report.cka.push_back(ckaOfTensors(layer));
        }
    }
    return buildTextSimilarityReport(std::move(report));
}

} // namespace fieldbench
