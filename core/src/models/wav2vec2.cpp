#include "fieldbench/models/wav2vec2.h"

#include "fieldbench/io/safetensors.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/runtime.h"

#include <cmath>
#include <sstream>
#include <limits>
#include <set>

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace fieldbench {
namespace {

// transformers' ACT2FN for the names wav2vec2 configs use.
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
    if (name == "sigmoid")
        return torch::sigmoid(x);
    throw Error("unsupported activation '" + name + "'");
}

// softmax(q k^T / sqrt(d) + mask) v with dropout on the probabilities; q, k, v [B, heads,
// T, d]. LibTorch 2.x has a fused kernel (scaled_dot_product_attention: no [B, heads, T, T]
// score tensors kept for backward where its flash path applies); 1.13 has not. The one
// place where the two differ.
torch::Tensor attend(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v, const torch::Tensor &mask,
                     double dropout)
{
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<torch::Tensor>(mask.to(q.scalar_type()))
                                                                   : c10::nullopt,
                                            dropout);
#else
    torch::Tensor scores = torch::matmul(q * std::pow(double(q.size(-1)), -0.5), k.transpose(-2, -1));
    if (mask.defined())
        scores = scores + mask;
    torch::Tensor probs = torch::softmax(scores, -1);
    if (dropout > 0)
        probs = F::dropout(probs, F::DropoutFuncOptions().p(dropout).training(true));
    return torch::matmul(probs, v);
#endif
}

// The precision of numerically sensitive parts (quantizer softmax, cosine logits, CTC):
// float32 for float32/bf16/fp16 models, as transformers does; double stays double.
torch::ScalarType accumulationType(const torch::Tensor &t)
{
    return t.scalar_type() == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Feature encoder: Conv1d stack over raw audio.

class Wav2Vec2ConvLayerImpl : public torch::nn::Module
{
public:
    Wav2Vec2ConvLayerImpl(const Wav2Vec2Config &c, int index)
        : m_activation(c.featExtractActivation)
    {
        const int in = index > 0 ? c.convDim[std::size_t(index - 1)] : 1;
        const int out = c.convDim[std::size_t(index)];
        conv = register_module("conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, c.convKernel[std::size_t(index)])
                                                             .stride(c.convStride[std::size_t(index)])
                                                             .bias(c.convBias)));
        if (c.featExtractNorm == "layer")
            layerNorm = register_module("layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({out})));
        else if (index == 0) // "group": only the first layer is normalised, per channel
            groupNorm = register_module("layer_norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(out, out)));
    }

    torch::Tensor forward(torch::Tensor x) // [B, C_in, T] -> [B, C_out, T']
    {
        x = conv(x);
        if (layerNorm)
            x = layerNorm(x.transpose(-2, -1)).transpose(-2, -1);
        else if (groupNorm)
            x = groupNorm(x);
        return activation(m_activation, x);
    }

    torch::nn::Conv1d conv{nullptr};
    torch::nn::LayerNorm layerNorm{nullptr};
    torch::nn::GroupNorm groupNorm{nullptr};

private:
    std::string m_activation;
};
TORCH_MODULE(Wav2Vec2ConvLayer);

class Wav2Vec2FeatureEncoderImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2FeatureEncoderImpl(const Wav2Vec2Config &c)
    {
        layers = register_module("conv_layers", torch::nn::ModuleList());
        for (int i = 0; i < c.numFeatExtractLayers(); ++i)
            layers->push_back(Wav2Vec2ConvLayer(c, i));
    }

    torch::Tensor forward(const torch::Tensor &inputValues) // [B, T] -> [B, C, F]
    {
        torch::Tensor x = inputValues.unsqueeze(1);
        for (const auto &layer : *layers)
            x = layer->as<Wav2Vec2ConvLayerImpl>()->forward(x);
        return x;
    }

    torch::nn::ModuleList layers{nullptr};
};

class Wav2Vec2FeatureProjectionImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2FeatureProjectionImpl(const Wav2Vec2Config &c)
    {
        const int conv = c.convDim.back();
        layerNorm = register_module("layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({conv}).eps(c.layerNormEps)));
        projection = register_module("projection", torch::nn::Linear(conv, c.hiddenSize));
        dropout = register_module("dropout", torch::nn::Dropout(c.featProjDropout));
    }

    // Returns {projected hidden states, normalised features (extract_features)}.
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor &features) // [B, F, C]
    {
        torch::Tensor normed = layerNorm(features);
        return {dropout(projection(normed)), normed};
    }

    torch::nn::LayerNorm layerNorm{nullptr};
    torch::nn::Linear projection{nullptr};
    torch::nn::Dropout dropout{nullptr};
};

// ---------------------------------------------------------------------------------------
// Transformer encoder.

// Conv1d whose weight is weight_norm(dim=2): weight = g * v / ||v||, the norm taken over
// the output and input channel dimensions, separately for every kernel position.
class WeightNormConvImpl : public torch::nn::Module
{
public:
    WeightNormConvImpl(int channels, int kernel, int groups)
        : m_groups(groups)
        , m_padding(kernel / 2)
    {
        weight_g = register_parameter("weight_g", torch::ones({1, 1, kernel}));
        weight_v = register_parameter("weight_v", torch::zeros({channels, channels / groups, kernel}));
        bias = register_parameter("bias", torch::zeros({channels}));
    }

    torch::Tensor weight() const
    {
        const torch::Tensor norm = weight_v.pow(2).sum(std::vector<std::int64_t>{0, 1}, /*keepdim=*/true).sqrt();
        return weight_v * (weight_g / norm);
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        return torch::conv1d(x, weight(), bias, /*stride=*/1, /*padding=*/m_padding, /*dilation=*/1, m_groups);
    }

    torch::Tensor weight_g, weight_v, bias;

private:
    int m_groups;
    int m_padding;
};
TORCH_MODULE(WeightNormConv);

class Wav2Vec2PositionalConvEmbeddingImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2PositionalConvEmbeddingImpl(const Wav2Vec2Config &c)
        : m_evenKernel(c.numConvPosEmbeddings % 2 == 0)
        , m_activation(c.featExtractActivation)
    {
        conv = register_module("conv", WeightNormConv(c.hiddenSize, c.numConvPosEmbeddings, c.numConvPosEmbeddingGroups));
    }

    torch::Tensor forward(const torch::Tensor &hidden) // [B, F, H]
    {
        torch::Tensor x = conv(hidden.transpose(1, 2));
        if (m_evenKernel) // "same" padding of an even kernel yields one frame too many
            x = x.slice(2, 0, x.size(2) - 1);
        return activation(m_activation, x).transpose(1, 2);
    }

    WeightNormConv conv{nullptr};

private:
    bool m_evenKernel;
    std::string m_activation;
};
TORCH_MODULE(Wav2Vec2PositionalConvEmbedding);

class Wav2Vec2AttentionImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2AttentionImpl(const Wav2Vec2Config &c)
        : m_heads(c.numAttentionHeads)
        , m_headDim(c.hiddenSize / c.numAttentionHeads)
        , m_dropout(c.attentionDropout)
    {
        k_proj = register_module("k_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
        v_proj = register_module("v_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
        q_proj = register_module("q_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
        out_proj = register_module("out_proj", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
    }

    // hidden [B, F, H]; additiveMask [B, 1, 1, F] (0 or a large negative) or undefined.
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &additiveMask)
    {
        const auto B = hidden.size(0), T = hidden.size(1);
        auto heads = [&](const torch::Tensor &x) { return x.view({B, T, m_heads, m_headDim}).transpose(1, 2); };
        const torch::Tensor out = attend(heads(q_proj(hidden)), heads(k_proj(hidden)), heads(v_proj(hidden)), additiveMask,
                                         is_training() ? m_dropout : 0.0);
        return out_proj(out.transpose(1, 2).reshape({B, T, m_heads * m_headDim}));
    }
    torch::nn::Linear k_proj{nullptr}, v_proj{nullptr}, q_proj{nullptr}, out_proj{nullptr};

private:
    std::int64_t m_heads, m_headDim;
    double m_dropout;
};
TORCH_MODULE(Wav2Vec2Attention);

class Wav2Vec2FeedForwardImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2FeedForwardImpl(const Wav2Vec2Config &c)
        : m_activation(c.hiddenAct)
    {
        intermediate_dropout = register_module("intermediate_dropout", torch::nn::Dropout(c.activationDropout));
        intermediate_dense = register_module("intermediate_dense", torch::nn::Linear(c.hiddenSize, c.intermediateSize));
        output_dense = register_module("output_dense", torch::nn::Linear(c.intermediateSize, c.hiddenSize));
        output_dropout = register_module("output_dropout", torch::nn::Dropout(c.hiddenDropout));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        torch::Tensor h = intermediate_dropout(activation(m_activation, intermediate_dense(x)));
        return output_dropout(output_dense(h));
    }

    torch::nn::Dropout intermediate_dropout{nullptr}, output_dropout{nullptr};
    torch::nn::Linear intermediate_dense{nullptr}, output_dense{nullptr};

private:
    std::string m_activation;
};
TORCH_MODULE(Wav2Vec2FeedForward);

class Wav2Vec2EncoderLayerImpl : public torch::nn::Module
{
public:
    Wav2Vec2EncoderLayerImpl(const Wav2Vec2Config &c)
        : m_preNorm(c.doStableLayerNorm)
    {
        attention = register_module("attention", Wav2Vec2Attention(c));
        dropout = register_module("dropout", torch::nn::Dropout(c.hiddenDropout));
        layer_norm = register_module("layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps)));
        feed_forward = register_module("feed_forward", Wav2Vec2FeedForward(c));
        final_layer_norm = register_module("final_layer_norm",
                                           torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps)));
    }

    torch::Tensor forward(torch::Tensor h, const torch::Tensor &additiveMask)
    {
        const torch::Tensor residual = h;
        if (m_preNorm) {
            h = residual + dropout(attention(layer_norm(h), additiveMask));
            return h + feed_forward(final_layer_norm(h));
        }
        h = layer_norm(residual + dropout(attention(h, additiveMask)));
        return final_layer_norm(h + feed_forward(h));
    }

    Wav2Vec2Attention attention{nullptr};
    torch::nn::Dropout dropout{nullptr};
    torch::nn::LayerNorm layer_norm{nullptr}, final_layer_norm{nullptr};
    Wav2Vec2FeedForward feed_forward{nullptr};

private:
    bool m_preNorm;
};
TORCH_MODULE(Wav2Vec2EncoderLayer);

// Post-LN encoder (wav2vec2-base) or pre-LN "stable layer norm" encoder (large, XLSR).
class Wav2Vec2EncoderImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2EncoderImpl(const Wav2Vec2Config &c)
        : m_preNorm(c.doStableLayerNorm)
        , m_layerdrop(c.layerdrop)
    {
        pos_conv_embed = register_module("pos_conv_embed", Wav2Vec2PositionalConvEmbedding(c));
        layer_norm = register_module("layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps)));
        dropout = register_module("dropout", torch::nn::Dropout(c.hiddenDropout));
        layers = register_module("layers", torch::nn::ModuleList());
        for (int i = 0; i < c.numHiddenLayers; ++i)
            layers->push_back(Wav2Vec2EncoderLayer(c));
    }

    torch::Tensor forward(torch::Tensor h, const torch::Tensor &frameMask, std::vector<torch::Tensor> *hiddenStates)
    {
        torch::Tensor additive;
        if (frameMask.defined()) {
            h = h.masked_fill(frameMask.logical_not().unsqueeze(-1), 0.0);
            const double lowest = h.scalar_type() == torch::kFloat64 ? std::numeric_limits<double>::lowest()
                                                                     : double(std::numeric_limits<float>::lowest());
            additive = (1.0 - frameMask.to(h.scalar_type())).mul(lowest).view({h.size(0), 1, 1, h.size(1)});
            if (h.scalar_type() != torch::kFloat32 && h.scalar_type() != torch::kFloat64)
                additive = additive.clamp_min(-1e4); // half precision: keep it finite
        }
        h = h + pos_conv_embed(h);
        if (!m_preNorm)
            h = layer_norm(h);
        h = dropout(h);
        for (const auto &layer : *layers) {
            if (hiddenStates)
                hiddenStates->push_back(h);
            // LayerDrop: in training, skip a whole layer with probability `layerdrop`.
            if (is_training() && m_layerdrop > 0 && torch::rand({}).item<double>() < m_layerdrop)
                continue;
            h = layer->as<Wav2Vec2EncoderLayerImpl>()->forward(h, additive);
        }
        if (m_preNorm)
            h = layer_norm(h);
        if (hiddenStates)
            hiddenStates->push_back(h);
        return h;
    }

    Wav2Vec2PositionalConvEmbedding pos_conv_embed{nullptr};
    torch::nn::LayerNorm layer_norm{nullptr};
    torch::nn::Dropout dropout{nullptr};
    torch::nn::ModuleList layers{nullptr};

private:
    bool m_preNorm;
    double m_layerdrop;
};

// ---------------------------------------------------------------------------------------
// Wav2Vec2Model

Wav2Vec2ModelImpl::Wav2Vec2ModelImpl(const Wav2Vec2Config &config)
    : m_config(config)
{
    const auto problems = config.validate();
    if (!problems.empty()) {
        std::string all;
        for (const auto &p : problems)
            all += "\n  " + p;
        throw Error("invalid wav2vec2 configuration:" + all);
    }
    if (config.maskTimeProb > 0 || config.maskFeatureProb > 0)
        m_maskedSpecEmbed = register_parameter("masked_spec_embed", torch::rand({config.hiddenSize}));
    m_featureExtractor = register_module("feature_extractor", std::make_shared<Wav2Vec2FeatureEncoderImpl>(config));
    m_featureProjection = register_module("feature_projection", std::make_shared<Wav2Vec2FeatureProjectionImpl>(config));
    m_encoder = register_module("encoder", std::make_shared<Wav2Vec2EncoderImpl>(config));
}

void Wav2Vec2ModelImpl::freezeFeatureEncoder(bool frozen)
{
    for (auto &p : m_featureExtractor->parameters())
        p.set_requires_grad(!frozen);
}

torch::Tensor Wav2Vec2ModelImpl::outputLengths(const torch::Tensor &lengths) const
{
    torch::Tensor l = lengths.to(torch::kInt64);
    for (int i = 0; i < m_config.numFeatExtractLayers(); ++i)
        l = torch::div(l - m_config.convKernel[std::size_t(i)], m_config.convStride[std::size_t(i)], "floor") + 1;
    return l.clamp_min(0);
}

torch::Tensor Wav2Vec2ModelImpl::frameMask(std::int64_t frames, const torch::Tensor &attentionMask) const
{
    const torch::Tensor lengths = outputLengths(attentionMask.sum(-1));
    const torch::Tensor positions = torch::arange(frames, torch::TensorOptions().dtype(torch::kInt64).device(attentionMask.device()));
    return positions.unsqueeze(0) < lengths.unsqueeze(1);
}

torch::Tensor Wav2Vec2ModelImpl::maskHiddenStates(torch::Tensor hidden, const torch::Tensor &maskTimeIndices,
                                                  const torch::Tensor &frameMask)
{
    if (!m_config.applySpecAugment)
        return hidden;
    const auto B = hidden.size(0), T = hidden.size(1), H = hidden.size(2);
    torch::Tensor timeMask = maskTimeIndices;
    if (!timeMask.defined() && m_config.maskTimeProb > 0 && is_training()) {
        const torch::Tensor lengths = frameMask.defined() ? frameMask.sum(-1) : torch::Tensor();
        timeMask = computeMaskIndices(B, T, m_config.maskTimeProb, m_config.maskTimeLength, m_config.maskTimeMinMasks,
                                      lengths).to(hidden.device());
    }
    if (timeMask.defined() && m_maskedSpecEmbed.defined())
        hidden = torch::where(timeMask.to(torch::kBool).unsqueeze(-1), m_maskedSpecEmbed.to(hidden.scalar_type()), hidden);
    if (m_config.maskFeatureProb > 0 && is_training()) {
        const torch::Tensor featureMask = computeMaskIndices(B, H, m_config.maskFeatureProb, m_config.maskFeatureLength,
                                                             m_config.maskFeatureMinMasks).to(hidden.device());
        hidden = hidden.masked_fill(featureMask.unsqueeze(1), 0.0);
    }
    return hidden;
}

Wav2Vec2Output Wav2Vec2ModelImpl::forward(const torch::Tensor &inputValues, const torch::Tensor &attentionMask,
                                          const torch::Tensor &maskTimeIndices, bool outputHiddenStates)
{
    Wav2Vec2Output out;
    out.featureEncoderOutput = m_featureExtractor->forward(inputValues);
    auto [hidden, normed] = m_featureProjection->forward(out.featureEncoderOutput.transpose(1, 2));
    out.extractFeatures = normed;
    if (attentionMask.defined())
        out.frameMask = frameMask(hidden.size(1), attentionMask);
    hidden = maskHiddenStates(hidden, maskTimeIndices, out.frameMask);
    out.lastHiddenState = m_encoder->forward(hidden, out.frameMask, outputHiddenStates ? &out.hiddenStates : nullptr);
    return out;
}

// ---------------------------------------------------------------------------------------
// Quantizer

namespace {

// exp(entropy of the marginal distribution over entries), summed over groups.
// probs [N, G, V]; mask [N] bool or undefined.
torch::Tensor perplexity(const torch::Tensor &probs, const torch::Tensor &mask)
{
    torch::Tensor marginal;
    if (mask.defined()) {
        const torch::Tensor m = mask.reshape({-1, 1, 1}).to(probs.scalar_type());
        marginal = (probs * m).sum(0) / mask.sum().clamp_min(1).to(probs.scalar_type());
    } else {
        marginal = probs.mean(0);
    }
    return torch::exp(-(marginal * torch::log(marginal + 1e-7)).sum(-1)).sum();
}

} // namespace

Wav2Vec2QuantizerImpl::Wav2Vec2QuantizerImpl(const Wav2Vec2Config &c)
    : groups(c.numCodevectorGroups)
    , entries(c.numCodevectorsPerGroup)
{
    codevectors = register_parameter("codevectors", torch::rand({1, groups * entries, c.codevectorDim / groups}));
    weight_proj = register_module("weight_proj", torch::nn::Linear(c.convDim.back(), groups * entries));
}

QuantizerOutput Wav2Vec2QuantizerImpl::forward(const torch::Tensor &features, const torch::Tensor &frameMask)
{
    const auto B = features.size(0), T = features.size(1);
    QuantizerOutput out;
    {
        // The code logits' argmax decides the training targets: computed in full precision
        // even under bf16 autocast.
        AutocastSuspend fullPrecision;
        out.logits = weight_proj(features.to(weight_proj->weight.scalar_type())); // [B, T, G*V]
    }
    // Logits, softmax and code selection in float32 (also under bf16 autocast).
    const torch::Tensor flat = out.logits.to(accumulationType(out.logits)).reshape({B * T * groups, entries});
    const torch::Tensor mask = frameMask.defined() ? frameMask.reshape({B * T}) : torch::Tensor();
    torch::Tensor probs; // [B*T*G, V], one-hot (straight-through in training)
    if (is_training()) {
        probs = F::gumbel_softmax(flat, F::GumbelSoftmaxFuncOptions().tau(temperature).hard(true).dim(-1));
        out.indices = probs.argmax(-1).reshape({B, T, groups});
    } else {
        const torch::Tensor idx = flat.argmax(-1);
        probs = torch::zeros_like(flat).scatter_(-1, idx.unsqueeze(-1), 1.0);
        out.indices = idx.reshape({B, T, groups});
    }
    {
        const torch::Tensor soft = torch::softmax(flat, -1).reshape({B * T, groups, entries});
        out.probPerplexity = perplexity(soft, mask);
        out.codePerplexity = perplexity(probs.detach().reshape({B * T, groups, entries}), mask);
    }
    // Selected codewords, per group: probs [G, B*T, V] @ codevectors [G, V, D/G]. The same
    // sum over entries as transformers' broadcast product [B*T, G*V, D/G] summed over V, but
    // a batched matmul instead of materialising that tensor (260 MB for the base model at
    // batch 4 x 4 s) and its gradient; every term but the chosen one is exactly zero, so
    // the result is the same.
    const torch::Tensor p = probs.to(codevectors.scalar_type()).reshape({B * T, groups, entries}).transpose(0, 1);
    const torch::Tensor cv = codevectors.reshape({groups, entries, -1});
    out.quantized = torch::bmm(p, cv).transpose(0, 1).reshape({B, T, -1});
    return out;
}

// ---------------------------------------------------------------------------------------
// Heads

Wav2Vec2ForPreTrainingImpl::Wav2Vec2ForPreTrainingImpl(const Wav2Vec2Config &config)
{
    wav2vec2 = register_module("wav2vec2", Wav2Vec2Model(config));
    quantizer = register_module("quantizer", Wav2Vec2Quantizer(config));
    project_hid = register_module("project_hid", torch::nn::Linear(config.hiddenSize, config.projCodevectorDim));
    project_q = register_module("project_q", torch::nn::Linear(config.codevectorDim, config.projCodevectorDim));
}

PreTrainingOutput Wav2Vec2ForPreTrainingImpl::forward(const torch::Tensor &inputValues, const torch::Tensor &attentionMask,
                                                      const torch::Tensor &maskTimeIndices,
                                                      const torch::Tensor &sampledNegativeIndices, bool outputHiddenStates)
{
    const Wav2Vec2Config &c = wav2vec2->config();
    PreTrainingOutput out;
    out.encoder = wav2vec2->forward(inputValues, attentionMask, maskTimeIndices, outputHiddenStates);
    out.projectedStates = project_hid(out.encoder.lastHiddenState);
    torch::Tensor features = F::dropout(out.encoder.extractFeatures,
                                        F::DropoutFuncOptions().p(c.featQuantizerDropout).training(is_training()));
    out.quantizer = quantizer->forward(features, maskTimeIndices.defined() ? maskTimeIndices.to(torch::kBool) : torch::Tensor());
    out.projectedQuantizedStates = project_q(out.quantizer.quantized);

    if (!maskTimeIndices.defined() || !sampledNegativeIndices.defined())
        return out;
    const auto B = out.projectedStates.size(0), T = out.projectedStates.size(1), P = out.projectedStates.size(2);
    const auto K = sampledNegativeIndices.size(2);
    const torch::Tensor negIndex = sampledNegativeIndices.reshape({B * T, K}).to(torch::kInt64);
    // Cosine similarity in float32 as torch's cosine_similarity computes it (each side
    // divided by its norm clamped to eps, then the dot product), scaled by the logits
    // temperature. transformers materialises the 1 + K targets [1+K, B, T, P]; here the
    // normalised vectors are multiplied once: per utterance [T, T] similarities when every
    // negative comes from its own utterance (as sampleNegatives() draws them), gathered at
    // the negatives' positions; otherwise the negatives are gathered [B*T, K, P] first.
    const auto acc = accumulationType(out.projectedStates);
    auto normalised = [](const torch::Tensor &x) {
        torch::Tensor norm = x.norm(2, {-1}, /*keepdim=*/true).clone();
        {
            torch::NoGradGuard noGrad;
            norm.clamp_min_(1e-8);
        }
        return x / norm;
    };
    const torch::Tensor h = normalised(out.projectedStates.to(acc).reshape({B * T, P}));           // [B*T, P]
    const torch::Tensor q = normalised(out.projectedQuantizedStates.to(acc).reshape({B * T, P})); // [B*T, P]
    const torch::Tensor positive = (h * q).sum(-1, /*keepdim=*/true);                          // [B*T, 1]
    torch::Tensor negative;                                                                     // [B*T, K]
    const torch::Tensor mask = maskTimeIndices.to(torch::kBool);
    // Only masked frames enter the loss; the others may hold any index (padding: 0).
    const torch::Tensor utterance = torch::arange(B * T, negIndex.options()).div(T, "floor").unsqueeze(1);
    if (negIndex.div(T, "floor").eq(utterance).logical_or(mask.reshape({B * T, 1}).logical_not()).all().item<bool>()) {
        const torch::Tensor sim = torch::bmm(h.view({B, T, P}), q.view({B, T, P}).transpose(1, 2)); // [B, T, T]
        negative = sim.reshape({B * T, T}).gather(1, (negIndex - utterance * T).clamp(0, T - 1));
    } else {
        const torch::Tensor targets = q.index_select(0, negIndex.reshape({-1})).view({B * T, K, P});
        negative = torch::bmm(targets, h.unsqueeze(-1)).squeeze(-1);
    }
    torch::Tensor logits = torch::cat({positive, negative}, 1) / c.contrastiveLogitsTemperature; // [B*T, 1+K]
    // A distractor with the positive's code (all groups) cannot be told apart: exclude it.
    // (transformers compares the projected codewords themselves; equal codes give equal ones.)
    const torch::Tensor codes = out.quantizer.indices.reshape({B * T, 1, -1});
    const torch::Tensor negIsPos = codes.eq(out.quantizer.indices.reshape({B * T, -1}).index_select(0, negIndex.reshape({-1}))
                                                .view({B * T, K, -1}))
                                       .all(-1); // [B*T, K]
    if (negIsPos.any().item<bool>())
        logits = logits.masked_fill(torch::cat({torch::zeros_like(negIsPos.slice(1, 0, 1)), negIsPos}, 1),
                                    -std::numeric_limits<float>::infinity());
    const torch::Tensor target = (1 - mask.to(torch::kInt64)).mul(-100).flatten(); // [B*T]: 0 = the positive
    const torch::Tensor &flatLogits = logits;
    out.contrastiveLoss = F::cross_entropy(flatLogits, target,
                                           F::CrossEntropyFuncOptions().reduction(torch::kSum).ignore_index(-100));
    const double numCodevectors = double(c.numCodevectorGroups * c.numCodevectorsPerGroup);
    const torch::Tensor ppl = is_training() ? out.quantizer.probPerplexity : out.quantizer.codePerplexity;
    out.diversityLoss = ((numCodevectors - ppl) / numCodevectors) * mask.sum();
    out.loss = out.contrastiveLoss + c.diversityLossWeight * out.diversityLoss;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor valid = target.ne(-100);
        const torch::Tensor correct = flatLogits.argmax(-1).eq(0).logical_and(valid);
        out.contrastiveAccuracy = correct.sum().to(torch::kFloat32) / valid.sum().clamp_min(1).to(torch::kFloat32);
    }
    return out;
}

Wav2Vec2ForCTCImpl::Wav2Vec2ForCTCImpl(const Wav2Vec2Config &config)
{
    wav2vec2 = register_module("wav2vec2", Wav2Vec2Model(config));
    const int width = config.addAdapter && config.outputHiddenSize ? *config.outputHiddenSize : config.hiddenSize;
    lm_head = register_module("lm_head", torch::nn::Linear(width, config.vocabSize));
}

CtcOutput Wav2Vec2ForCTCImpl::forward(const torch::Tensor &inputValues, const torch::Tensor &attentionMask,
                                      const torch::Tensor &labels, bool outputHiddenStates)
{
    const Wav2Vec2Config &c = wav2vec2->config();
    CtcOutput out;
    out.encoder = wav2vec2->forward(inputValues, attentionMask, {}, outputHiddenStates);
    const torch::Tensor hidden = F::dropout(out.encoder.lastHiddenState,
                                            F::DropoutFuncOptions().p(c.finalDropout).training(is_training()));
    out.logits = lm_head(hidden);
    const torch::Tensor sampleLengths = attentionMask.defined()
                                            ? attentionMask.sum(-1).to(torch::kInt64)
                                            : torch::full({inputValues.size(0)}, inputValues.size(1),
                                                          torch::TensorOptions().dtype(torch::kInt64).device(inputValues.device()));
    out.outputLengths = wav2vec2->outputLengths(sampleLengths);
    if (!labels.defined())
        return out;
    if (labels.max().item<std::int64_t>() >= c.vocabSize)
        throw Error("CTC labels must be below vocab_size (" + std::to_string(c.vocabSize) + ")");
    const torch::Tensor valid = labels.ge(0);
    const torch::Tensor targetLengths = valid.sum(-1);
    const torch::Tensor targets = labels.masked_select(valid);
    const torch::Tensor logProbs = torch::log_softmax(out.logits.to(accumulationType(out.logits)), -1).transpose(0, 1);
    const auto reduction = c.ctcLossReduction == "mean" ? at::Reduction::Mean : at::Reduction::Sum;
    out.loss = torch::ctc_loss(logProbs, targets, out.outputLengths, targetLengths, c.padTokenId, reduction,
                               c.ctcZeroInfinity);
    return out;
}

// ---------------------------------------------------------------------------------------
// Masks and negatives

torch::Tensor computeMaskIndices(std::int64_t batch, std::int64_t frames, double prob, int spanLength, int minMasks,
                                 const torch::Tensor &lengths, c10::optional<torch::Generator> generator)
{
    if (spanLength < 1)
        throw Error("mask length must be at least 1");
    if (spanLength > frames)
        throw Error("mask length (" + std::to_string(spanLength) + ") is longer than the sequence (" +
                    std::to_string(frames) + " frames)");
    torch::Tensor mask = torch::zeros({batch, frames}, torch::kBool);
    // One random offset per call, as transformers draws it, so that the expected number of
    // spans equals prob * length / spanLength.
    const double epsilon = torch::rand({1}, generator).item<double>();
    auto numSpans = [&](std::int64_t length) {
        std::int64_t n = std::int64_t(prob * double(length) / spanLength + epsilon);
        n = std::max<std::int64_t>(n, minMasks);
        if (n * spanLength > frames)
            n = frames / spanLength;
        if (length - (spanLength - 1) < n)
            n = std::max<std::int64_t>(length - (spanLength - 1), 0);
        return n;
    };
    if (numSpans(frames) == 0)
        return mask;
    const torch::Tensor cpuLengths = lengths.defined() ? lengths.to(torch::kCPU).to(torch::kInt64) : torch::Tensor();
    auto acc = mask.accessor<bool, 2>();
    for (std::int64_t b = 0; b < batch; ++b) {
        const std::int64_t length = cpuLengths.defined() ? cpuLengths[b].item<std::int64_t>() : frames;
        const std::int64_t n = numSpans(length);
        const std::int64_t candidates = length - (spanLength - 1);
        if (n <= 0 || candidates <= 0)
            continue;
        const torch::Tensor starts = torch::randperm(candidates, generator, torch::kInt64).slice(0, 0, n);
        for (std::int64_t i = 0; i < n; ++i) {
            const std::int64_t s = starts[i].item<std::int64_t>();
            for (std::int64_t k = s; k < std::min(s + spanLength, frames); ++k)
                acc[b][k] = true;
        }
    }
    return mask;
}

torch::Tensor sampleNegatives(std::int64_t batch, std::int64_t frames, int numNegatives, const torch::Tensor &frameMask,
                              c10::optional<torch::Generator> generator)
{
    torch::Tensor out = torch::zeros({batch, frames, numNegatives}, torch::kInt64);
    const torch::Tensor mask = frameMask.defined() ? frameMask.to(torch::kCPU).to(torch::kBool)
                                                   : torch::ones({batch, frames}, torch::kBool);
    for (std::int64_t b = 0; b < batch; ++b) {
        const torch::Tensor valid = mask[b].nonzero().reshape({-1}); // frame positions usable
        const std::int64_t n = valid.size(0);
        if (n < 2)
            continue; // nothing to contrast against
        // For each valid frame i, draw from [0, n-1) and skip i itself.
        torch::Tensor draws = torch::randint(0, n - 1, {n, numNegatives}, generator, torch::kInt64);
        const torch::Tensor self = torch::arange(n, torch::kInt64).unsqueeze(1);
        draws = draws + draws.ge(self).to(torch::kInt64);
        const torch::Tensor mapped = valid.index({draws}) + b * frames; // [n, K]
        out[b].index_put_({valid}, mapped);
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// Checkpoints

Wav2Vec2Architecture architectureOf(const Wav2Vec2Config &config)
{
    const auto it = config.extra.find("architectures");
    if (it != config.extra.end() && it->is_array() && !it->empty() && (*it)[0].is_string()) {
        const std::string a = (*it)[0].get<std::string>();
        if (a == "Wav2Vec2ForPreTraining")
            return Wav2Vec2Architecture::PreTraining;
        if (a == "Wav2Vec2ForCTC")
            return Wav2Vec2Architecture::CTC;
        if (a == "Wav2Vec2Model")
            return Wav2Vec2Architecture::Model;
        throw Error("architecture '" + a + "' is not supported (Wav2Vec2ForPreTraining, Wav2Vec2ForCTC, Wav2Vec2Model are)");
    }
    return Wav2Vec2Architecture::PreTraining;
}

std::string toString(Wav2Vec2Architecture a)
{
    switch (a) {
    case Wav2Vec2Architecture::Model:
        return "Wav2Vec2Model";
    case Wav2Vec2Architecture::PreTraining:
        return "Wav2Vec2ForPreTraining";
    case Wav2Vec2Architecture::CTC:
        return "Wav2Vec2ForCTC";
    }
    return "?";
}

namespace {

std::string canonicalName(std::string name, LoadReport &report)
{
    static const std::pair<const char *, const char *> kAliases[] = {
        {"parametrizations.weight.original0", "weight_g"},
        {"parametrizations.weight.original1", "weight_v"},
    };
    for (const auto &[from, to] : kAliases) {
        const std::size_t pos = name.find(from);
        if (pos != std::string::npos) {
            const std::string before = name;
            name.replace(pos, std::string(from).size(), to);
            report.renamed.push_back(before + " -> " + name);
        }
    }
    return name;
}

} // namespace

LoadReport loadParameters(torch::nn::Module &module, const fs::path &checkpoint)
{
    SafeTensorsCheckpoint ckpt(checkpoint);
    LoadReport report;
    auto params = module.named_parameters(/*recurse=*/true);
    bool moduleHasPrefix = false;
    for (const auto &p : params)
        moduleHasPrefix = moduleHasPrefix || p.key().rfind("wav2vec2.", 0) == 0;
    bool ckptHasPrefix = false;
    for (const std::string &n : ckpt.names())
        ckptHasPrefix = ckptHasPrefix || n.rfind("wav2vec2.", 0) == 0;

    std::map<std::string, std::string> byModuleName; // module name -> checkpoint name
    for (const std::string &n : ckpt.names()) {
        std::string name = canonicalName(n, report);
        if (moduleHasPrefix && !ckptHasPrefix)
            name = "wav2vec2." + name; // base-model checkpoint into a model with a head
        else if (!moduleHasPrefix && ckptHasPrefix) {
            if (name.rfind("wav2vec2.", 0) != 0) {
                report.unexpected.push_back(n); // a head the bare model does not have
                continue;
            }
            name = name.substr(9);
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

void saveModelFolder(torch::nn::Module &module, const Wav2Vec2Config &config, const fs::path &dir)
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

void initialiseWeights(torch::nn::Module &root, const Wav2Vec2Config &c)
{
    torch::NoGradGuard noGrad;
    for (const auto &item : root.named_modules("", /*include_self=*/true)) {
        torch::nn::Module *m = item.value().get();
        if (auto *q = dynamic_cast<Wav2Vec2QuantizerImpl *>(m)) {
            q->weight_proj->weight.normal_(0.0, 1.0);
            q->weight_proj->bias.zero_();
            q->codevectors.uniform_();
        } else if (auto *pos = dynamic_cast<WeightNormConvImpl *>(m)) {
            const double fanIn = double(pos->weight_v.size(1) * pos->weight_v.size(2));
            pos->weight_v.normal_(0.0, 2.0 * std::sqrt(1.0 / fanIn));
            pos->weight_g.copy_(pos->weight_v.pow(2).sum(std::vector<std::int64_t>{0, 1}, true).sqrt());
            pos->bias.zero_();
        } else if (auto *proj = dynamic_cast<Wav2Vec2FeatureProjectionImpl *>(m)) {
            const double k = std::sqrt(1.0 / double(proj->projection->weight.size(1)));
            proj->projection->weight.uniform_(-k, k);
            proj->projection->bias.uniform_(-k, k);
        } else if (auto *conv = dynamic_cast<torch::nn::Conv1dImpl *>(m)) {
            torch::nn::init::kaiming_normal_(conv->weight);
            if (conv->bias.defined()) {
                const double k = std::sqrt(double(conv->options.groups()) /
                                           double(conv->weight.size(1) * conv->options.groups() * conv->weight.size(2)));
                conv->bias.uniform_(-k, k);
            }
        } else if (auto *ln = dynamic_cast<torch::nn::LayerNormImpl *>(m)) {
            ln->weight.fill_(1.0);
            ln->bias.zero_();
        } else if (auto *gn = dynamic_cast<torch::nn::GroupNormImpl *>(m)) {
            gn->weight.fill_(1.0);
            gn->bias.zero_();
        } else if (auto *pt = dynamic_cast<Wav2Vec2ForPreTrainingImpl *>(m)) {
            // transformers re-initialises these two with PyTorch's default Linear init.
            pt->project_hid->reset_parameters();
            pt->project_q->reset_parameters();
        }
    }
    // Plain Linear layers (attention, feed-forward, lm_head): normal(0, initializer_range).
    // Done after the loop so the special cases above are not overwritten.
    for (const auto &item : root.named_modules("", true)) {
        const std::string &name = item.key();
        auto *lin = dynamic_cast<torch::nn::LinearImpl *>(item.value().get());
        if (!lin || name.find("weight_proj") != std::string::npos || name.find("feature_projection") != std::string::npos ||
            name == "project_hid" || name == "project_q")
            continue;
        lin->weight.normal_(0.0, c.initializerRange);
        lin->bias.zero_();
    }
    for (const auto &p : root.named_parameters(true))
        if (p.key().size() >= 17 && p.key().compare(p.key().size() - 17, 17, "masked_spec_embed") == 0)
            p.value().uniform_();
}

Wav2Vec2ModelImpl &LoadedWav2Vec2::encoder() const
{
    switch (architecture) {
    case Wav2Vec2Architecture::Model:
        return *std::static_pointer_cast<Wav2Vec2ModelImpl>(module);
    case Wav2Vec2Architecture::PreTraining:
        return *std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(module)->wav2vec2;
    case Wav2Vec2Architecture::CTC:
        return *std::static_pointer_cast<Wav2Vec2ForCTCImpl>(module)->wav2vec2;
    }
    throw Error("unknown architecture");
}

std::map<std::string, torch::Tensor> LoadedWav2Vec2::run(const torch::Tensor &inputValues,
                                                         const torch::Tensor &attentionMask) const
{
    torch::NoGradGuard noGrad;
    module->eval();
    std::map<std::string, torch::Tensor> out;
    auto addEncoder = [&](const Wav2Vec2Output &e) {
        out["feature_encoder_output"] = e.featureEncoderOutput;
        out["extract_features"] = e.extractFeatures;
        out["last_hidden_state"] = e.lastHiddenState;
        for (std::size_t i = 0; i < e.hiddenStates.size(); ++i)
            out["hidden_states." + std::to_string(i)] = e.hiddenStates[i];
    };
    switch (architecture) {
    case Wav2Vec2Architecture::Model:
        addEncoder(std::static_pointer_cast<Wav2Vec2ModelImpl>(module)->forward(inputValues, attentionMask, {}, true));
        break;
    case Wav2Vec2Architecture::PreTraining: {
        const PreTrainingOutput r = std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(module)->forward(
            inputValues, attentionMask, {}, {}, true);
        addEncoder(r.encoder);
        out["codevector_logits"] = r.quantizer.logits;
        out["codevector_idx"] = r.quantizer.indices;
        out["quantized_features"] = r.quantizer.quantized;
        out["projected_states"] = r.projectedStates;
        out["projected_quantized_states"] = r.projectedQuantizedStates;
        out["codevector_perplexity"] = r.quantizer.codePerplexity.reshape({1});
        break;
    }
    case Wav2Vec2Architecture::CTC: {
        const CtcOutput r = std::static_pointer_cast<Wav2Vec2ForCTCImpl>(module)->forward(inputValues, attentionMask, {}, true);
        addEncoder(r.encoder);
        out["logits"] = r.logits;
        break;
    }
    }
    return out;
}

LoadedWav2Vec2 createWav2Vec2(const Wav2Vec2Config &config, Wav2Vec2Architecture architecture)
{
    LoadedWav2Vec2 m;
    m.config = config;
    m.architecture = architecture;
    m.config.extra["architectures"] = {toString(architecture)};
    m.config.extra["model_type"] = "wav2vec2";
    switch (architecture) {
    case Wav2Vec2Architecture::Model:
        m.module = std::make_shared<Wav2Vec2ModelImpl>(config);
        break;
    case Wav2Vec2Architecture::PreTraining:
        m.module = std::make_shared<Wav2Vec2ForPreTrainingImpl>(config);
        break;
    case Wav2Vec2Architecture::CTC:
        m.module = std::make_shared<Wav2Vec2ForCTCImpl>(config);
        break;
    }
    initialiseWeights(*m.module, config);
    return m;
}

LoadedWav2Vec2 loadWav2Vec2(const fs::path &dir, bool allowPartial)
{
    const Wav2Vec2Config config = Wav2Vec2Config::load(dir);
    LoadedWav2Vec2 m = createWav2Vec2(config, architectureOf(config));
    m.config = config;
    m.report = loadParameters(*m.module, fs::is_directory(dir) ? dir : dir.parent_path());
    if (!allowPartial && (!m.report.missing.empty() || !m.report.unexpected.empty())) {
        std::string msg = "the weights do not match the " + toString(m.architecture) + " described by config.json:";
        for (const auto &n : m.report.missing)
            msg += "\n  missing: " + n;
        for (const auto &n : m.report.unexpected)
            msg += "\n  unexpected: " + n;
        throw Error(dir.string(), msg);
    }
    return m;
}

std::int64_t parameterCount(torch::nn::Module &module)
{
    std::int64_t n = 0;
    for (const auto &p : module.parameters(true))
        n += p.numel();
    return n;
}

double pretrainingForwardFlops(const Wav2Vec2Config &c, std::int64_t batch, std::int64_t samples)
{
    const double B = double(batch);
    double flops = 0;
    std::int64_t t = samples;
    int in = 1;
    for (int i = 0; i < c.numFeatExtractLayers(); ++i) {
        const auto k = c.convKernel[std::size_t(i)], s = c.convStride[std::size_t(i)], out = c.convDim[std::size_t(i)];
        t = t >= k ? (t - k) / s + 1 : 0;
        flops += 2.0 * B * double(in) * double(out) * double(k) * double(t);
        in = out;
    }
    const double F = double(t), C = double(in), H = double(c.hiddenSize), I = double(c.intermediateSize);
    const double P = double(c.projCodevectorDim), D = double(c.codevectorDim);
    const double G = double(c.numCodevectorGroups), V = double(c.numCodevectorsPerGroup);
    flops += 2.0 * B * F * C * H;                                                          // feature projection
    flops += 2.0 * B * F * H * (H / c.numConvPosEmbeddingGroups) * c.numConvPosEmbeddings; // positional conv
    flops += double(c.numHiddenLayers) * (2.0 * B * F * (4.0 * H * H + 2.0 * H * I)     // q, k, v, out, FFN
                                          + 4.0 * B * F * F * H);                          // scores, weighted sum
    flops += 2.0 * B * F * C * G * V + 2.0 * B * F * V * D;                                // code logits, selection
    flops += 2.0 * B * F * H * P + 2.0 * B * F * D * P;                                    // project_hid, project_q
    flops += 6.0 * B * F * P * double(1 + c.numNegatives);                                 // cosine logits
    return flops;
}

} // namespace fieldbench
