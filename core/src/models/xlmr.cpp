#include "fieldbench/models/xlmr.h"

#include "fieldbench/io/safetensors.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace fieldbench {
namespace {

torch::Tensor activation(const std::string &name, const torch::Tensor &x)
{
    if (name == "gelu")
        return torch::gelu(x);
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast")
        return torch::gelu(x, "tanh");
    if (name == "relu")
        return torch::relu(x);
    if (name == "silu" || name == "swish")
        return torch::silu(x);
    if (name == "tanh")
        return torch::tanh(x);
    throw Error("unsupported activation '" + name + "'");
}

void checkConfig(const XlmrConfig &c)
{
    const auto problems = c.validate();
    if (!problems.empty()) {
        std::string msg = "invalid XLM-R config:";
        for (const auto &p : problems)
            msg += "\n  " + p;
        throw Error(msg);
    }
}

torch::nn::LayerNorm layerNorm(const XlmrConfig &c)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps));
}

} // namespace

torch::Tensor xlmrPositionIds(const torch::Tensor &inputIds, std::int64_t padTokenId)
{
    const torch::Tensor mask = inputIds.ne(padTokenId).to(torch::kLong);
    return torch::cumsum(mask, 1) * mask + padTokenId;
}

// ---------------------------------------------------------------------------------------

class XlmrEmbeddingsImpl : public torch::nn::Module
{
public:
    explicit XlmrEmbeddingsImpl(const XlmrConfig &c)
        : m_pad(c.padTokenId)
        , m_dropout(c.hiddenDropoutProb)
    {
        word_embeddings = register_module(
            "word_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(c.vocabSize, c.hiddenSize).padding_idx(c.padTokenId)));
        position_embeddings = register_module(
            "position_embeddings",
            torch::nn::Embedding(torch::nn::EmbeddingOptions(c.maxPositionEmbeddings, c.hiddenSize).padding_idx(c.padTokenId)));
        token_type_embeddings = register_module("token_type_embeddings",
                                                torch::nn::Embedding(c.typeVocabSize, c.hiddenSize));
        LayerNorm = register_module("LayerNorm", layerNorm(c));
    }

    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &tokenTypeIds)
    {
        const torch::Tensor positions = xlmrPositionIds(inputIds, m_pad);
        const std::int64_t maxPos = position_embeddings->weight.size(0);
        if (inputIds.size(1) + m_pad + 1 > maxPos)
            throw Error("input of " + std::to_string(inputIds.size(1)) + " tokens is longer than the model's " +
                        std::to_string(maxPos - m_pad - 1) + " positions (max_position_embeddings " +
                        std::to_string(maxPos) + "); split or truncate the text");
        torch::Tensor x = word_embeddings(inputIds) + position_embeddings(positions);
        if (tokenTypeIds.defined())
            x = x + token_type_embeddings(tokenTypeIds);
        else
            x = x + token_type_embeddings->weight[0];
        return torch::dropout(LayerNorm(x), m_dropout, is_training());
    }

    torch::nn::Embedding word_embeddings{nullptr};
    torch::nn::Embedding position_embeddings{nullptr};
    torch::nn::Embedding token_type_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    std::int64_t m_pad;
    double m_dropout;
};

class XlmrSelfAttentionImpl : public torch::nn::Module
{
public:
    explicit XlmrSelfAttentionImpl(const XlmrConfig &c)
        : m_heads(c.numAttentionHeads)
        , m_headDim(c.hiddenSize / c.numAttentionHeads)
        , m_dropout(c.attentionProbsDropoutProb)
    {
        query = register_module("query", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
        key = register_module("key", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
        value = register_module("value", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
    }

    // hidden [B, T, H]; additiveMask [B, 1, 1, T] (0 or a large negative) or undefined.
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &additiveMask)
    {
        const auto b = hidden.size(0), t = hidden.size(1);
        const auto split = [&](const torch::Tensor &x) { return x.view({b, t, m_heads, m_headDim}).transpose(1, 2); };
        const torch::Tensor q = split(query(hidden));
        const torch::Tensor k = split(key(hidden));
        const torch::Tensor v = split(value(hidden));
        torch::Tensor scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(double(m_headDim));
        if (additiveMask.defined())
            scores = scores + additiveMask;
        torch::Tensor probs = torch::dropout(torch::softmax(scores, -1), m_dropout, is_training());
        return torch::matmul(probs, v).transpose(1, 2).reshape({b, t, m_heads * m_headDim});
    }

    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};

private:
    std::int64_t m_heads, m_headDim;
    double m_dropout;
};
TORCH_MODULE(XlmrSelfAttention);

// dense + dropout + LayerNorm(x + residual): "attention.output" and "output" of a layer.
class XlmrResidualOutputImpl : public torch::nn::Module
{
public:
    XlmrResidualOutputImpl(const XlmrConfig &c, int in)
        : m_dropout(c.hiddenDropoutProb)
    {
        dense = register_module("dense", torch::nn::Linear(in, c.hiddenSize));
        LayerNorm = register_module("LayerNorm", layerNorm(c));
    }
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &residual)
    {
        return LayerNorm(torch::dropout(dense(x), m_dropout, is_training()) + residual);
    }
    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(XlmrResidualOutput);

class XlmrAttentionImpl : public torch::nn::Module
{
public:
    explicit XlmrAttentionImpl(const XlmrConfig &c)
    {
        self = register_module("self", XlmrSelfAttention(c));
        output = register_module("output", XlmrResidualOutput(c, c.hiddenSize));
    }
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &mask)
    {
        return output(self(hidden, mask), hidden);
    }
    XlmrSelfAttention self{nullptr};
    XlmrResidualOutput output{nullptr};
};
TORCH_MODULE(XlmrAttention);

class XlmrIntermediateImpl : public torch::nn::Module
{
public:
    explicit XlmrIntermediateImpl(const XlmrConfig &c)
        : m_act(c.hiddenAct)
    {
        dense = register_module("dense", torch::nn::Linear(c.hiddenSize, c.intermediateSize));
    }
    torch::Tensor forward(const torch::Tensor &x) { return activation(m_act, dense(x)); }
    torch::nn::Linear dense{nullptr};

private:
    std::string m_act;
};
TORCH_MODULE(XlmrIntermediate);

class XlmrLayerImpl : public torch::nn::Module
{
public:
    explicit XlmrLayerImpl(const XlmrConfig &c)
    {
        attention = register_module("attention", XlmrAttention(c));
        intermediate = register_module("intermediate", XlmrIntermediate(c));
        output = register_module("output", XlmrResidualOutput(c, c.intermediateSize));
    }
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &mask)
    {
        const torch::Tensor a = attention(hidden, mask);
        return output(intermediate(a), a);
    }
    XlmrAttention attention{nullptr};
    XlmrIntermediate intermediate{nullptr};
    XlmrResidualOutput output{nullptr};
};
TORCH_MODULE(XlmrLayer);

class XlmrEncoderImpl : public torch::nn::Module
{
public:
    explicit XlmrEncoderImpl(const XlmrConfig &c)
    {
        layer = register_module("layer", torch::nn::ModuleList());
        for (int i = 0; i < c.numHiddenLayers; ++i)
            layer->push_back(XlmrLayer(c));
    }
    torch::nn::ModuleList layer{nullptr};
};

// ---------------------------------------------------------------------------------------

XlmrModelImpl::XlmrModelImpl(const XlmrConfig &config, bool addPoolingLayer)
    : m_config(config)
{
    checkConfig(config);
    embeddings = register_module("embeddings", std::make_shared<XlmrEmbeddingsImpl>(config));
    encoder = register_module("encoder", std::make_shared<XlmrEncoderImpl>(config));
    if (addPoolingLayer) {
        auto pooler = register_module("pooler", std::make_shared<torch::nn::Module>());
        poolerDense = pooler->register_module("dense", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
    }
}

torch::nn::Embedding &XlmrModelImpl::wordEmbeddings()
{
    return embeddings->word_embeddings;
}

XlmrOutput XlmrModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                  bool outputHiddenStates, const torch::Tensor &tokenTypeIds)
{
    if (inputIds.dim() != 2)
        throw Error("XLM-R input_ids must be [batch, tokens]");
    XlmrOutput out;
    torch::Tensor hidden = embeddings->forward(inputIds, tokenTypeIds);
    torch::Tensor additive;
    if (attentionMask.defined()) {
        const torch::Tensor m = attentionMask.to(hidden.scalar_type()).unsqueeze(1).unsqueeze(2);
        additive = (1.0 - m) * std::numeric_limits<float>::lowest();
        if (hidden.scalar_type() != torch::kFloat)
            additive = (1.0 - m) * -1e4;
    }
    if (outputHiddenStates)
        out.hiddenStates.push_back(hidden);
    for (const auto &l : *encoder->layer) {
        hidden = l->as<XlmrLayerImpl>()->forward(hidden, additive);
        if (outputHiddenStates)
            out.hiddenStates.push_back(hidden);
    }
    out.lastHiddenState = hidden;
    if (poolerDense)
        out.pooled = torch::tanh(poolerDense(hidden.select(1, 0)));
    return out;
}

XlmrLMHeadImpl::XlmrLMHeadImpl(const XlmrConfig &c)
    : m_act(c.hiddenAct)
{
    dense = register_module("dense", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
    layer_norm = register_module("layer_norm", layerNorm(c));
    bias = register_parameter("bias", torch::zeros({c.vocabSize}));
}

torch::Tensor XlmrLMHeadImpl::forward(const torch::Tensor &features, const torch::Tensor &decoderWeight)
{
    const torch::Tensor x = layer_norm(activation(m_act, dense(features)));
    return F::linear(x, decoderWeight, bias);
}

XlmrForMaskedLMImpl::XlmrForMaskedLMImpl(const XlmrConfig &config)
{
    roberta = register_module("roberta", XlmrModel(config, /*addPoolingLayer=*/false));
    lm_head = register_module("lm_head", XlmrLMHead(config));
}

MaskedLMOutput XlmrForMaskedLMImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                            const torch::Tensor &labels, bool outputHiddenStates,
                                            bool computeAllLogits)
{
    MaskedLMOutput out;
    out.encoder = roberta->forward(inputIds, attentionMask, outputHiddenStates);
    const torch::Tensor &decoder = roberta->wordEmbeddings()->weight;
    if (!labels.defined() || computeAllLogits)
        out.logits = lm_head->forward(out.encoder.lastHiddenState, decoder);
    if (labels.defined()) {
        const torch::Tensor &h = out.encoder.lastHiddenState;
        const torch::Tensor flatLabels = labels.reshape({-1});
        const torch::Tensor where = flatLabels.ge(0).nonzero().squeeze(1);
        const torch::Tensor picked = h.reshape({-1, h.size(-1)}).index_select(0, where);
        out.maskedLabels = flatLabels.index_select(0, where);
        out.maskedLogits = lm_head->forward(picked, decoder);
        if (where.numel() > 0)
            out.loss = F::cross_entropy(out.maskedLogits.to(torch::kFloat), out.maskedLabels);
        else
            out.loss = (h.sum() * 0.0).to(torch::kFloat); // nothing to predict: zero, still in the graph
    }
    return out;
}

XlmrForTokenClassificationImpl::XlmrForTokenClassificationImpl(const XlmrConfig &config)
    : m_dropout(config.classifierDropout.value_or(config.hiddenDropoutProb))
{
    roberta = register_module("roberta", XlmrModel(config, false));
    classifier = register_module("classifier", torch::nn::Linear(config.hiddenSize, config.numLabels()));
}

ClassificationOutput XlmrForTokenClassificationImpl::forward(const torch::Tensor &inputIds,
                                                             const torch::Tensor &attentionMask,
                                                             const torch::Tensor &labels)
{
    ClassificationOutput out;
    out.encoder = roberta->forward(inputIds, attentionMask);
    out.logits = classifier(torch::dropout(out.encoder.lastHiddenState, m_dropout, is_training()));
    if (labels.defined())
        out.loss = F::cross_entropy(out.logits.reshape({-1, out.logits.size(-1)}).to(torch::kFloat),
                                    labels.reshape({-1}), F::CrossEntropyFuncOptions().ignore_index(-100));
    return out;
}

XlmrClassificationHeadImpl::XlmrClassificationHeadImpl(const XlmrConfig &c)
    : m_dropout(c.classifierDropout.value_or(c.hiddenDropoutProb))
{
    dense = register_module("dense", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
    out_proj = register_module("out_proj", torch::nn::Linear(c.hiddenSize, c.numLabels()));
}

torch::Tensor XlmrClassificationHeadImpl::forward(const torch::Tensor &hidden)
{
    torch::Tensor x = torch::dropout(hidden.select(1, 0), m_dropout, is_training());
    x = torch::dropout(torch::tanh(dense(x)), m_dropout, is_training());
    return out_proj(x);
}

XlmrForSequenceClassificationImpl::XlmrForSequenceClassificationImpl(const XlmrConfig &config)
{
    roberta = register_module("roberta", XlmrModel(config, false));
    classifier = register_module("classifier", XlmrClassificationHead(config));
}

ClassificationOutput XlmrForSequenceClassificationImpl::forward(const torch::Tensor &inputIds,
                                                                const torch::Tensor &attentionMask,
                                                                const torch::Tensor &labels)
{
    ClassificationOutput out;
    out.encoder = roberta->forward(inputIds, attentionMask);
    out.logits = classifier(out.encoder.lastHiddenState);
    if (labels.defined()) {
        if (out.logits.size(1) == 1)
            out.loss = F::mse_loss(out.logits.squeeze(1).to(torch::kFloat), labels.to(torch::kFloat));
        else
            out.loss = F::cross_entropy(out.logits.to(torch::kFloat), labels);
    }
    return out;
}

// ---------------------------------------------------------------------------------------

XlmrLoadReport loadXlmrParameters(torch::nn::Module &module, const fs::path &checkpoint)
{
    SafeTensorsCheckpoint ckpt(checkpoint);
    XlmrLoadReport report;
    auto params = module.named_parameters(true);
    bool moduleHasPrefix = false;
    for (const auto &p : params)
        moduleHasPrefix = moduleHasPrefix || p.key().rfind("roberta.", 0) == 0;
    bool ckptHasPrefix = false;
    for (const std::string &n : ckpt.names())
        ckptHasPrefix = ckptHasPrefix || n.rfind("roberta.", 0) == 0;

    std::map<std::string, std::string> byModuleName;
    for (const std::string &n : ckpt.names()) {
        std::string name = n;
        if (name.size() >= 12 && name.compare(name.size() - 12, 12, "position_ids") == 0) {
            report.ignored.push_back(n); // a buffer, recomputed from the input ids
            continue;
        }
        if (name == "lm_head.decoder.weight") {
            report.ignored.push_back(n); // tied to the word embeddings
            continue;
        }
        if (name == "lm_head.decoder.bias") {
            if (ckpt.contains("lm_head.bias")) {
                report.ignored.push_back(n); // tied to lm_head.bias
                continue;
            }
            name = "lm_head.bias";
        }
        if (moduleHasPrefix && !ckptHasPrefix)
            name = "roberta." + name;
        else if (!moduleHasPrefix && ckptHasPrefix) {
            if (name.rfind("roberta.", 0) != 0) {
                report.unexpected.push_back(n);
                continue;
            }
            name = name.substr(8);
        }
        byModuleName[name] = n;
    }
    torch::NoGradGuard noGrad;
    std::set<std::string> used;
    for (auto &p : params) {
        const auto it = byModuleName.find(p.key());
        if (it == byModuleName.end()) {
            report.missing.push_back(p.key());
            continue;
        }
        const torch::Tensor t = ckpt.tensor(it->second);
        if (t.sizes() != p.value().sizes()) {
            std::ostringstream msg;
            msg << "tensor " << it->second << " has shape " << t.sizes() << " in the checkpoint but the model (from "
                << "config.json) expects " << p.value().sizes();
            throw Error(checkpoint.string(), msg.str());
        }
        p.value().copy_(t);
        used.insert(it->first);
    }
    for (const auto &[name, original] : byModuleName)
        if (!used.count(name))
            report.unexpected.push_back(original);
    return report;
}

void initialiseXlmrWeights(torch::nn::Module &root, const XlmrConfig &c)
{
    torch::NoGradGuard noGrad;
    for (const auto &item : root.named_modules("", true)) {
        torch::nn::Module *m = item.value().get();
        if (auto *lin = dynamic_cast<torch::nn::LinearImpl *>(m)) {
            lin->weight.normal_(0.0, c.initializerRange);
            if (lin->bias.defined())
                lin->bias.zero_();
        } else if (auto *emb = dynamic_cast<torch::nn::EmbeddingImpl *>(m)) {
            emb->weight.normal_(0.0, c.initializerRange);
            if (emb->options.padding_idx())
                emb->weight[*emb->options.padding_idx()].zero_();
        } else if (auto *ln = dynamic_cast<torch::nn::LayerNormImpl *>(m)) {
            ln->weight.fill_(1.0);
            ln->bias.zero_();
        } else if (auto *head = dynamic_cast<XlmrLMHeadImpl *>(m)) {
            head->bias.zero_();
        }
    }
}

void saveXlmrFolder(torch::nn::Module &module, const XlmrConfig &config, const fs::path &dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string(), "cannot create folder: " + ec.message());
    std::vector<NamedTensor> tensors;
    for (const auto &p : module.named_parameters(true))
        tensors.push_back({p.key(), p.value().detach()});
    saveSafeTensors(dir / "model.safetensors", tensors, {{"format", "pt"}});
    config.save(dir / "config.json");
}

void exportXlmrMaskedLM(XlmrForMaskedLMImpl &model, const XlmrConfig &config, const XlmrTokenizer &tokenizer,
                        const fs::path &dir)
{
    const std::int64_t v = model.roberta->wordEmbeddings()->weight.size(0);
    if (v != tokenizer.vocabSize())
        throw Error(dir.string(), "cannot export: the model has " + std::to_string(v) +
                                      " token embeddings but the tokenizer has " +
                                      std::to_string(tokenizer.vocabSize()) + " ids");
    XlmrConfig c = config;
    c.vocabSize = int(v);
    c.extra["architectures"] = nlohmann::json::array({"XLMRobertaForMaskedLM"});
    c.extra["model_type"] = "xlm-roberta";
    saveXlmrFolder(model, c, dir);
    tokenizer.saveHuggingFace(dir, c.maxSequenceLength());
}

LoadedXlmrMaskedLM loadXlmrMaskedLM(const fs::path &dir, bool allowPartial)
{
    LoadedXlmrMaskedLM m;
    m.config = XlmrConfig::load(dir);
    m.model = XlmrForMaskedLM(m.config);
    initialiseXlmrWeights(*m.model, m.config);
    m.report = loadXlmrParameters(*m.model, fs::is_directory(dir) ? dir : dir.parent_path());
    if (!allowPartial && (!m.report.missing.empty() || !m.report.unexpected.empty())) {
        std::string msg = "the weights do not match an XLMRobertaForMaskedLM described by config.json:";
        for (const auto &n : m.report.missing)
            msg += "\n  missing: " + n;
        for (const auto &n : m.report.unexpected)
            msg += "\n  unexpected: " + n;
        throw Error(dir.string(), msg);
    }
    return m;
}

XlmrForMaskedLM withVocabulary(XlmrForMaskedLMImpl &source, const torch::Tensor &embeddings, const torch::Tensor &bias)
{
    XlmrConfig c = source.roberta->config();
    if (embeddings.dim() != 2 || embeddings.size(1) != c.hiddenSize || bias.dim() != 1 ||
        bias.size(0) != embeddings.size(0))
        throw Error("new vocabulary: embeddings must be [V, hidden_size] and the bias [V]");
    c.vocabSize = int(embeddings.size(0));
    XlmrForMaskedLM out(c);
    torch::NoGradGuard noGrad;
    auto src = source.named_parameters(true);
    for (auto &p : out->named_parameters(true)) {
        if (p.key() == "roberta.embeddings.word_embeddings.weight")
            p.value().copy_(embeddings);
        else if (p.key() == "lm_head.bias")
            p.value().copy_(bias);
        else
            p.value().copy_(src[p.key()]);
    }
    return out;
}

std::int64_t xlmrParameterCount(torch::nn::Module &module)
{
    std::int64_t n = 0;
    for (const auto &p : module.parameters(true))
        n += p.numel();
    return n;
}

} // namespace fieldbench
