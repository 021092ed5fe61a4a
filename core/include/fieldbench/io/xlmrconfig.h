#pragma once

// Hugging Face XLMRobertaConfig (transformers' configuration_xlm_roberta.py): every field
// with transformers' defaults; keys this struct does not know ("architectures",
// "torch_dtype", "id2label", future fields...) are kept in `extra` and written back
// unchanged. Plain C++.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fieldbench {

struct XlmrConfig
{
    int vocabSize = 30522;               // vocab_size: token ids (fairseq order, <mask> last)
    int hiddenSize = 768;                // hidden_size
    int numHiddenLayers = 12;            // num_hidden_layers
    int numAttentionHeads = 12;          // num_attention_heads; must divide hidden_size
    int intermediateSize = 3072;         // intermediate_size: feed-forward width
    std::string hiddenAct = "gelu";      // hidden_act: gelu | gelu_new | relu | silu
    double hiddenDropoutProb = 0.1;      // hidden_dropout_prob
    double attentionProbsDropoutProb = 0.1; // attention_probs_dropout_prob
    int maxPositionEmbeddings = 512;     // max_position_embeddings: positions incl. pad_token_id + 1 offset
    int typeVocabSize = 2;               // type_vocab_size (XLM-R checkpoints use 1)
    double initializerRange = 0.02;      // initializer_range: std of normal inits
    double layerNormEps = 1e-12;         // layer_norm_eps (XLM-R checkpoints use 1e-5)
    int padTokenId = 1;                  // pad_token_id
    int bosTokenId = 0;                  // bos_token_id
    int eosTokenId = 2;                  // eos_token_id
    std::string positionEmbeddingType = "absolute"; // position_embedding_type (only "absolute" is implemented)
    bool useCache = true;                // use_cache (decoder use only; kept for round trips)
    std::optional<double> classifierDropout; // classifier_dropout (null: hidden_dropout_prob)

    nlohmann::json extra = nlohmann::json::object(); // everything else, unchanged

    // Labels of a classification head: len(id2label) when config.json has one, else 2.
    int numLabels() const;
    void setNumLabels(int n); // writes id2label/label2id as transformers does (LABEL_i)

    // Longest input (tokens incl. <s> and </s>): max_position_embeddings - pad_token_id - 1.
    int maxSequenceLength() const { return maxPositionEmbeddings - padTokenId - 1; }

    std::vector<std::string> validate() const;

    static XlmrConfig fromJson(const nlohmann::json &json, const std::string &fileNameForErrors = "config.json");
    nlohmann::json toJson() const;
    static XlmrConfig load(const std::filesystem::path &dirOrFile);
    void save(const std::filesystem::path &dirOrFile) const;

    // Shapes for a random model; architectures = ["XLMRobertaForMaskedLM"], model_type
    // "xlm-roberta", XLM-R's type_vocab_size 1, layer_norm_eps 1e-5, 514 positions.
    //   "tiny"   unit tests:  hidden 32, 2 layers, 2 heads, ff 64, 130 positions
    //   "small"  CPU experiments: hidden 128, 4 layers, 4 heads, ff 512, 258 positions
    //   "base"   xlm-roberta-base: 768/12/12/3072, 250002 tokens
    //   "large"  xlm-roberta-large: 1024/24/16/4096, 250002 tokens
    // vocab_size is the preset's (base/large: 250002; others 1000): set it to the tokenizer's.
    static XlmrConfig preset(const std::string &name);
    static std::vector<std::string> presetNames();
};

} // namespace fieldbench
