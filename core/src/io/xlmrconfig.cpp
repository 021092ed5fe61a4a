#include "fieldbench/io/xlmrconfig.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <limits>
#include <set>

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace fieldbench {
namespace {

[[noreturn]] void fail(const std::string &file, const char *key, const std::string &what)
{
    throw Error(file, "field '" + std::string(key) + "' " + what);
}

// Reads known keys type-checked and remembers them, so the rest goes to `extra`.
struct Reader
{
    const Json &json;
    const std::string &file;
    std::set<std::string> taken;

    const Json *take(const char *key)
    {
        taken.insert(key);
        const auto it = json.find(key);
        return it == json.end() ? nullptr : &*it;
    }
    void integer(const char *key, int &out)
    {
        if (const Json *v = take(key)) {
            if (!v->is_number_integer())
                fail(file, key, "must be an integer");
            const auto x = v->get<std::int64_t>();
            if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max())
                fail(file, key, "is out of range");
            out = int(x);
        }
    }
    void number(const char *key, double &out)
    {
        if (const Json *v = take(key)) {
            if (!v->is_number())
                fail(file, key, "must be a number");
            out = v->get<double>();
        }
    }
    void optionalNumber(const char *key, std::optional<double> &out)
    {
        if (const Json *v = take(key)) {
            if (v->is_null())
                out.reset();
            else if (!v->is_number())
                fail(file, key, "must be a number or null");
            else
                out = v->get<double>();
        }
    }
    void boolean(const char *key, bool &out)
    {
        if (const Json *v = take(key)) {
            if (!v->is_boolean())
                fail(file, key, "must be true or false");
            out = v->get<bool>();
        }
    }
    void string(const char *key, std::string &out)
    {
        if (const Json *v = take(key)) {
            if (!v->is_string())
                fail(file, key, "must be a string");
            out = v->get<std::string>();
        }
    }
};

fs::path configFilePath(const fs::path &dirOrFile)
{
    std::error_code ec;
    if (fs::is_directory(dirOrFile, ec))
        return dirOrFile / "config.json";
    if (fs::exists(dirOrFile, ec) || dirOrFile.extension() == ".json")
        return dirOrFile;
    return dirOrFile / "config.json";
}

} // namespace

int XlmrConfig::numLabels() const
{
    const auto it = extra.find("id2label");
    if (it != extra.end() && it->is_object() && !it->empty())
        return int(it->size());
    return 2;
}

void XlmrConfig::setNumLabels(int n)
{
    Json id2label = Json::object(), label2id = Json::object();
    for (int i = 0; i < n; ++i) {
        id2label[std::to_string(i)] = "LABEL_" + std::to_string(i);
        label2id["LABEL_" + std::to_string(i)] = i;
    }
    extra["id2label"] = id2label;
    extra["label2id"] = label2id;
}

std::vector<std::string> XlmrConfig::validate() const
{
    std::vector<std::string> p;
    const auto positive = [&](const char *key, int v) {
        if (v <= 0)
            p.push_back(std::string(key) + " must be positive, got " + std::to_string(v));
    };
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("intermediate_size", intermediateSize);
    positive("type_vocab_size", typeVocabSize);
    if (numAttentionHeads > 0 && hiddenSize % numAttentionHeads != 0)
        p.push_back("num_attention_heads (" + std::to_string(numAttentionHeads) + ") does not divide hidden_size (" +
                    std::to_string(hiddenSize) + ")");
    if (maxPositionEmbeddings < padTokenId + 3)
        p.push_back("max_position_embeddings (" + std::to_string(maxPositionEmbeddings) +
                    ") leaves no room for a sequence: positions start at pad_token_id + 1 (" +
                    std::to_string(padTokenId + 1) + ")");
    for (const auto &[key, id] : {std::pair<const char *, int>{"pad_token_id", padTokenId},
                                  {"bos_token_id", bosTokenId},
                                  {"eos_token_id", eosTokenId}})
        if (id < 0 || id >= vocabSize)
            p.push_back(std::string(key) + " (" + std::to_string(id) + ") is outside the vocabulary (vocab_size " +
                        std::to_string(vocabSize) + ")");
    if (positionEmbeddingType != "absolute")
        p.push_back("position_embedding_type \"" + positionEmbeddingType + "\" is not implemented (only \"absolute\")");
    static const std::set<std::string> acts = {"gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu", "silu", "swish", "tanh"};
    if (!acts.count(hiddenAct))
        p.push_back("hidden_act \"" + hiddenAct + "\" is not implemented");
    for (double d : {hiddenDropoutProb, attentionProbsDropoutProb, classifierDropout.value_or(0.0)})
        if (d < 0 || d >= 1) {
            p.push_back("dropout probabilities must be in [0, 1)");
            break;
        }
    if (layerNormEps <= 0)
        p.push_back("layer_norm_eps must be positive");
    return p;
}

XlmrConfig XlmrConfig::fromJson(const Json &json, const std::string &file)
{
    if (!json.is_object())
        throw Error(file, "not a JSON object");
    XlmrConfig c;
    Reader r{json, file, {}};
    r.integer("vocab_size", c.vocabSize);
    r.integer("hidden_size", c.hiddenSize);
    r.integer("num_hidden_layers", c.numHiddenLayers);
    r.integer("num_attention_heads", c.numAttentionHeads);
    r.integer("intermediate_size", c.intermediateSize);
    r.string("hidden_act", c.hiddenAct);
    r.number("hidden_dropout_prob", c.hiddenDropoutProb);
    r.number("attention_probs_dropout_prob", c.attentionProbsDropoutProb);
    r.integer("max_position_embeddings", c.maxPositionEmbeddings);
    r.integer("type_vocab_size", c.typeVocabSize);
    r.number("initializer_range", c.initializerRange);
    r.number("layer_norm_eps", c.layerNormEps);
    r.integer("pad_token_id", c.padTokenId);
    r.integer("bos_token_id", c.bosTokenId);
    r.integer("eos_token_id", c.eosTokenId);
    r.string("position_embedding_type", c.positionEmbeddingType);
    r.boolean("use_cache", c.useCache);
    r.optionalNumber("classifier_dropout", c.classifierDropout);
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!r.taken.count(it.key()))
            c.extra[it.key()] = it.value();
    return c;
}

Json XlmrConfig::toJson() const
{
    Json j = extra;
    j["vocab_size"] = vocabSize;
    j["hidden_size"] = hiddenSize;
    j["num_hidden_layers"] = numHiddenLayers;
    j["num_attention_heads"] = numAttentionHeads;
    j["intermediate_size"] = intermediateSize;
    j["hidden_act"] = hiddenAct;
    j["hidden_dropout_prob"] = hiddenDropoutProb;
    j["attention_probs_dropout_prob"] = attentionProbsDropoutProb;
    j["max_position_embeddings"] = maxPositionEmbeddings;
    j["type_vocab_size"] = typeVocabSize;
    j["initializer_range"] = initializerRange;
    j["layer_norm_eps"] = layerNormEps;
    j["pad_token_id"] = padTokenId;
    j["bos_token_id"] = bosTokenId;
    j["eos_token_id"] = eosTokenId;
    j["position_embedding_type"] = positionEmbeddingType;
    j["use_cache"] = useCache;
    j["classifier_dropout"] = classifierDropout ? Json(*classifierDropout) : Json(nullptr);
    return j;
}

XlmrConfig XlmrConfig::load(const fs::path &dirOrFile)
{
    const fs::path file = configFilePath(dirOrFile);
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw Error(file.string(), "no such file (an XLM-R model folder holds config.json)");
    Json json;
    try {
        json = Json::parse(readFile(file));
    } catch (const Json::parse_error &e) {
        throw Error(file.string(), std::string("not valid JSON (") + e.what() + ")");
    }
    return fromJson(json, file.string());
}

void XlmrConfig::save(const fs::path &dirOrFile) const
{
    const fs::path file = configFilePath(dirOrFile);
    std::error_code ec;
    if (file.has_parent_path())
        fs::create_directories(file.parent_path(), ec);
    writeFileAtomically(file, toJson().dump(2, ' ', true) + "\n");
}

std::vector<std::string> XlmrConfig::presetNames()
{
    return {"tiny", "small", "base", "large"};
}

XlmrConfig XlmrConfig::preset(const std::string &name)
{
    XlmrConfig c;
    c.typeVocabSize = 1;
    c.layerNormEps = 1e-5;
    c.maxPositionEmbeddings = 514;
    c.extra["architectures"] = Json::array({"XLMRobertaForMaskedLM"});
    c.extra["model_type"] = "xlm-roberta";
    if (name == "tiny") {
        c.vocabSize = 1000;
        c.hiddenSize = 32;
        c.numHiddenLayers = 2;
        c.numAttentionHeads = 2;
        c.intermediateSize = 64;
        c.maxPositionEmbeddings = 130;
    } else if (name == "small") {
        c.vocabSize = 1000;
        c.hiddenSize = 128;
        c.numHiddenLayers = 4;
        c.numAttentionHeads = 4;
        c.intermediateSize = 512;
        c.maxPositionEmbeddings = 258;
    } else if (name == "base") {
        c.vocabSize = 250002;
    } else if (name == "large") {
        c.vocabSize = 250002;
        c.hiddenSize = 1024;
        c.numHiddenLayers = 24;
        c.numAttentionHeads = 16;
        c.intermediateSize = 4096;
    } else {
        throw Error("unknown XLM-R preset '" + name + "' (known: tiny, small, base, large)");
    }
    return c;
}

} // namespace fieldbench
