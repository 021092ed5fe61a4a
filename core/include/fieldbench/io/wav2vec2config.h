#pragma once

// Hugging Face Wav2Vec2Config (transformers' configuration_wav2vec2.py): every field, with
// transformers' defaults; fields this struct does not know (e.g. "architectures",
// "torch_dtype", "transformers_version", future fields) are kept in `extra` and written
// back unchanged.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fieldbench {

struct Wav2Vec2Config
{
    // Transformer encoder
    int vocabSize = 32;                 // vocab_size: CTC output classes (blank = pad_token_id)
    int hiddenSize = 768;               // hidden_size
    int numHiddenLayers = 12;           // num_hidden_layers
    int numAttentionHeads = 12;         // num_attention_heads; must divide hidden_size
    int intermediateSize = 3072;        // intermediate_size: feed-forward width
    std::string hiddenAct = "gelu";     // hidden_act: gelu | relu | gelu_new | swish/silu
    double hiddenDropout = 0.1;         // hidden_dropout
    double activationDropout = 0.1;     // activation_dropout
    double attentionDropout = 0.1;      // attention_dropout
    double featProjDropout = 0.0;       // feat_proj_dropout
    double featQuantizerDropout = 0.0;  // feat_quantizer_dropout
    double finalDropout = 0.1;          // final_dropout (before lm_head)
    double layerdrop = 0.1;             // layerdrop: probability of skipping a layer in training
    double initializerRange = 0.02;     // initializer_range: std of normal inits
    double layerNormEps = 1e-5;         // layer_norm_eps
    bool doStableLayerNorm = false;     // do_stable_layer_norm: pre-LN encoder (XLSR/XLS-R)

    // Feature encoder (conv stack over raw 16 kHz audio)
    std::string featExtractNorm = "group";       // feat_extract_norm: "group" | "layer"
    std::string featExtractActivation = "gelu";  // feat_extract_activation
    std::vector<int> convDim = {512, 512, 512, 512, 512, 512, 512};   // conv_dim: channels
    std::vector<int> convStride = {5, 2, 2, 2, 2, 2, 2};              // conv_stride: samples
    std::vector<int> convKernel = {10, 3, 3, 3, 3, 2, 2};             // conv_kernel: samples
    bool convBias = false;                       // conv_bias

    // Convolutional relative positional embedding
    int numConvPosEmbeddings = 128;      // num_conv_pos_embeddings: kernel size (frames)
    int numConvPosEmbeddingGroups = 16;  // num_conv_pos_embedding_groups

    // SpecAugment-style masking (training only)
    bool applySpecAugment = true;        // apply_spec_augment
    double maskTimeProb = 0.05;          // mask_time_prob: share of frames that start a span
    int maskTimeLength = 10;             // mask_time_length: frames per span
    int maskTimeMinMasks = 2;            // mask_time_min_masks
    double maskFeatureProb = 0.0;        // mask_feature_prob; 0 disables
    int maskFeatureLength = 10;          // mask_feature_length: channels per span
    int maskFeatureMinMasks = 0;         // mask_feature_min_masks

    // Quantizer and contrastive task (pretraining)
    int numCodevectorsPerGroup = 320;    // num_codevectors_per_group: V
    int numCodevectorGroups = 2;         // num_codevector_groups: G
    double contrastiveLogitsTemperature = 0.1; // contrastive_logits_temperature
    int numNegatives = 100;              // num_negatives: distractors per masked frame
    int codevectorDim = 256;             // codevector_dim: width of a concatenated codeword
    int projCodevectorDim = 256;         // proj_codevector_dim: width of the projections
    double diversityLossWeight = 0.1;    // diversity_loss_weight

    // CTC head
    std::string ctcLossReduction = "sum"; // ctc_loss_reduction: "sum" | "mean"
    bool ctcZeroInfinity = false;         // ctc_zero_infinity
    bool useWeightedLayerSum = false;     // use_weighted_layer_sum
    int classifierProjSize = 256;         // classifier_proj_size

    // x-vector head (kept for round trips; not implemented)
    std::vector<int> tdnnDim = {512, 512, 512, 512, 1500};   // tdnn_dim
    std::vector<int> tdnnKernel = {5, 3, 3, 1, 1};           // tdnn_kernel
    std::vector<int> tdnnDilation = {1, 2, 3, 1, 1};         // tdnn_dilation
    int xvectorOutputDim = 512;                              // xvector_output_dim

    // Special tokens
    int padTokenId = 0;  // pad_token_id: also the CTC blank
    int bosTokenId = 1;  // bos_token_id
    int eosTokenId = 2;  // eos_token_id

    // Adapter (kept for round trips; add_adapter = true is not implemented)
    bool addAdapter = false;                  // add_adapter
    int adapterKernelSize = 3;                // adapter_kernel_size
    int adapterStride = 2;                    // adapter_stride
    int numAdapterLayers = 3;                 // num_adapter_layers
    std::optional<int> outputHiddenSize;      // output_hidden_size (null: hidden_size)
    std::optional<int> adapterAttnDim;        // adapter_attn_dim

    // Everything else from config.json (architectures, model_type, torch_dtype, ...).
    nlohmann::json extra = nlohmann::json::object();

    // num_feat_extract_layers as config.json had it (nullopt: absent or not read from a
    // file). transformers derives the field from len(conv_dim), and toJson() writes that;
    // a file whose value differs is a validate() problem.
    std::optional<int> numFeatExtractLayersInFile;

    int numFeatExtractLayers() const { return int(convDim.size()); }
    // Frames per second of the encoder output and the conv arithmetic for lengths.
    std::int64_t outputLength(std::int64_t samples) const;

    // Readable problems ("num_attention_heads (5) does not divide hidden_size (768)");
    // empty when the config can be used.
    std::vector<std::string> validate() const;

    // Missing fields take transformers' defaults; wrong JSON types throw Error naming the
    // field. `fileNameForErrors` prefixes messages.
    static Wav2Vec2Config fromJson(const nlohmann::json &json, const std::string &fileNameForErrors = "config.json");
    // Every field under transformers' key, plus `extra`; keys sorted. As transformers
    // writes them: num_feat_extract_layers = len(conv_dim), a null output_hidden_size as
    // hidden_size.
    nlohmann::json toJson() const;
    // Reads <dir>/config.json (or a file path); throws Error with the file name.
    static Wav2Vec2Config load(const std::filesystem::path &dirOrFile);
    // Writes config.json atomically, keys sorted as transformers writes them.
    void save(const std::filesystem::path &dirOrFile) const;

    // Shapes for a randomly initialised model (parameters of Wav2Vec2ForPreTraining).
    // Each sets extra["architectures"] = ["Wav2Vec2ForPreTraining"] and
    // extra["model_type"] = "wav2vec2"; unlisted fields keep transformers' defaults.
    //   "tiny"      0.11M  unit tests: hidden 64, 2 layers, 2 heads, ff 128, conv_dim 32 x7
    //                      (standard strides/kernels), pos conv 16/4, G=2 V=16,
    //                      codevector_dim 32, proj 32; group norm, post-LN
    //   "small"     12.6M  CPU pretraining: hidden 384, 6 layers, 6 heads, ff 1536,
    //                      conv_dim 256 x7, pos conv 64/16, G=2 V=160, codevector_dim 256,
    //                      proj 128; group norm, post-LN
    //   "base"      95.0M  facebook/wav2vec2-base: 768/12 layers/12 heads/3072, group norm,
    //                      post-LN, no conv bias, pos conv 128/16, G=2 V=320,
    //                      codevector_dim 256, proj 256
    //   "large"    317.4M  facebook/wav2vec2-large-lv60: 1024/24/16/4096, layer-norm feature
    //                      encoder with conv bias, pre-LN (do_stable_layer_norm),
    //                      codevector_dim 768, proj 768
    //   "xlsr-300m" 317.4M facebook/wav2vec2-xls-r-300m: the shapes of "large",
    //                      mask_time_prob 0.075
    // Throws Error for an unknown name.
    static Wav2Vec2Config preset(const std::string &name);
    static std::vector<std::string> presetNames();
};

} // namespace fieldbench
