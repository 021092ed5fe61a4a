// Wav2Vec2Config: the shared Hugging Face fixtures' config.json files (parse, byte-exact
// round trip), transformers' defaults (compared with the real transformers when the
// project's venv has it), validate() problems, JSON type errors, the conv length
// arithmetic and the presets.

#include "fieldbench/io/wav2vec2config.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include "testdata.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace fieldbench;
namespace fs = std::filesystem;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(std::vector<int>)

namespace {

fs::path fixtureConfig(const QString &fixture)
{
    return fs::path(FIELDBENCH_HF_FIXTURES) / fixture.toStdString() / "config.json";
}

fs::path toPath(const QString &s)
{
    return fs::path(s.toStdString());
}

Json readJson(const fs::path &path)
{
    return Json::parse(readFile(path));
}

QString joined(const std::vector<std::string> &lines)
{
    QStringList list;
    for (const std::string &line : lines)
        list << QString::fromStdString(line);
    return list.join("\n");
}

// A Python with transformers (the project's venv), or empty (rows that need it skip).
QString pythonWithTransformers()
{
    static const QString python = fieldbench::testing::venvPython("transformers");
    return python;
}

// Runs a Python script; its stdout parsed as JSON.
bool runPython(const QString &script, const QStringList &args, Json *result, QString *error)
{
    QProcess p;
    p.start(pythonWithTransformers(), QStringList{"-c", script} + args);
    if (!p.waitForFinished(180000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    try {
        *result = Json::parse(p.readAllStandardOutput().toStdString());
    } catch (const std::exception &e) {
        *error = QString("Python printed no JSON: ") + e.what();
        return false;
    }
    return true;
}

// A config that validates cleanly, as JSON, for the validate() rows to patch.
Json validBase()
{
    return Wav2Vec2Config::preset("tiny").toJson();
}

} // namespace

class TestWav2Vec2Config : public QObject
{
    Q_OBJECT

private slots:
    void fixtureFields_data();
    void fixtureFields();
    void fixtureRoundTrip_data();
    void fixtureRoundTrip();
    void defaultsMatchTransformers();
    void extraKeysRoundTrip();
    void validate_data();
    void validate();
    void wrongTypes_data();
    void wrongTypes();
    void loadErrors();
    void outputLength_data();
    void outputLength();
    void presets_data();
    void presets();
    void presetsLoadInTransformers();
    void unknownPreset();
};

void TestWav2Vec2Config::fixtureFields_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<QString>("featExtractNorm");
    QTest::addColumn<bool>("convBias");
    QTest::addColumn<bool>("stableLayerNorm");
    QTest::addColumn<int>("vocabSize");

    QTest::newRow("w2v2_base_pretrain") << "w2v2_base_pretrain" << "Wav2Vec2ForPreTraining" << "group" << false
                                        << false << 32;
    QTest::newRow("w2v2_xlsr_ctc") << "w2v2_xlsr_ctc" << "Wav2Vec2ForCTC" << "layer" << true << true << 12;
}

void TestWav2Vec2Config::fixtureFields()
{
    QFETCH(QString, fixture);
    QFETCH(QString, architecture);
    QFETCH(QString, featExtractNorm);
    QFETCH(bool, convBias);
    QFETCH(bool, stableLayerNorm);
    QFETCH(int, vocabSize);

    const fs::path path = fixtureConfig(fixture);
    if (!fs::exists(path))
        QSKIP("shared/fixtures/hf is not beside the checkout");
    const Wav2Vec2Config c = Wav2Vec2Config::load(path.parent_path());

    QCOMPARE(c.hiddenSize, 32);
    QCOMPARE(c.numHiddenLayers, 2);
    QCOMPARE(c.numAttentionHeads, 2);
    QCOMPARE(c.intermediateSize, 64);
    QCOMPARE(c.hiddenAct, std::string("gelu"));
    QCOMPARE(c.convDim, (std::vector<int>{32, 32, 32}));
    QCOMPARE(c.convStride, (std::vector<int>{5, 2, 2}));
    QCOMPARE(c.convKernel, (std::vector<int>{10, 3, 2}));
    QCOMPARE(c.numFeatExtractLayers(), 3);
    QCOMPARE(c.numFeatExtractLayersInFile, std::optional<int>(3));
    QCOMPARE(c.featExtractNorm, featExtractNorm.toStdString());
    QCOMPARE(c.convBias, convBias);
    QCOMPARE(c.doStableLayerNorm, stableLayerNorm);
    QCOMPARE(c.numConvPosEmbeddings, 16);
    QCOMPARE(c.numConvPosEmbeddingGroups, 4);
    QCOMPARE(c.numCodevectorGroups, 2);
    QCOMPARE(c.numCodevectorsPerGroup, 8);
    QCOMPARE(c.codevectorDim, 16);
    QCOMPARE(c.projCodevectorDim, 16);
    QCOMPARE(c.initializerRange, 0.2);
    QCOMPARE(c.layerNormEps, 1e-5);
    QCOMPARE(c.maskTimeProb, 0.05);
    QCOMPARE(c.vocabSize, vocabSize);
    QCOMPARE(c.padTokenId, 0);
    QCOMPARE(c.outputHiddenSize, std::optional<int>(32));
    QVERIFY(!c.adapterAttnDim);
    QCOMPARE(c.tdnnDim, (std::vector<int>{512, 512, 512, 512, 1500}));

    // Exactly the keys transformers' Wav2Vec2Config does not define itself.
    QCOMPARE(c.extra, (Json{{"architectures", Json::array({architecture.toStdString()})},
                            {"model_type", "wav2vec2"},
                            {"torch_dtype", "float32"},
                            {"transformers_version", "4.30.2"}}));
    QVERIFY2(c.validate().empty(), qPrintable(joined(c.validate())));
}

void TestWav2Vec2Config::fixtureRoundTrip_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("w2v2_base_pretrain") << "w2v2_base_pretrain";
    QTest::newRow("w2v2_xlsr_ctc") << "w2v2_xlsr_ctc";
}

void TestWav2Vec2Config::fixtureRoundTrip()
{
    QFETCH(QString, fixture);
    const fs::path path = fixtureConfig(fixture);
    if (!fs::exists(path))
        QSKIP("shared/fixtures/hf is not beside the checkout");

    const Json original = readJson(path);
    const Wav2Vec2Config c = Wav2Vec2Config::fromJson(original);
    QCOMPARE(c.toJson(), original);
    QCOMPARE(Wav2Vec2Config::fromJson(c.toJson()).toJson(), original);

    // save() writes what transformers' save_pretrained wrote, byte for byte.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    c.save(toPath(dir.path()));
    QCOMPARE(QString::fromStdString(readFile(toPath(dir.filePath("config.json")))),
             QString::fromStdString(readFile(path)));

    // A file path works as well as a folder, for load() and save().
    const fs::path file = toPath(dir.filePath("copy.json"));
    c.save(file);
    QCOMPARE(Wav2Vec2Config::load(file).toJson(), original);
    // A folder that does not exist yet is created.
    c.save(toPath(dir.filePath("new/model")));
    QCOMPARE(Wav2Vec2Config::load(toPath(dir.filePath("new/model"))).toJson(), original);
}

void TestWav2Vec2Config::defaultsMatchTransformers()
{
    const Wav2Vec2Config c = Wav2Vec2Config::fromJson(Json::object());
    const Json ours = c.toJson();
    QVERIFY2(c.validate().empty(), qPrintable(joined(c.validate())));
    QCOMPARE(ours["num_feat_extract_layers"], Json(7));
    QCOMPARE(ours["output_hidden_size"], Json(768));
    QVERIFY(ours["adapter_attn_dim"].is_null());
    QVERIFY(c.extra.empty());

    if (pythonWithTransformers().isEmpty())
        QSKIP("no Python with transformers (pip install transformers into the project's venv)");

    // to_dict() of the real class, and the keys every PretrainedConfig has (not
    // Wav2Vec2-specific: transformers_version, architectures, id2label, ...).
    const char *script = R"(
import json, transformers
print(json.dumps({"version": transformers.__version__,
                  "config": transformers.Wav2Vec2Config().to_dict(),
                  "generic": sorted(transformers.PretrainedConfig().to_dict())}))
)";
    Json result;
    QString error;
    QVERIFY2(runPython(script, {}, &result, &error), qPrintable(error));
    const Json &theirs = result["config"];
    const Json &generic = result["generic"];
    qInfo("transformers %s", result["version"].get<std::string>().c_str());

    for (auto it = ours.begin(); it != ours.end(); ++it) {
        QVERIFY2(theirs.contains(it.key()),
                 qPrintable("transformers has no field " + QString::fromStdString(it.key())));
        QVERIFY2(theirs[it.key()] == it.value(),
                 qPrintable(QString::fromStdString(it.key() + ": ours " + it.value().dump() + ", transformers "
                                                   + theirs[it.key()].dump())));
    }
    for (auto it = theirs.begin(); it != theirs.end(); ++it) {
        const bool isGeneric = std::find(generic.begin(), generic.end(), Json(it.key())) != generic.end();
        QVERIFY2(isGeneric || ours.contains(it.key()),
                 qPrintable("Wav2Vec2Config field missing here: " + QString::fromStdString(it.key())));
    }
}

void TestWav2Vec2Config::extraKeysRoundTrip()
{
    Json json = validBase();
    json["some_future_field"] = Json{{"nested", Json::array({1, "two", nullptr})}};
    json["torch_dtype"] = "bfloat16";
    json["id2label"] = Json{{"0", "<pad>"}};
    const Wav2Vec2Config c = Wav2Vec2Config::fromJson(json);
    QCOMPARE(c.extra["some_future_field"], json["some_future_field"]);
    QVERIFY(!c.extra.contains("hidden_size"));
    QCOMPARE(c.toJson(), json);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    c.save(toPath(dir.path()));
    QCOMPARE(Wav2Vec2Config::load(toPath(dir.path())).toJson(), json);

    // Non-ASCII text is escaped as Python's json.dumps does.
    Wav2Vec2Config named = c;
    named.extra["_name_or_path"] = "ainu-\xc3\xa9";
    named.save(toPath(dir.path()));
    QVERIFY(QString::fromStdString(readFile(toPath(dir.filePath("config.json")))).contains("ainu-\\u00e9"));
    QCOMPARE(Wav2Vec2Config::load(toPath(dir.path())).extra["_name_or_path"], Json("ainu-\xc3\xa9"));

    // A null output_hidden_size is kept in the struct and written as hidden_size.
    json["output_hidden_size"] = nullptr;
    const Wav2Vec2Config nullOutput = Wav2Vec2Config::fromJson(json);
    QVERIFY(!nullOutput.outputHiddenSize);
    QCOMPARE(nullOutput.toJson()["output_hidden_size"], Json(64));
}

void TestWav2Vec2Config::validate_data()
{
    QTest::addColumn<QByteArray>("patch"); // merged into the "tiny" preset's JSON
    QTest::addColumn<QString>("keyword");  // empty: no problem expected
    QTest::addColumn<int>("problems");

    QTest::newRow("clean") << QByteArray("{}") << "" << 0;
    QTest::newRow("conv lengths differ") << QByteArray(R"({"conv_stride":[5,2,2]})") << "same length" << 1;
    QTest::newRow("conv empty")
        << QByteArray(R"({"conv_dim":[],"conv_stride":[],"conv_kernel":[],"num_feat_extract_layers":0})")
        << "conv_dim is empty" << 3;
    QTest::newRow("conv kernel zero") << QByteArray(R"({"conv_kernel":[10,3,3,3,3,2,0]})")
                                      << "conv_kernel[6] must be at least 1" << 1;
    QTest::newRow("conv dim negative") << QByteArray(R"({"conv_dim":[32,32,32,-1,32,32,32]})")
                                       << "conv_dim[3] must be at least 1" << 1;
    QTest::newRow("num_feat_extract_layers") << QByteArray(R"({"num_feat_extract_layers":5})")
                                             << "num_feat_extract_layers (5) differs" << 1;
    QTest::newRow("heads do not divide") << QByteArray(R"({"num_attention_heads":5})")
                                         << "num_attention_heads (5) does not divide hidden_size (64)" << 1;
    QTest::newRow("zero heads") << QByteArray(R"({"num_attention_heads":0})") << "num_attention_heads must be" << 1;
    QTest::newRow("zero layers") << QByteArray(R"({"num_hidden_layers":0})") << "num_hidden_layers must be" << 1;
    QTest::newRow("zero hidden") << QByteArray(R"({"hidden_size":0})") << "hidden_size must be" << 1;
    QTest::newRow("zero ff") << QByteArray(R"({"intermediate_size":0})") << "intermediate_size must be" << 1;
    QTest::newRow("feat_extract_norm") << QByteArray(R"({"feat_extract_norm":"batch"})")
                                       << "feat_extract_norm must be \"group\" or \"layer\"" << 1;
    QTest::newRow("hidden_act") << QByteArray(R"({"hidden_act":"gleu"})") << "hidden_act \"gleu\" is not" << 1;
    QTest::newRow("feat_extract_activation") << QByteArray(R"({"feat_extract_activation":"softmax"})")
                                             << "feat_extract_activation \"softmax\"" << 1;
    QTest::newRow("other activations") << QByteArray(R"({"hidden_act":"gelu_new","feat_extract_activation":"swish"})")
                                       << "" << 0;
    QTest::newRow("dropout above 1") << QByteArray(R"({"hidden_dropout":1.5})") << "hidden_dropout (1.5) is outside"
                                     << 1;
    QTest::newRow("layerdrop negative") << QByteArray(R"({"layerdrop":-0.1})") << "layerdrop (-0.1) is outside" << 1;
    QTest::newRow("mask_time_prob") << QByteArray(R"({"mask_time_prob":2})") << "mask_time_prob (2) is outside" << 1;
    QTest::newRow("mask_time_length") << QByteArray(R"({"mask_time_length":0})") << "mask_time_length must be" << 1;
    QTest::newRow("codevector_dim") << QByteArray(R"({"codevector_dim":33})")
                                    << "codevector_dim (33) is not divisible by num_codevector_groups (2)" << 1;
    QTest::newRow("zero groups") << QByteArray(R"({"num_codevector_groups":0})") << "num_codevector_groups must be"
                                 << 1;
    QTest::newRow("pos conv kernel") << QByteArray(R"({"num_conv_pos_embeddings":0})")
                                     << "num_conv_pos_embeddings must be at least 1" << 1;
    QTest::newRow("pos conv groups") << QByteArray(R"({"num_conv_pos_embedding_groups":3})")
                                     << "num_conv_pos_embedding_groups (3) does not divide hidden_size (64)" << 1;
    QTest::newRow("ctc_loss_reduction") << QByteArray(R"({"ctc_loss_reduction":"none"})")
                                        << "ctc_loss_reduction must be" << 1;
    QTest::newRow("pad outside vocab (CTC)")
        << QByteArray(R"({"architectures":["Wav2Vec2ForCTC"],"vocab_size":12,"pad_token_id":12})")
        << "pad_token_id (12, the CTC blank) is outside the vocabulary [0, 12)" << 1;
    QTest::newRow("pad negative (no architectures)") << QByteArray(R"({"architectures":null,"pad_token_id":-1})")
                                                     << "pad_token_id (-1" << 1;
    QTest::newRow("pad unused (pretraining)") << QByteArray(R"({"vocab_size":12,"pad_token_id":40})") << "" << 0;
    QTest::newRow("zero vocab (CTC)") << QByteArray(R"({"architectures":["Wav2Vec2ForCTC"],"vocab_size":0})")
                                      << "vocab_size must be" << 1;
    QTest::newRow("add_adapter") << QByteArray(R"({"add_adapter":true})") << "not supported yet" << 1;
    QTest::newRow("adapter_attn_dim") << QByteArray(R"({"adapter_attn_dim":16})") << "attention adapters" << 1;
    QTest::newRow("layer_norm_eps") << QByteArray(R"({"layer_norm_eps":0})") << "layer_norm_eps" << 1;
    QTest::newRow("temperature") << QByteArray(R"({"contrastive_logits_temperature":0})")
                                 << "contrastive_logits_temperature" << 1;
}

void TestWav2Vec2Config::validate()
{
    QFETCH(QByteArray, patch);
    QFETCH(QString, keyword);
    QFETCH(int, problems);

    Json json = validBase();
    const Json patchJson = Json::parse(patch.toStdString());
    for (const auto &[key, value] : patchJson.items()) {
        if (value.is_null() && key == "architectures")
            json.erase(key);
        else
            json[key] = value;
    }
    const std::vector<std::string> found = Wav2Vec2Config::fromJson(json).validate();
    const QString text = joined(found);
    QVERIFY2(int(found.size()) == problems, qPrintable(QString("%1 problems:\n%2").arg(found.size()).arg(text)));
    if (!keyword.isEmpty())
        QVERIFY2(text.contains(keyword), qPrintable(text));
}

void TestWav2Vec2Config::wrongTypes_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("message");

    QTest::newRow("conv_dim float") << "conv_dim" << QByteArray("[512, 1.5]")
                                    << "config.json: field 'conv_dim' must be a list of integers";
    QTest::newRow("conv_dim scalar") << "conv_dim" << QByteArray("512")
                                     << "config.json: field 'conv_dim' must be a list of integers";
    QTest::newRow("tdnn_dim nested") << "tdnn_dim" << QByteArray("[[1]]") << "field 'tdnn_dim' must be a list";
    QTest::newRow("hidden_size float") << "hidden_size" << QByteArray("768.0")
                                       << "field 'hidden_size' must be an integer";
    QTest::newRow("hidden_size string") << "hidden_size" << QByteArray("\"768\"")
                                        << "field 'hidden_size' must be an integer";
    QTest::newRow("vocab_size too big") << "vocab_size" << QByteArray("10000000000")
                                        << "field 'vocab_size' is out of range";
    QTest::newRow("pad_token_id null") << "pad_token_id" << QByteArray("null")
                                       << "field 'pad_token_id' must be an integer";
    QTest::newRow("num_feat_extract_layers") << "num_feat_extract_layers" << QByteArray("\"7\"")
                                             << "field 'num_feat_extract_layers' must be an integer";
    QTest::newRow("bool as int") << "do_stable_layer_norm" << QByteArray("1")
                                 << "field 'do_stable_layer_norm' must be true or false";
    QTest::newRow("probability string") << "mask_time_prob" << QByteArray("\"0.05\"")
                                        << "field 'mask_time_prob' must be a number";
    QTest::newRow("probability bool") << "hidden_dropout" << QByteArray("true")
                                      << "field 'hidden_dropout' must be a number";
    QTest::newRow("string null") << "hidden_act" << QByteArray("null") << "field 'hidden_act' must be a string";
    QTest::newRow("optional string") << "output_hidden_size" << QByteArray("\"x\"")
                                     << "field 'output_hidden_size' must be an integer or null";
    QTest::newRow("optional float") << "adapter_attn_dim" << QByteArray("1.5")
                                    << "field 'adapter_attn_dim' must be an integer or null";
}

void TestWav2Vec2Config::wrongTypes()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(QString, message);

    Json json = validBase();
    json[key.toStdString()] = Json::parse(value.toStdString());
    try {
        Wav2Vec2Config::fromJson(json);
        QFAIL("no Error");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).contains(message), e.what());
    }

    // load() names the file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path file = toPath(dir.filePath("config.json"));
    writeFileAtomically(file, json.dump());
    try {
        Wav2Vec2Config::load(toPath(dir.path()));
        QFAIL("no Error");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(file.string()) + ": field '" + key + "'"),
                 e.what());
    }
}

void TestWav2Vec2Config::loadErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path file = toPath(dir.filePath("config.json"));

    // Missing file.
    QVERIFY_THROWS_EXCEPTION(Error, Wav2Vec2Config::load(toPath(dir.path())));
    // Not JSON, and JSON that is not an object.
    writeFileAtomically(file, "{\"hidden_size\": ");
    try {
        Wav2Vec2Config::load(file);
        QFAIL("no Error");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(file.string()) + ": not valid JSON"), e.what());
    }
    writeFileAtomically(file, "[1, 2]");
    try {
        Wav2Vec2Config::load(file);
        QFAIL("no Error");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).contains("not a JSON object"), e.what());
    }
}

void TestWav2Vec2Config::outputLength_data()
{
    QTest::addColumn<std::vector<int>>("kernel");
    QTest::addColumn<std::vector<int>>("stride");
    QTest::addColumn<qint64>("samples");
    QTest::addColumn<qint64>("frames");

    const std::vector<int> baseKernel{10, 3, 3, 3, 3, 2, 2};
    const std::vector<int> baseStride{5, 2, 2, 2, 2, 2, 2};
    const std::vector<int> fixtureKernel{10, 3, 2};
    const std::vector<int> fixtureStride{5, 2, 2};
    // Values of transformers' _get_feat_extract_output_lengths.
    QTest::newRow("base 1 s") << baseKernel << baseStride << qint64(16000) << qint64(49);
    QTest::newRow("base 2 s") << baseKernel << baseStride << qint64(32000) << qint64(99);
    QTest::newRow("base 3 s") << baseKernel << baseStride << qint64(48000) << qint64(149);
    QTest::newRow("base 16320") << baseKernel << baseStride << qint64(16320) << qint64(50);
    QTest::newRow("base receptive field") << baseKernel << baseStride << qint64(400) << qint64(1);
    QTest::newRow("base one short") << baseKernel << baseStride << qint64(399) << qint64(0);
    QTest::newRow("base empty") << baseKernel << baseStride << qint64(0) << qint64(0);
    QTest::newRow("fixture 1600") << fixtureKernel << fixtureStride << qint64(1600) << qint64(79);
    QTest::newRow("fixture 1200") << fixtureKernel << fixtureStride << qint64(1200) << qint64(59);
    QTest::newRow("one hour") << baseKernel << baseStride << qint64(16000) * 3600 << qint64(179999);
}

void TestWav2Vec2Config::outputLength()
{
    QFETCH(std::vector<int>, kernel);
    QFETCH(std::vector<int>, stride);
    QFETCH(qint64, samples);
    QFETCH(qint64, frames);

    Wav2Vec2Config c;
    c.convKernel = kernel;
    c.convStride = stride;
    c.convDim.assign(kernel.size(), 8);
    QCOMPARE(qint64(c.outputLength(samples)), frames);
}

void TestWav2Vec2Config::presets_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("stableLayerNorm");
    for (const std::string &name : Wav2Vec2Config::presetNames()) {
        const Wav2Vec2Config c = Wav2Vec2Config::preset(name);
        QTest::newRow(name.c_str()) << QString::fromStdString(name) << c.hiddenSize << c.numHiddenLayers
                                    << c.doStableLayerNorm;
    }
}

void TestWav2Vec2Config::presets()
{
    QFETCH(QString, name);
    const Wav2Vec2Config c = Wav2Vec2Config::preset(name.toStdString());
    QVERIFY2(c.validate().empty(), qPrintable(joined(c.validate())));
    QCOMPARE(c.extra["architectures"], Json::array({"Wav2Vec2ForPreTraining"}));
    QCOMPARE(c.extra["model_type"], Json("wav2vec2"));
    QCOMPARE(Wav2Vec2Config::fromJson(c.toJson()).toJson(), c.toJson());
    QCOMPARE(c.outputLength(16000), std::int64_t(49));

    struct Shape { int hidden, layers, heads, ff; bool stable; const char *norm; bool bias; int codevectorDim, proj; };
    const std::map<QString, Shape> expected = {
        {"tiny", {64, 2, 2, 128, true, "layer", true, 32, 32}},
        {"small", {256, 4, 4, 1024, true, "layer", true, 256, 128}},
        {"base", {768, 12, 12, 3072, false, "group", false, 256, 256}},
        {"large", {1024, 24, 16, 4096, true, "layer", true, 768, 768}},
        {"xlsr-300m", {1024, 24, 16, 4096, true, "layer", true, 768, 768}},
    };
    const Shape &s = expected.at(name);
    QCOMPARE(c.hiddenSize, s.hidden);
    QCOMPARE(c.numHiddenLayers, s.layers);
    QCOMPARE(c.numAttentionHeads, s.heads);
    QCOMPARE(c.intermediateSize, s.ff);
    QCOMPARE(c.doStableLayerNorm, s.stable);
    QCOMPARE(c.featExtractNorm, std::string(s.norm));
    QCOMPARE(c.convBias, s.bias);
    QCOMPARE(c.codevectorDim, s.codevectorDim);
    QCOMPARE(c.projCodevectorDim, s.proj);
}

void TestWav2Vec2Config::presetsLoadInTransformers()
{
    if (pythonWithTransformers().isEmpty())
        QSKIP("no Python with transformers (pip install transformers into the project's venv)");

    // transformers reads every preset's saved config.json back unchanged.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList folders;
    for (const std::string &name : Wav2Vec2Config::presetNames()) {
        const QString folder = dir.filePath(QString::fromStdString(name));
        Wav2Vec2Config::preset(name).save(toPath(folder));
        folders << folder;
    }
    const char *script = R"(
import json, sys, transformers
out = {}
for folder in sys.argv[1:]:
    out[folder] = transformers.Wav2Vec2Config.from_pretrained(folder).to_dict()
print(json.dumps(out))
)";
    Json result;
    QString error;
    QVERIFY2(runPython(script, folders, &result, &error), qPrintable(error));
    for (const QString &folder : folders) {
        const Json ours = Wav2Vec2Config::load(toPath(folder)).toJson();
        const Json &theirs = result[folder.toStdString()];
        for (auto it = ours.begin(); it != ours.end(); ++it) {
            if (it.key() == "transformers_version")
                continue;
            QVERIFY2(theirs.contains(it.key()) && theirs[it.key()] == it.value(),
                     qPrintable(folder + ": " + QString::fromStdString(it.key())));
        }
    }
}

void TestWav2Vec2Config::unknownPreset()
{
    try {
        Wav2Vec2Config::preset("huge");
        QFAIL("no Error");
    } catch (const Error &e) {
        QVERIFY2(QString(e.what()).contains("known: tiny, small, base, large, xlsr-300m"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestWav2Vec2Config)
#include "test_wav2vec2config.moc"
