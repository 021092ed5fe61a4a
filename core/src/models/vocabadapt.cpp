#include "fieldbench/models/vocabadapt.h"

#include "fieldbench/text/textcorpus.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <fasttext/args.h>
#include <fasttext/fasttext.h>
#include <fasttext/vector.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

// The text of a piece: U+2581 back to a space.
std::string pieceText(const std::string &piece)
{
    std::string out;
    for (std::size_t i = 0; i < piece.size();) {
        if (piece.compare(i, 3, kSpmSpace) == 0) {
            out += ' ';
            i += 3;
        } else {
            out += piece[i++];
        }
    }
    return out;
}

std::string dominantScript(const std::string &piece)
{
    const auto counts = scriptCounts(pieceText(piece));
    if (counts.empty())
        return "Common";
    return std::max_element(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.second < b.second; })
        ->first;
}

bool isRegularPiece(const SentencePieceTokenizer &spm, int id)
{
    return !spm.isControl(id) && !spm.isUnknown(id) && !spm.isByte(id);
}

} // namespace

std::string toString(EmbeddingInit m)
{
    switch (m) {
    case EmbeddingInit::Random: return "random";
    case EmbeddingInit::Mean: return "mean";
    case EmbeddingInit::Decomposition: return "decomposition";
    case EmbeddingInit::Focus: return "focus";
    case EmbeddingInit::Script: return "script";
    case EmbeddingInit::Ofa: return "ofa";
    }
    return "?";
}

std::vector<std::string> embeddingInitNames()
{
    return {"random", "mean", "decomposition", "focus", "script", "ofa"};
}

EmbeddingInit embeddingInitFromString(const std::string &name)
{
    for (EmbeddingInit m : {EmbeddingInit::Random, EmbeddingInit::Mean, EmbeddingInit::Decomposition,
                            EmbeddingInit::Focus, EmbeddingInit::Script, EmbeddingInit::Ofa})
        if (toString(m) == name)
            return m;
    throw Error("unknown embedding initialisation '" + name +
                "' (known: random, mean, decomposition, focus, script, ofa)");
}

torch::Tensor sparsemax(const torch::Tensor &scoresIn)
{
    const torch::Tensor z = scoresIn.to(torch::kDouble);
    const torch::Tensor sorted = std::get<0>(z.sort(0, /*descending=*/true));
    const torch::Tensor k = torch::arange(1, z.size(0) + 1, z.options());
    const torch::Tensor cumsum = sorted.cumsum(0);
    const torch::Tensor support = (1 + k * sorted) > cumsum;
    const std::int64_t kz = support.sum().item<std::int64_t>();
    const double tau = (cumsum[kz - 1].item<double>() - 1.0) / double(kz);
    return torch::clamp_min(z - tau, 0.0).to(scoresIn.scalar_type());
}

torch::Tensor fasttextVectors(const std::vector<std::string> &lines, const std::vector<std::string> &words, int dim,
                              int epochs, int seed)
{
    if (lines.empty())
        throw Error("fastText: no target-language text to train word vectors on");
    const fs::path tmp = temporaryPath(fs::temp_directory_path(), "fasttext", ".txt");
    {
        std::ofstream out(tmp);
        for (const std::string &l : lines)
            out << l << "\n";
        if (!out)
            throw Error(tmp.string(), "cannot write the fastText training text");
    }
    fasttext::Args a;
    a.input = tmp.string();
    a.model = fasttext::model_name::sg;
    a.dim = dim;
    a.epoch = epochs;
    a.minCount = 1;
    a.thread = 1; // one thread: deterministic for a seed
    a.verbose = 0;
    a.bucket = 100000;
    a.minn = 2;
    a.maxn = 4;
    a.seed = seed;
    fasttext::FastText ft;
    try {
        ft.train(a);
    } catch (const std::exception &e) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw Error(std::string("fastText training on the target text failed: ") + e.what());
    }
    std::error_code ec;
    fs::remove(tmp, ec);
    torch::Tensor out = torch::zeros({std::int64_t(words.size()), dim});
    fasttext::Vector v(dim);
    for (std::size_t i = 0; i < words.size(); ++i) {
        ft.getWordVector(v, words[i]);
        for (int d = 0; d < dim; ++d)
            out[std::int64_t(i)][d] = v[d];
    }
    return out;
}

VocabAdaptResult adaptVocabulary(XlmrForMaskedLMImpl &source, const XlmrTokenizer &srcTok,
                                 const SentencePieceTokenizer &target, const std::vector<std::string> &targetText,
                                 const VocabAdaptConfig &cfg)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor E = source.roberta->wordEmbeddings()->weight.detach().to(torch::kFloat).cpu().clone();
    const torch::Tensor bias = source.lm_head->bias.detach().to(torch::kFloat).cpu().clone();
    const std::int64_t vs = E.size(0), h = E.size(1);
    if (vs != srcTok.vocabSize())
        throw Error("the source model has " + std::to_string(vs) + " token embeddings but its tokenizer " +
                    std::to_string(srcTok.vocabSize()) + " ids; pass the tokenizer the model was trained with");
    const SentencePieceTokenizer &srcSpm = srcTok.sentencePiece();

    VocabAdaptResult result;
    if (cfg.extend) {
        std::vector<std::string> pieces;
        std::vector<float> scores;
        for (int i = 0; i < target.size(); ++i) {
            if (!isRegularPiece(target, i) || srcSpm.contains(target.idToPiece(i)))
                continue;
            pieces.push_back(target.idToPiece(i));
            scores.push_back(target.score(i));
        }
        result.spm = std::make_shared<SentencePieceTokenizer>(SentencePieceTokenizer::fromSerialized(
            appendPieces(srcSpm, pieces, scores), srcSpm.name() + " + " + target.name()));
    } else {
        result.spm = std::make_shared<SentencePieceTokenizer>(
            SentencePieceTokenizer::fromSerialized(target.serialized(), target.name()));
    }
    const XlmrTokenizer newTok(result.spm);
    const std::int64_t v = newTok.vocabSize();

    // Which rows are copied, which are new.
    std::vector<std::int64_t> from(std::size_t(v), -1);
    for (std::int64_t id = 0; id < v; ++id) {
        if (id <= XlmrTokenizer::kUnk) {
            from[std::size_t(id)] = id;
        } else if (id == newTok.maskId()) {
            from[std::size_t(id)] = srcTok.maskId();
        } else {
            const int spmId = newTok.toSentencePiece(id);
            const std::string &piece = result.spm->idToPiece(spmId);
            if (result.spm->isControl(spmId) || srcSpm.contains(piece))
                from[std::size_t(id)] = result.spm->isControl(spmId) ? XlmrTokenizer::kUnk : srcTok.tokenToId(piece);
        }
    }
    torch::Tensor newE = torch::zeros({v, h});
    torch::Tensor newB = torch::zeros({v});
    std::vector<std::int64_t> sharedNew, sharedSrc; // regular shared pieces: new id, source id
    for (std::int64_t id = 0; id < v; ++id) {
        const std::int64_t s = from[std::size_t(id)];
        if (s >= 0) {
            newE[id].copy_(E[s]);
            newB[id].copy_(bias[s]);
            result.copiedFrom[id] = s;
            ++result.copied;
            if (!newTok.isSpecial(id) && !srcTok.isSpecial(s)) {
                sharedNew.push_back(id);
                sharedSrc.push_back(s);
            }
        } else {
            result.newIds.push_back(id);
        }
    }

    // Source statistics over regular pieces.
    const torch::Tensor regular = torch::arange(XlmrTokenizer::kUnk + 1, srcTok.maskId(), torch::kLong);
    const torch::Tensor Ereg = E.index_select(0, regular);
    const torch::Tensor breg = bias.index_select(0, regular);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(cfg.seed);
    const double initStd = source.roberta->config().initializerRange;

    const auto decomposition = [&](std::int64_t id, torch::Tensor &e, torch::Tensor &b) {
        const std::string &piece = newTok.idToToken(id);
        std::vector<std::int64_t> ids = srcTok.encodePieces(pieceText(piece));
        if (piece.compare(0, 3, kSpmSpace) != 0 && !ids.empty() && srcTok.idToToken(ids.front()) == kSpmSpace)
            ids.erase(ids.begin()); // a continuation piece: drop the word-start marker spm adds
        ids.erase(std::remove(ids.begin(), ids.end(), XlmrTokenizer::kUnk), ids.end());
        if (ids.empty()) {
            e = Ereg.mean(0);
            b = breg.mean();
            return;
        }
        const torch::Tensor idx = torch::tensor(ids, torch::kLong);
        e = E.index_select(0, idx).mean(0);
        b = bias.index_select(0, idx).mean();
    };

    // FOCUS / OFA weights: per new piece, sparsemax over the top-k cosine similarities to the
    // shared pieces in a fastText space of the target text.
    std::map<std::int64_t, std::pair<torch::Tensor, torch::Tensor>> weights; // new id -> (shared idx, w)
    if ((cfg.method == EmbeddingInit::Focus || cfg.method == EmbeddingInit::Ofa) && !sharedNew.empty() &&
        !result.newIds.empty()) {
        std::vector<std::string> tokenized;
        tokenized.reserve(targetText.size());
        for (const std::string &line : targetText) {
            std::string joined;
            for (const std::string &p : result.spm->encodePieces(line))
                joined += (joined.empty() ? "" : " ") + p;
            tokenized.push_back(joined);
        }
        std::vector<std::string> words;
        for (std::int64_t id : sharedNew)
            words.push_back(newTok.idToToken(id));
        for (std::int64_t id : result.newIds)
            words.push_back(newTok.idToToken(id));
        torch::Tensor vec = fasttextVectors(tokenized, words, cfg.fasttextDim, cfg.fasttextEpochs, int(cfg.seed));
        vec = vec / vec.norm(2, 1, true).clamp_min(1e-8);
        const auto ns = std::int64_t(sharedNew.size());
        const torch::Tensor sharedVec = vec.slice(0, 0, ns);
        const torch::Tensor newVec = vec.slice(0, ns);
        const torch::Tensor sims = torch::matmul(newVec, sharedVec.t()); // [new, shared]
        const std::int64_t k = std::min<std::int64_t>(cfg.focusTopK, ns);
        const auto [topv, topi] = sims.topk(k, 1);
        for (std::size_t i = 0; i < result.newIds.size(); ++i)
            weights[result.newIds[i]] = {topi[std::int64_t(i)].clone(), sparsemax(topv[std::int64_t(i)])};
    }
    const torch::Tensor sharedSrcIdx = torch::tensor(sharedSrc.empty() ? std::vector<std::int64_t>{0} : sharedSrc, torch::kLong);

    // OFA factorisation.
    torch::Tensor P, B;
    if (cfg.method == EmbeddingInit::Ofa) {
        const std::int64_t r = std::min<std::int64_t>(cfg.ofaRank > 0 ? cfg.ofaRank : std::max<std::int64_t>(1, h / 2), h);
        const auto svd = torch::linalg_svd(E, /*full_matrices=*/false);
        const torch::Tensor &U = std::get<0>(svd), &S = std::get<1>(svd), &Vh = std::get<2>(svd);
        P = U.slice(1, 0, r) * S.slice(0, 0, r); // [Vs, r]
        B = Vh.slice(0, 0, r);                   // [r, H]
    }

    // Script-aware: rows of the source per script.
    std::map<std::string, std::vector<std::int64_t>> byScript;
    if (cfg.method == EmbeddingInit::Script)
        for (std::int64_t s = XlmrTokenizer::kUnk + 1; s < srcTok.maskId(); ++s)
            byScript[dominantScript(srcTok.idToToken(s))].push_back(s);

    for (std::int64_t id : result.newIds) {
        torch::Tensor e, b;
        switch (cfg.method) {
        case EmbeddingInit::Random:
            e = torch::empty({h}).normal_(0.0, initStd, gen);
            b = torch::zeros({});
            break;
        case EmbeddingInit::Mean:
            e = Ereg.mean(0);
            b = breg.mean();
            break;
        case EmbeddingInit::Decomposition:
            decomposition(id, e, b);
            break;
        case EmbeddingInit::Focus:
        case EmbeddingInit::Ofa: {
            const auto it = weights.find(id);
            if (it == weights.end()) { // no shared pieces at all: decomposition
                decomposition(id, e, b);
                if (cfg.method == EmbeddingInit::Ofa)
                    e = torch::matmul(torch::matmul(e, B.t()), B); // through the low-rank space
                break;
            }
            const torch::Tensor src = sharedSrcIdx.index_select(0, it->second.first);
            const torch::Tensor w = it->second.second.unsqueeze(1);
            if (cfg.method == EmbeddingInit::Focus)
                e = (E.index_select(0, src) * w).sum(0);
            else
                e = torch::matmul((P.index_select(0, src) * w).sum(0), B);
            b = (bias.index_select(0, src) * it->second.second).sum();
            break;
        }
        case EmbeddingInit::Script: {
            const auto it = byScript.find(dominantScript(newTok.idToToken(id)));
            const torch::Tensor rows = it != byScript.end() && it->second.size() >= 2
                                           ? E.index_select(0, torch::tensor(it->second, torch::kLong))
                                           : Ereg;
            const torch::Tensor mean = rows.mean(0), std = rows.std(0);
            e = mean + std * torch::empty({h}).normal_(0.0, 1.0, gen);
            b = breg.mean();
            break;
        }
        }
        newE[id].copy_(e);
        newB[id].copy_(b);
    }
    result.config = source.roberta->config();
    result.config.vocabSize = int(v);
    result.model = withVocabulary(source, newE.to(source.roberta->wordEmbeddings()->weight.dtype()),
                                  newB.to(source.lm_head->bias.dtype()));
    return result;
}

} // namespace fieldbench
