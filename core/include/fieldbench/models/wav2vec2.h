#pragma once

// wav2vec 2.0 / XLSR in LibTorch: the same function and the same parameter names as
// Hugging Face transformers' Wav2Vec2Model, Wav2Vec2ForPreTraining and Wav2Vec2ForCTC, so
// public checkpoints (XLSR-53, XLS-R, wav2vec2-base...) load without conversion and
// saved models load back into transformers.
//
// Module tree and names follow transformers 4.x exactly:
//   wav2vec2.masked_spec_embed
//   wav2vec2.feature_extractor.conv_layers.N.{conv,layer_norm}
//   wav2vec2.feature_projection.{layer_norm,projection}
//   wav2vec2.encoder.pos_conv_embed.conv.{weight_g,weight_v,bias}
//   wav2vec2.encoder.{layer_norm,layers.N.{attention.{q,k,v,out}_proj,layer_norm,
//                     feed_forward.{intermediate_dense,output_dense},final_layer_norm}}
//   quantizer.{codevectors,weight_proj}, project_hid, project_q   (pre-training)
//   lm_head                                                        (CTC)

#include "fieldbench/io/wav2vec2config.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

class Wav2Vec2FeatureEncoderImpl;
class Wav2Vec2FeatureProjectionImpl;
class Wav2Vec2EncoderImpl;

// Outputs of the shared encoder. Shapes: B batch, F frames, C conv channels, H hidden.
struct Wav2Vec2Output
{
    torch::Tensor featureEncoderOutput;     // [B, C, F] conv stack output
    torch::Tensor extractFeatures;          // [B, F, C] after the projection's layer norm
    torch::Tensor lastHiddenState;          // [B, F, H]
    std::vector<torch::Tensor> hiddenStates; // layers + 1 entries, only when requested
    torch::Tensor frameMask;                // [B, F] bool, true on real (unpadded) frames;
                                            // undefined when no attention mask was given
};

struct QuantizerOutput
{
    torch::Tensor quantized;        // [B, F, codevector_dim] selected codewords, concatenated
    torch::Tensor logits;           // [B, F, G*V] weight_proj output
    torch::Tensor indices;          // [B, F, G] int64 argmax per group (the hard choice)
    torch::Tensor codePerplexity;   // [] perplexity of the hard codes, summed over groups
    torch::Tensor probPerplexity;   // [] perplexity of the softmax distribution, summed
};

// The encoder: feature encoder, projection, SpecAugment masking, transformer.
class Wav2Vec2ModelImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2ModelImpl(const Wav2Vec2Config &config);

    // inputValues: [B, T] float at 16 kHz. attentionMask: [B, T] (1 = sample, 0 = padding)
    // or undefined. maskTimeIndices: [B, F] bool frames to replace by masked_spec_embed
    // (pre-training), or undefined: then, in training mode, SpecAugment draws them with
    // the config's probabilities (ctc fine-tuning).
    Wav2Vec2Output forward(const torch::Tensor &inputValues, const torch::Tensor &attentionMask = {},
                           const torch::Tensor &maskTimeIndices = {}, bool outputHiddenStates = false);

    // Frames per input length, by the conv arithmetic. lengths: int64 [B].
    torch::Tensor outputLengths(const torch::Tensor &lengths) const;
    // Frame mask [B, F] (true = real) from a sample-level attention mask [B, T].
    torch::Tensor frameMask(std::int64_t frames, const torch::Tensor &attentionMask) const;

    const Wav2Vec2Config &config() const { return m_config; }
    // Feature-encoder freezing (fine-tuning): no gradients through the conv stack.
    void freezeFeatureEncoder(bool frozen = true);

private:
    torch::Tensor maskHiddenStates(torch::Tensor hidden, const torch::Tensor &maskTimeIndices,
                                   const torch::Tensor &frameMask);

    Wav2Vec2Config m_config;
    torch::Tensor m_maskedSpecEmbed; // "masked_spec_embed" [H]
    std::shared_ptr<Wav2Vec2FeatureEncoderImpl> m_featureExtractor;
    std::shared_ptr<Wav2Vec2FeatureProjectionImpl> m_featureProjection;
    std::shared_ptr<Wav2Vec2EncoderImpl> m_encoder;
};
TORCH_MODULE(Wav2Vec2Model);

// Gumbel product quantizer (G groups x V entries).
class Wav2Vec2QuantizerImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2QuantizerImpl(const Wav2Vec2Config &config);
    // features: [B, F, C] extract_features. In training mode codes are drawn with the
    // straight-through Gumbel softmax at `temperature`; in eval mode the argmax is taken.
    // frameMask [B, F] (optional) restricts the perplexities to those frames.
    QuantizerOutput forward(const torch::Tensor &features, const torch::Tensor &frameMask = {});
    double temperature = 2.0; // Gumbel temperature (annealed by the trainer)

    torch::Tensor codevectors;             // [1, G*V, codevector_dim / G]
    torch::nn::Linear weight_proj{nullptr};
    int groups = 2;
    int entries = 320;
};
TORCH_MODULE(Wav2Vec2Quantizer);

struct PreTrainingOutput
{
    Wav2Vec2Output encoder;
    QuantizerOutput quantizer;
    torch::Tensor projectedStates;          // [B, F, P] project_hid(last_hidden_state)
    torch::Tensor projectedQuantizedStates; // [B, F, P] project_q(quantized)
    // Losses, only when maskTimeIndices and negatives were given:
    torch::Tensor loss;             // contrastive + diversity_loss_weight * diversity
    torch::Tensor contrastiveLoss;  // summed over masked frames
    torch::Tensor diversityLoss;    // ((G*V - perplexity) / (G*V)) * masked frames
    torch::Tensor contrastiveAccuracy; // share of masked frames whose positive scores highest
};

class Wav2Vec2ForPreTrainingImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2ForPreTrainingImpl(const Wav2Vec2Config &config);
    // sampledNegativeIndices: [B, F, K] int64 indices into the flattened [B*F] frames
    // (see sampleNegatives()).
    PreTrainingOutput forward(const torch::Tensor &inputValues, const torch::Tensor &attentionMask = {},
                              const torch::Tensor &maskTimeIndices = {},
                              const torch::Tensor &sampledNegativeIndices = {}, bool outputHiddenStates = false);

    Wav2Vec2Model wav2vec2{nullptr};
    Wav2Vec2Quantizer quantizer{nullptr};
    torch::nn::Linear project_hid{nullptr};
    torch::nn::Linear project_q{nullptr};
};
TORCH_MODULE(Wav2Vec2ForPreTraining);

struct CtcOutput
{
    Wav2Vec2Output encoder;
    torch::Tensor logits;       // [B, F, vocab]
    torch::Tensor outputLengths; // [B] int64 valid frames
    torch::Tensor loss;         // when labels were given
};

class Wav2Vec2ForCTCImpl : public torch::nn::Module
{
public:
    explicit Wav2Vec2ForCTCImpl(const Wav2Vec2Config &config);
    // labels: [B, L] int64, -100 (or any negative) = padding. Loss as transformers: CTC on
    // float32 log-softmax, blank = pad_token_id, reduction and zero_infinity from config.
    CtcOutput forward(const torch::Tensor &inputValues, const torch::Tensor &attentionMask = {},
                      const torch::Tensor &labels = {}, bool outputHiddenStates = false);

    Wav2Vec2Model wav2vec2{nullptr};
    torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(Wav2Vec2ForCTC);

// SpecAugment span masks with transformers' _compute_mask_indices semantics: for each
// sequence, num spans = max(minMasks, int(prob * len / spanLength + U[0,1))), capped so the
// spans fit; span starts drawn without replacement; padded frames never masked when
// `lengths` is given. Returns [B, F] bool. Deterministic for a given generator.
torch::Tensor computeMaskIndices(std::int64_t batch, std::int64_t frames, double prob, int spanLength,
                                 int minMasks, const torch::Tensor &lengths = {},
                                 c10::optional<torch::Generator> generator = c10::nullopt);

// Negative sampling as transformers' _sample_negative_indices: for each frame, K indices of
// other frames of the same utterance, drawn uniformly from its unpadded frames, never the
// frame itself. Returns [B, F, K] int64 indices into the flattened [B*F] frames.
torch::Tensor sampleNegatives(std::int64_t batch, std::int64_t frames, int numNegatives,
                              const torch::Tensor &frameMask = {},
                              c10::optional<torch::Generator> generator = c10::nullopt);

// Architectures a checkpoint folder can hold.
enum class Wav2Vec2Architecture { Model, PreTraining, CTC };
Wav2Vec2Architecture architectureOf(const Wav2Vec2Config &config); // from "architectures"
std::string toString(Wav2Vec2Architecture a);

// What loadParameters() did with the checkpoint's tensors.
struct LoadReport
{
    std::vector<std::string> missing;     // parameters not in the checkpoint (kept at init)
    std::vector<std::string> unexpected;  // checkpoint tensors the module has no place for
    std::vector<std::string> renamed;     // e.g. parametrizations.weight.original0 -> weight_g
};

// Copies a checkpoint (file or folder, sharded or not) into `module`'s parameters by name.
// Accepts HF's two weight-norm namings and checkpoints of the base model (no "wav2vec2."
// prefix). Shape mismatches throw Error naming the tensor; missing/unexpected names are
// returned (the caller decides; e.g. lm_head may be missing when fine-tuning starts).
LoadReport loadParameters(torch::nn::Module &module, const std::filesystem::path &checkpoint);

// Writes config.json + model.safetensors (metadata {"format": "pt"}), as save_pretrained.
void saveModelFolder(torch::nn::Module &module, const Wav2Vec2Config &config,
                     const std::filesystem::path &dir);

// transformers' _init_weights for every submodule (deterministic given torch::manual_seed).
void initialiseWeights(torch::nn::Module &module, const Wav2Vec2Config &config);

std::int64_t parameterCount(torch::nn::Module &module);

// Floating-point operations (2 per multiply-add) of one Wav2Vec2ForPreTraining forward pass
// over `batch` utterances of `samples` samples: convolutions, linear layers, attention
// scores and weighted sums, code selection, cosine logits over 1 + num_negatives targets;
// element-wise ops are not counted. A training step (forward + backward) is about 3x this.
// Used for model-FLOPs utilisation (MFU) in `fieldbench-cli bench train`.
double pretrainingForwardFlops(const Wav2Vec2Config &config, std::int64_t batch, std::int64_t samples);

// A model folder loaded with the head its config.json names.
struct LoadedWav2Vec2
{
    Wav2Vec2Config config;
    Wav2Vec2Architecture architecture = Wav2Vec2Architecture::PreTraining;
    std::shared_ptr<torch::nn::Module> module; // Wav2Vec2ModelImpl / ...ForPreTrainingImpl / ...ForCTCImpl
    LoadReport report;

    Wav2Vec2ModelImpl &encoder() const;

    // Eval-mode forward without masking, outputs named as in `fieldbench-cli model run`
    // and the Hugging Face fixtures: feature_encoder_output, extract_features,
    // hidden_states.N, last_hidden_state; pre-training: codevector_logits, codevector_idx,
    // quantized_features, projected_states, projected_quantized_states,
    // codevector_perplexity; CTC: logits.
    std::map<std::string, torch::Tensor> run(const torch::Tensor &inputValues,
                                             const torch::Tensor &attentionMask = {}) const;
};

// Reads config.json and the weights (model.safetensors, sharded or not) of a folder.
// Missing or unexpected tensors are an Error unless `allowPartial` (then see report).
LoadedWav2Vec2 loadWav2Vec2(const std::filesystem::path &dir, bool allowPartial = false);

// A fresh model of the given architecture with transformers' initialisation.
LoadedWav2Vec2 createWav2Vec2(const Wav2Vec2Config &config, Wav2Vec2Architecture architecture);

} // namespace fieldbench
