#pragma once

// XLM-R / RoBERTa in LibTorch with the same function and parameter names as Hugging Face
// transformers' XLMRobertaModel, XLMRobertaForMaskedLM, XLMRobertaForTokenClassification
// and XLMRobertaForSequenceClassification, so public checkpoints (xlm-roberta-base/-large)
// load without conversion and saved folders load back into transformers.
//
//   roberta.embeddings.{word_embeddings,position_embeddings,token_type_embeddings,LayerNorm}
//   roberta.encoder.layer.N.attention.self.{query,key,value}
//   roberta.encoder.layer.N.attention.output.{dense,LayerNorm}
//   roberta.encoder.layer.N.{intermediate.dense,output.dense,output.LayerNorm}
//   roberta.pooler.dense                              (XLMRobertaModel only)
//   lm_head.{dense,layer_norm,bias}; lm_head.decoder is tied to word_embeddings (its weight
//   IS the embedding matrix, its bias IS lm_head.bias), so neither is a parameter here
//   classifier                                        (token classification)
//   classifier.{dense,out_proj}                       (sequence classification)
//
// Position ids come from the input ids (pad_token_id + 1 + running count of non-pad tokens;
// pads get pad_token_id), as transformers' create_position_ids_from_input_ids, not from the
// attention mask. The `position_ids` buffer of HF checkpoints is ignored on load.

#include "fieldbench/io/xlmrconfig.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

class XlmrTokenizer;
class XlmrEmbeddingsImpl;
class XlmrEncoderImpl;

struct XlmrOutput
{
    torch::Tensor lastHiddenState;           // [B, T, H]
    std::vector<torch::Tensor> hiddenStates; // layers + 1 (embeddings first), only when requested
    torch::Tensor pooled;                    // [B, H] tanh(dense(<s>)), XLMRobertaModel with a pooler only
};

// transformers' create_position_ids_from_input_ids (past length 0).
torch::Tensor xlmrPositionIds(const torch::Tensor &inputIds, std::int64_t padTokenId);

class XlmrModelImpl : public torch::nn::Module
{
public:
    explicit XlmrModelImpl(const XlmrConfig &config, bool addPoolingLayer = true);
    // inputIds [B, T] int64; attentionMask [B, T] (1 = token, 0 = padding) or undefined
    // (then all ones, as transformers); tokenTypeIds [B, T] or undefined (zeros).
    XlmrOutput forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                       bool outputHiddenStates = false, const torch::Tensor &tokenTypeIds = {});

    const XlmrConfig &config() const { return m_config; }
    torch::nn::Embedding &wordEmbeddings();

    std::shared_ptr<XlmrEmbeddingsImpl> embeddings;
    std::shared_ptr<XlmrEncoderImpl> encoder;
    torch::nn::Linear poolerDense{nullptr}; // "pooler.dense"; null without a pooler

private:
    XlmrConfig m_config;
};
TORCH_MODULE(XlmrModel);

class XlmrLMHeadImpl : public torch::nn::Module
{
public:
    explicit XlmrLMHeadImpl(const XlmrConfig &config);
    // features [..., H] -> logits [..., V]; decoderWeight = the word embeddings [V, H].
    torch::Tensor forward(const torch::Tensor &features, const torch::Tensor &decoderWeight);

    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm layer_norm{nullptr};
    torch::Tensor bias; // [V], also the decoder's bias

private:
    std::string m_act;
};
TORCH_MODULE(XlmrLMHead);

struct MaskedLMOutput
{
    XlmrOutput encoder;
    torch::Tensor logits;        // [B, T, V]; only when computeAllLogits (or no labels)
    torch::Tensor maskedLogits;  // [M, V] at the M positions with a label (labels given)
    torch::Tensor maskedLabels;  // [M]
    torch::Tensor loss;          // mean cross-entropy over the M positions (labels given)
};

class XlmrForMaskedLMImpl : public torch::nn::Module
{
public:
    explicit XlmrForMaskedLMImpl(const XlmrConfig &config);
    // labels [B, T]: the original id where a token is to be predicted, -100 (any negative)
    // elsewhere. With labels, the encoder's hidden states are gathered at the labelled
    // positions BEFORE the head and decoder, so the [*, V] logits exist only for them (with a
    // 250k vocabulary the decoder is most of the cost); computeAllLogits adds the full
    // [B, T, V] logits too.
    MaskedLMOutput forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                           const torch::Tensor &labels = {}, bool outputHiddenStates = false,
                           bool computeAllLogits = false);

    XlmrModel roberta{nullptr};
    XlmrLMHead lm_head{nullptr};
};
TORCH_MODULE(XlmrForMaskedLM);

struct ClassificationOutput
{
    XlmrOutput encoder;
    torch::Tensor logits; // token: [B, T, L]; sequence: [B, L]
    torch::Tensor loss;   // cross-entropy when labels were given (token: -100 ignored)
};

class XlmrForTokenClassificationImpl : public torch::nn::Module
{
public:
    explicit XlmrForTokenClassificationImpl(const XlmrConfig &config);
    ClassificationOutput forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                                 const torch::Tensor &labels = {});

    XlmrModel roberta{nullptr};
    torch::nn::Linear classifier{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(XlmrForTokenClassification);

// classifier.{dense,out_proj} over the <s> token: dropout, dense, tanh, dropout, out_proj.
class XlmrClassificationHeadImpl : public torch::nn::Module
{
public:
    explicit XlmrClassificationHeadImpl(const XlmrConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden); // [B, T, H] -> [B, L]
    torch::nn::Linear dense{nullptr};
    torch::nn::Linear out_proj{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(XlmrClassificationHead);

class XlmrForSequenceClassificationImpl : public torch::nn::Module
{
public:
    explicit XlmrForSequenceClassificationImpl(const XlmrConfig &config);
    // labels [B] int64 (num_labels > 1: cross-entropy) or float (num_labels == 1: MSE).
    ClassificationOutput forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                                 const torch::Tensor &labels = {});

    XlmrModel roberta{nullptr};
    XlmrClassificationHead classifier{nullptr};
};
TORCH_MODULE(XlmrForSequenceClassification);

struct XlmrLoadReport
{
    std::vector<std::string> missing;    // module parameters the checkpoint lacks (kept at init)
    std::vector<std::string> unexpected; // checkpoint tensors without a place in the module
    std::vector<std::string> ignored;    // position_ids buffer, tied lm_head.decoder.*
};

// Copies a checkpoint (file or folder, sharded or not) into `module` by name. A base-model
// checkpoint (no "roberta." prefix) loads into a model with a head and vice versa. Shape
// mismatches throw Error naming the tensor.
XlmrLoadReport loadXlmrParameters(torch::nn::Module &module, const std::filesystem::path &checkpoint);

// transformers' _init_weights: Linear and Embedding normal(0, initializer_range) with zero
// bias and a zero padding row, LayerNorm 1/0, lm_head.bias 0.
void initialiseXlmrWeights(torch::nn::Module &module, const XlmrConfig &config);

// Writes config.json + model.safetensors ({"format": "pt"}), tied tensors once.
void saveXlmrFolder(torch::nn::Module &module, const XlmrConfig &config, const std::filesystem::path &dir);

// An MLM folder transformers loads as is (XLMRobertaForMaskedLM + XLMRobertaTokenizer):
// config.json (vocab_size = the tokenizer's), model.safetensors, sentencepiece.bpe.model,
// tokenizer_config.json, special_tokens_map.json. Throws Error when the model's vocabulary
// and the tokenizer's differ.
void exportXlmrMaskedLM(XlmrForMaskedLMImpl &model, const XlmrConfig &config, const XlmrTokenizer &tokenizer,
                        const std::filesystem::path &dir);

struct LoadedXlmrMaskedLM
{
    XlmrConfig config;
    XlmrForMaskedLM model{nullptr};
    XlmrLoadReport report;
};

// config.json + weights of a folder into an XlmrForMaskedLM; missing or unexpected tensors
// are an Error unless allowPartial.
LoadedXlmrMaskedLM loadXlmrMaskedLM(const std::filesystem::path &dir, bool allowPartial = false);

// A copy of `source` (same config except vocab_size) whose word embeddings and lm_head.bias
// are `embeddings` [V', H] and `bias` [V']; every other parameter copied.
XlmrForMaskedLM withVocabulary(XlmrForMaskedLMImpl &source, const torch::Tensor &embeddings,
                               const torch::Tensor &bias);

std::int64_t xlmrParameterCount(torch::nn::Module &module);

} // namespace fieldbench
