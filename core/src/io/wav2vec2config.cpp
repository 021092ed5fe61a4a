#include "fieldbench/io/wav2vec2config.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace fieldbench {

namespace {

// transformers' ACT2FN keys (activations.py, 4.30 to 5.x). validate() accepts every name
// transformers can build a model with; whether Fieldbench's model implements it is the
// model's own check.
const std::set<std::string> &knownActivations()
{
    static const std::set<std::string> names = {
        "gelu",       "gelu_10",    "gelu_fast", "gelu_new",    "gelu_python",   "gelu_pytorch_tanh",
        "gelu_python_tanh",         "gelu_accurate",            "hardswish",     "laplace",
        "leaky_relu", "linear",     "mish",      "quick_gelu",  "relu",          "relu2",
        "relu6",      "sigmoid",    "silu",      "sqrtsoftplus", "swish",        "tanh",
        "prelu",      "xielu",
    };
    return names;
}

// Reads the known keys of a config.json object into the struct, type-checked; remembers
// which keys it consumed so the rest can go to `extra`.
class FieldReader
{
public:
    FieldReader(const Json &json, const std::string &fileName)
        : m_json(json)
        , m_fileName(fileName)
    {}

    void readInt(const char *key, int &out)
    {
        const Json *value = take(key);
        if (!value)
            return;
        if (!value->is_number_integer())
            fail(key, "must be an integer");
        out = toInt(key, *value);
    }

    // null or an integer (output_hidden_size, adapter_attn_dim).
    void readOptionalInt(const char *key, std::optional<int> &out)
    {
        const Json *value = take(key);
        if (!value)
            return;
        if (value->is_null()) {
            out.reset();
            return;
        }
        if (!value->is_number_integer())
            fail(key, "must be an integer or null");
        out = toInt(key, *value);
    }

    void readDouble(const char *key, double &out)
    {
        const Json *value = take(key);
        if (!value)
            return;
        // is_number() is false for booleans, so `true` is not read as 1.0.
        if (!value->is_number())
            fail(key, "must be a number");
        out = value->get<double>();
    }

    void readBool(const char *key, bool &out)
    {
        const Json *value = take(key);
        if (!value)
            return;
        if (!value->is_boolean())
            fail(key, "must be true or false");
        out = value->get<bool>();
    }

    void readString(const char *key, std::string &out)
    {
        const Json *value = take(key);
        if (!value)
            return;
        if (!value->is_string())
            fail(key, "must be a string");
        out = value->get<std::string>();
    }

    void readIntList(const char *key, std::vector<int> &out)
    {
        const Json *value = take(key);
        if (!value)
            return;
        if (!value->is_array())
            fail(key, "must be a list of integers");
        std::vector<int> list;
        list.reserve(value->size());
        for (const Json &item : *value) {
            if (!item.is_number_integer())
                fail(key, "must be a list of integers");
            list.push_back(toInt(key, item));
        }
        out = std::move(list);
    }

    // Every key that no read*() consumed, values unchanged.
    Json unread() const
    {
        Json rest = Json::object();
        for (auto it = m_json.begin(); it != m_json.end(); ++it) {
            if (!m_taken.count(it.key()))
                rest[it.key()] = it.value();
        }
        return rest;
    }

private:
    const Json *take(const char *key)
    {
        m_taken.insert(key);
        const auto it = m_json.find(key);
        return it == m_json.end() ? nullptr : &*it;
    }

    int toInt(const char *key, const Json &value) const
    {
        if (value.is_number_unsigned()) {
            const auto v = value.get<std::uint64_t>();
            if (v > std::uint64_t(std::numeric_limits<int>::max()))
                fail(key, "is out of range");
            return int(v);
        }
        const auto v = value.get<std::int64_t>();
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            fail(key, "is out of range");
        return int(v);
    }

    [[noreturn]] void fail(const char *key, const std::string &what) const
    {
        throw Error(m_fileName, "field '" + std::string(key) + "' " + what);
    }

    const Json &m_json;
    const std::string &m_fileName;
    std::set<std::string> m_taken;
};

std::string quoted(const std::string &s)
{
    return "\"" + s + "\"";
}

std::string number(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

// <dir>/config.json for a folder; the path itself for an existing file or a new one
// named *.json; a new path of any other name is taken as a folder to be.
fs::path configFilePath(const fs::path &dirOrFile)
{
    std::error_code ec;
    if (fs::is_directory(dirOrFile, ec))
        return dirOrFile / "config.json";
    if (fs::exists(dirOrFile, ec) || dirOrFile.extension() == ".json")
        return dirOrFile;
    return dirOrFile / "config.json";
}

// The vocabulary (and so pad_token_id as the CTC blank) only matters for a CTC head. A
// config without "architectures" may become one, so it is checked too.
bool usesVocabulary(const Json &extra)
{
    const auto it = extra.find("architectures");
    if (it == extra.end() || !it->is_array() || it->empty())
        return true;
    return std::any_of(it->begin(), it->end(), [](const Json &name) {
        if (!name.is_string())
            return false;
        const std::string s = name.get<std::string>();
        return s.size() >= 3 && s.compare(s.size() - 3, 3, "CTC") == 0;
    });
}

} // namespace

std::int64_t Wav2Vec2Config::outputLength(std::int64_t samples) const
{
    // transformers' _get_feat_extract_output_lengths (without the adapter): per conv layer
    // floor((L - kernel) / stride) + 1. Once shorter than a kernel there is no frame left,
    // where transformers' formula would go negative.
    std::int64_t length = std::max<std::int64_t>(samples, 0);
    const size_t layers = std::min(convKernel.size(), convStride.size());
    for (size_t i = 0; i < layers; ++i) {
        const std::int64_t kernel = convKernel[i];
        const std::int64_t stride = convStride[i];
        if (kernel <= 0 || stride <= 0 || length < kernel)
            return 0;
        length = (length - kernel) / stride + 1;
    }
    return length;
}

std::vector<std::string> Wav2Vec2Config::validate() const
{
    std::vector<std::string> problems;
    auto problem = [&problems](const std::string &text) { problems.push_back(text); };

    auto positive = [&](const char *key, int value) {
        if (value < 1)
            problem(std::string(key) + " must be at least 1 (is " + std::to_string(value) + ")");
    };
    auto nonNegative = [&](const char *key, int value) {
        if (value < 0)
            problem(std::string(key) + " must not be negative (is " + std::to_string(value) + ")");
    };
    auto probability = [&](const char *key, double value) {
        // Written so that NaN fails too.
        if (!(value >= 0.0 && value <= 1.0))
            problem(std::string(key) + " (" + number(value) + ") is outside [0, 1]");
    };
    auto activation = [&](const char *key, const std::string &name) {
        if (!knownActivations().count(name))
            problem(std::string(key) + " " + quoted(name) + " is not an activation transformers knows "
                    "(gelu, gelu_new, gelu_fast, relu, silu, swish, tanh, sigmoid, ...)");
    };
    auto positiveList = [&](const char *key, const std::vector<int> &list) {
        if (list.empty()) {
            problem(std::string(key) + " is empty");
            return;
        }
        for (size_t i = 0; i < list.size(); ++i) {
            if (list[i] < 1)
                problem(std::string(key) + "[" + std::to_string(i) + "] must be at least 1 (is "
                        + std::to_string(list[i]) + ")");
        }
    };

    // Feature encoder.
    positiveList("conv_dim", convDim);
    positiveList("conv_stride", convStride);
    positiveList("conv_kernel", convKernel);
    if (convDim.size() != convStride.size() || convDim.size() != convKernel.size()) {
        problem("conv_dim, conv_stride and conv_kernel must have the same length (have "
                + std::to_string(convDim.size()) + ", " + std::to_string(convStride.size()) + ", "
                + std::to_string(convKernel.size()) + ")");
    }
    if (numFeatExtractLayersInFile && *numFeatExtractLayersInFile != int(convDim.size())) {
        problem("num_feat_extract_layers (" + std::to_string(*numFeatExtractLayersInFile)
                + ") differs from the length of conv_dim (" + std::to_string(convDim.size()) + ")");
    }
    if (featExtractNorm != "group" && featExtractNorm != "layer")
        problem("feat_extract_norm must be \"group\" or \"layer\" (is " + quoted(featExtractNorm) + ")");
    activation("feat_extract_activation", featExtractActivation);

    // Transformer.
    positive("hidden_size", hiddenSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("intermediate_size", intermediateSize);
    if (hiddenSize > 0 && numAttentionHeads > 0 && hiddenSize % numAttentionHeads != 0) {
        problem("num_attention_heads (" + std::to_string(numAttentionHeads) + ") does not divide hidden_size ("
                + std::to_string(hiddenSize) + ")");
    }
    activation("hidden_act", hiddenAct);
    if (!(layerNormEps > 0.0))
        problem("layer_norm_eps (" + number(layerNormEps) + ") must be positive");
    if (!(initializerRange >= 0.0))
        problem("initializer_range (" + number(initializerRange) + ") must not be negative");

    // Positional convolution.
    positive("num_conv_pos_embeddings", numConvPosEmbeddings);
    positive("num_conv_pos_embedding_groups", numConvPosEmbeddingGroups);
    if (hiddenSize > 0 && numConvPosEmbeddingGroups > 0 && hiddenSize % numConvPosEmbeddingGroups != 0) {
        problem("num_conv_pos_embedding_groups (" + std::to_string(numConvPosEmbeddingGroups)
                + ") does not divide hidden_size (" + std::to_string(hiddenSize) + ")");
    }

    // Dropouts and masking probabilities.
    probability("hidden_dropout", hiddenDropout);
    probability("activation_dropout", activationDropout);
    probability("attention_dropout", attentionDropout);
    probability("feat_proj_dropout", featProjDropout);
    probability("feat_quantizer_dropout", featQuantizerDropout);
    probability("final_dropout", finalDropout);
    probability("layerdrop", layerdrop);
    probability("mask_time_prob", maskTimeProb);
    probability("mask_feature_prob", maskFeatureProb);
    // transformers' _compute_mask_indices raises for spans shorter than one.
    if (maskTimeProb > 0.0)
        positive("mask_time_length", maskTimeLength);
    if (maskFeatureProb > 0.0)
        positive("mask_feature_length", maskFeatureLength);
    nonNegative("mask_time_min_masks", maskTimeMinMasks);
    nonNegative("mask_feature_min_masks", maskFeatureMinMasks);

    // Quantizer and contrastive task.
    positive("num_codevector_groups", numCodevectorGroups);
    positive("num_codevectors_per_group", numCodevectorsPerGroup);
    positive("codevector_dim", codevectorDim);
    positive("proj_codevector_dim", projCodevectorDim);
    if (codevectorDim > 0 && numCodevectorGroups > 0 && codevectorDim % numCodevectorGroups != 0) {
        problem("codevector_dim (" + std::to_string(codevectorDim) + ") is not divisible by num_codevector_groups ("
                + std::to_string(numCodevectorGroups) + ")");
    }
    nonNegative("num_negatives", numNegatives);
    if (!(contrastiveLogitsTemperature > 0.0))
        problem("contrastive_logits_temperature (" + number(contrastiveLogitsTemperature) + ") must be positive");

    // CTC head.
    if (ctcLossReduction != "sum" && ctcLossReduction != "mean")
        problem("ctc_loss_reduction must be \"sum\" or \"mean\" (is " + quoted(ctcLossReduction) + ")");
    if (usesVocabulary(extra)) {
        positive("vocab_size", vocabSize);
        if (vocabSize > 0 && (padTokenId < 0 || padTokenId >= vocabSize)) {
            problem("pad_token_id (" + std::to_string(padTokenId) + ", the CTC blank) is outside the vocabulary [0, "
                    + std::to_string(vocabSize) + ")");
        }
    }

    // Adapters change the parameter set; neither kind is implemented.
    if (addAdapter)
        problem("add_adapter is true: the convolutional adapter is not supported yet");
    if (adapterAttnDim)
        problem("adapter_attn_dim is set: attention adapters (MMS) are not supported yet");

    return problems;
}

Wav2Vec2Config Wav2Vec2Config::fromJson(const Json &json, const std::string &fileNameForErrors)
{
    if (!json.is_object())
        throw Error(fileNameForErrors, "not a JSON object");

    Wav2Vec2Config c;
    FieldReader r(json, fileNameForErrors);

    r.readInt("vocab_size", c.vocabSize);
    r.readInt("hidden_size", c.hiddenSize);
    r.readInt("num_hidden_layers", c.numHiddenLayers);
    r.readInt("num_attention_heads", c.numAttentionHeads);
    r.readInt("intermediate_size", c.intermediateSize);
    r.readString("hidden_act", c.hiddenAct);
    r.readDouble("hidden_dropout", c.hiddenDropout);
    r.readDouble("activation_dropout", c.activationDropout);
    r.readDouble("attention_dropout", c.attentionDropout);
    r.readDouble("feat_proj_dropout", c.featProjDropout);
    r.readDouble("feat_quantizer_dropout", c.featQuantizerDropout);
    r.readDouble("final_dropout", c.finalDropout);
    r.readDouble("layerdrop", c.layerdrop);
    r.readDouble("initializer_range", c.initializerRange);
    r.readDouble("layer_norm_eps", c.layerNormEps);
    r.readBool("do_stable_layer_norm", c.doStableLayerNorm);

    r.readString("feat_extract_norm", c.featExtractNorm);
    r.readString("feat_extract_activation", c.featExtractActivation);
    r.readIntList("conv_dim", c.convDim);
    r.readIntList("conv_stride", c.convStride);
    r.readIntList("conv_kernel", c.convKernel);
    r.readBool("conv_bias", c.convBias);
    int declaredLayers = 0;
    if (json.contains("num_feat_extract_layers")) {
        r.readInt("num_feat_extract_layers", declaredLayers);
        c.numFeatExtractLayersInFile = declaredLayers;
    }

    r.readInt("num_conv_pos_embeddings", c.numConvPosEmbeddings);
    r.readInt("num_conv_pos_embedding_groups", c.numConvPosEmbeddingGroups);

    r.readBool("apply_spec_augment", c.applySpecAugment);
    r.readDouble("mask_time_prob", c.maskTimeProb);
    r.readInt("mask_time_length", c.maskTimeLength);
    r.readInt("mask_time_min_masks", c.maskTimeMinMasks);
    r.readDouble("mask_feature_prob", c.maskFeatureProb);
    r.readInt("mask_feature_length", c.maskFeatureLength);
    r.readInt("mask_feature_min_masks", c.maskFeatureMinMasks);

    r.readInt("num_codevectors_per_group", c.numCodevectorsPerGroup);
    r.readInt("num_codevector_groups", c.numCodevectorGroups);
    r.readDouble("contrastive_logits_temperature", c.contrastiveLogitsTemperature);
    r.readInt("num_negatives", c.numNegatives);
    r.readInt("codevector_dim", c.codevectorDim);
    r.readInt("proj_codevector_dim", c.projCodevectorDim);
    r.readDouble("diversity_loss_weight", c.diversityLossWeight);

    r.readString("ctc_loss_reduction", c.ctcLossReduction);
    r.readBool("ctc_zero_infinity", c.ctcZeroInfinity);
    r.readBool("use_weighted_layer_sum", c.useWeightedLayerSum);
    r.readInt("classifier_proj_size", c.classifierProjSize);

    r.readIntList("tdnn_dim", c.tdnnDim);
    r.readIntList("tdnn_kernel", c.tdnnKernel);
    r.readIntList("tdnn_dilation", c.tdnnDilation);
    r.readInt("xvector_output_dim", c.xvectorOutputDim);

    r.readInt("pad_token_id", c.padTokenId);
    r.readInt("bos_token_id", c.bosTokenId);
    r.readInt("eos_token_id", c.eosTokenId);

    r.readBool("add_adapter", c.addAdapter);
    r.readInt("adapter_kernel_size", c.adapterKernelSize);
    r.readInt("adapter_stride", c.adapterStride);
    r.readInt("num_adapter_layers", c.numAdapterLayers);
    r.readOptionalInt("output_hidden_size", c.outputHiddenSize);
    r.readOptionalInt("adapter_attn_dim", c.adapterAttnDim);

    c.extra = r.unread();
    return c;
}

Json Wav2Vec2Config::toJson() const
{
    Json j = Json::object();
    j["vocab_size"] = vocabSize;
    j["hidden_size"] = hiddenSize;
    j["num_hidden_layers"] = numHiddenLayers;
    j["num_attention_heads"] = numAttentionHeads;
    j["intermediate_size"] = intermediateSize;
    j["hidden_act"] = hiddenAct;
    j["hidden_dropout"] = hiddenDropout;
    j["activation_dropout"] = activationDropout;
    j["attention_dropout"] = attentionDropout;
    j["feat_proj_dropout"] = featProjDropout;
    j["feat_quantizer_dropout"] = featQuantizerDropout;
    j["final_dropout"] = finalDropout;
    j["layerdrop"] = layerdrop;
    j["initializer_range"] = initializerRange;
    j["layer_norm_eps"] = layerNormEps;
    j["do_stable_layer_norm"] = doStableLayerNorm;

    j["feat_extract_norm"] = featExtractNorm;
    j["feat_extract_activation"] = featExtractActivation;
    j["conv_dim"] = convDim;
    j["conv_stride"] = convStride;
    j["conv_kernel"] = convKernel;
    j["conv_bias"] = convBias;
    j["num_feat_extract_layers"] = numFeatExtractLayers();

    j["num_conv_pos_embeddings"] = numConvPosEmbeddings;
    j["num_conv_pos_embedding_groups"] = numConvPosEmbeddingGroups;

    j["apply_spec_augment"] = applySpecAugment;
    j["mask_time_prob"] = maskTimeProb;
    j["mask_time_length"] = maskTimeLength;
    j["mask_time_min_masks"] = maskTimeMinMasks;
    j["mask_feature_prob"] = maskFeatureProb;
    j["mask_feature_length"] = maskFeatureLength;
    j["mask_feature_min_masks"] = maskFeatureMinMasks;

    j["num_codevectors_per_group"] = numCodevectorsPerGroup;
    j["num_codevector_groups"] = numCodevectorGroups;
    j["contrastive_logits_temperature"] = contrastiveLogitsTemperature;
    j["num_negatives"] = numNegatives;
    j["codevector_dim"] = codevectorDim;
    j["proj_codevector_dim"] = projCodevectorDim;
    j["diversity_loss_weight"] = diversityLossWeight;

    j["ctc_loss_reduction"] = ctcLossReduction;
    j["ctc_zero_infinity"] = ctcZeroInfinity;
    j["use_weighted_layer_sum"] = useWeightedLayerSum;
    j["classifier_proj_size"] = classifierProjSize;

    j["tdnn_dim"] = tdnnDim;
    j["tdnn_kernel"] = tdnnKernel;
    j["tdnn_dilation"] = tdnnDilation;
    j["xvector_output_dim"] = xvectorOutputDim;

    j["pad_token_id"] = padTokenId;
    j["bos_token_id"] = bosTokenId;
    j["eos_token_id"] = eosTokenId;

    j["add_adapter"] = addAdapter;
    j["adapter_kernel_size"] = adapterKernelSize;
    j["adapter_stride"] = adapterStride;
    j["num_adapter_layers"] = numAdapterLayers;
    // transformers resolves a null output_hidden_size to hidden_size in __init__, so its
    // files always carry a number; writing the same keeps saved files identical to its own.
    j["output_hidden_size"] = outputHiddenSize.value_or(hiddenSize);
    j["adapter_attn_dim"] = adapterAttnDim ? Json(*adapterAttnDim) : Json(nullptr);

    // The struct's fields win over an `extra` entry of the same name (only possible when
    // `extra` was edited by hand: fromJson() never puts a known key there).
    if (extra.is_object()) {
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            if (!j.contains(it.key()))
                j[it.key()] = it.value();
        }
    }
    return j;
}

Wav2Vec2Config Wav2Vec2Config::load(const fs::path &dirOrFile)
{
    const fs::path file = configFilePath(dirOrFile);
    const std::string text = readFile(file);
    Json json;
    try {
        json = Json::parse(text);
    } catch (const Json::parse_error &e) {
        throw Error(file.string(), std::string("not valid JSON (") + e.what() + ")");
    }
    return fromJson(json, file.string());
}

void Wav2Vec2Config::save(const fs::path &dirOrFile) const
{
    const fs::path file = configFilePath(dirOrFile);
    std::error_code ec;
    if (file.has_parent_path())
        fs::create_directories(file.parent_path(), ec);
    // As transformers' to_json_string(): json.dumps(indent=2, sort_keys=True) + "\n", with
    // non-ASCII characters escaped (Python's ensure_ascii). nlohmann's object is sorted.
    writeFileAtomically(file, toJson().dump(2, ' ', true) + "\n");
}

std::vector<std::string> Wav2Vec2Config::presetNames()
{
    return {"tiny", "small", "base", "large", "xlsr-300m"};
}

Wav2Vec2Config Wav2Vec2Config::preset(const std::string &name)
{
    Wav2Vec2Config c; // transformers' defaults: the shapes of wav2vec2-base
    c.extra["architectures"] = Json::array({"Wav2Vec2ForPreTraining"});
    c.extra["model_type"] = "wav2vec2";
    // A layer-norm feature encoder with conv biases and a pre-LN ("stable layer norm") encoder.
    auto xlsrStyle = [&c] {
        c.featExtractNorm = "layer";
        c.convBias = true;
        c.doStableLayerNorm = true;
    };

    // tiny and small are XLSR-style, as XLSR-53 and XLS-R are. Trained from scratch on
    // the demo corpus they leave CTC's blank plateau far sooner than the wav2vec2-base style
    // (group norm in the first conv layer only, post-LN): the tiny preset on all 16 demo
    // languages after about 900 updates instead of staying on it for 3000 (README).
    if (name == "tiny") {
        // Unit tests and quick CPU experiments: about a hundred thousand parameters, the
        // standard conv strides/kernels (320 samples per frame).
        c.hiddenSize = 64;
        c.numHiddenLayers = 2;
        c.numAttentionHeads = 2;
        c.intermediateSize = 128;
        c.convDim.assign(7, 32);
        c.numConvPosEmbeddings = 16;
        c.numConvPosEmbeddingGroups = 4;
        c.numCodevectorGroups = 2;
        c.numCodevectorsPerGroup = 16;
        c.codevectorDim = 32;
        c.projCodevectorDim = 32;
        xlsrStyle();
        c.outputHiddenSize = c.hiddenSize;
        return c;
    }
    if (name == "small") {
        // Pretraining and fine-tuning experiments on a CPU: about 3.9 million parameters, a
        // 128-channel feature encoder (the conv stack costs as much as the encoder).
        c.hiddenSize = 256;
        c.numHiddenLayers = 4;
        c.numAttentionHeads = 4;
        c.intermediateSize = 1024;
        c.convDim.assign(7, 128);
        c.numConvPosEmbeddings = 64;
        c.numConvPosEmbeddingGroups = 16;
        c.numCodevectorGroups = 2;
        c.numCodevectorsPerGroup = 160;
        c.codevectorDim = 256;
        c.projCodevectorDim = 128;
        xlsrStyle();
        c.outputHiddenSize = c.hiddenSize;
        return c;
    }
    if (name == "base") {
        // facebook/wav2vec2-base: group-norm feature encoder, post-LN encoder, no conv bias.
        c.activationDropout = 0.0;
        c.featProjDropout = 0.1;
        c.finalDropout = 0.0;
        c.layerdrop = 0.05;
        c.outputHiddenSize = c.hiddenSize;
        return c;
    }
    if (name == "large" || name == "xlsr-300m") {
        // facebook/wav2vec2-large-lv60 and facebook/wav2vec2-xls-r-300m share the shapes:
        // layer-norm feature encoder with conv bias, pre-LN ("stable") encoder, 1024 wide.
        c.hiddenSize = 1024;
        c.numHiddenLayers = 24;
        c.numAttentionHeads = 16;
        c.intermediateSize = 4096;
        xlsrStyle();
        c.codevectorDim = 768;
        c.projCodevectorDim = 768;
        c.activationDropout = 0.0;
        c.featProjDropout = 0.1;
        c.finalDropout = 0.0;
        c.layerdrop = 0.1;
        c.outputHiddenSize = c.hiddenSize;
        if (name == "xlsr-300m")
            c.maskTimeProb = 0.075;
        return c;
    }

    std::string known;
    for (const std::string &n : presetNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown wav2vec 2.0 model size \"" + name + "\" (known: " + known + ")");
}

} // namespace fieldbench
