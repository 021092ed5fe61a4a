// Model export: a hand-made run folder (docs/run-directory.md) and model folders exported
// as Hugging Face folders; loaded back by Fieldbench (same outputs) and by the real
// transformers (same logits, tokenizer conventions); fp16/bf16 and encoder-only exports.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/io/modelexport.h"
#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/train/trainconfig.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace fieldbench;
using fieldbench::testing::run;
using fieldbench::testing::toPath;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::vector<std::string> kVocab{"<pad>", "<unk>", "|", "a", "b", "c", "d", "e", "i", "k", "o", "u"};

json vocabJson()
{
    json v = json::object();
    for (std::size_t i = 0; i < kVocab.size(); ++i)
        v[kVocab[i]] = i;
    return v;
}

// A tiny model with every parameter perturbed (so a dropped or swapped tensor shows).
LoadedWav2Vec2 tinyModel(Wav2Vec2Architecture arch, std::uint64_t seed, const std::string &norm = "group")
{
    Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
    c.vocabSize = int(kVocab.size());
    // "group": wav2vec2-base style (post-LN encoder); "layer": XLSR style (pre-LN).
    c.featExtractNorm = norm;
    c.convBias = norm == "layer";
    c.doStableLayerNorm = norm == "layer";
    torch::manual_seed(seed);
    LoadedWav2Vec2 m = createWav2Vec2(c, arch);
    torch::NoGradGuard g;
    for (auto &p : m.module->parameters())
        p.add_(torch::randn_like(p) * 0.05);
    return m;
}

void writeJson(const fs::path &file, const json &j) { writeFileAtomically(file, j.dump(2)); }

torch::Tensor audio(std::int64_t samples, std::uint64_t seed = 3)
{
    torch::manual_seed(seed);
    return torch::randn({1, samples}) * 0.1;
}

double maxDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

} // namespace

class TestModelExport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_run;
    std::int64_t m_segments[3] = {0, 0, 0};

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const fs::path root = toPath(m_tmp.path());
        // Project: one recording per language, segments of 60 + 30 s (ain) and 45 s (deu).
        Project project = Project::create(root / "project", "export test");
        fs::create_directories(root / "project/audio");
        writeAudio(root / "project/audio/r1.flac", std::vector<float>(16000, 0.0f), 16000);
        for (const auto &[code, spans] : std::vector<std::pair<std::string, std::vector<double>>>{{"ain", {60, 30}}, {"deu", {45}}}) {
            NewRecording r;
            r.recording.sourcePath = "/src/" + code + ".wav";
            r.recording.contentHash = "hash-" + code;
            r.recording.audioFile = "audio/r1.flac";
            r.recording.durationSeconds = 200;
            r.languageCode = code;
            double at = 0;
            for (const double s : spans) {
                Segment seg;
                seg.start = at;
                seg.end = at + s;
                seg.source = "test";
                seg.transcripts = {{"text", "a b"}};
                r.segments.push_back(seg);
                at += s;
            }
            project.addRecording(r);
        }
        int k = 0;
        for (const SegmentRow &row : project.segmentRows())
            m_segments[k++] = row.segmentId;

        // Run folder.
        m_run = root / "runs/ctc1";
        fs::create_directories(m_run / "checkpoints");
        TrainConfig tc = TrainConfig::fromPreset("character-recogniser");
        tc.objective = "ctc";
        tc.project = "../../project";
        tc.data.languages = {"ain", "deu"};
        tc.ctc.unit = "char";
        tc.maxSteps = 20;
        writeFileAtomically(m_run / "config.json", tc.toJson());
        json splits = {{"seed", 1}, {"by", "speaker"}};
        std::int64_t ain60 = 0, ain30 = 0, deu45 = 0;
        for (const SegmentRow &row : project.segmentRows()) {
            const double d = row.end - row.start;
            (d > 50 ? ain60 : d > 40 ? deu45 : ain30) = row.segmentId;
        }
        splits["train"] = {ain60, deu45};
        splits["dev"] = {ain30};
        writeJson(m_run / "splits.json", splits);
        writeJson(m_run / "vocab.json", vocabJson());
        std::string metrics;
        metrics += R"({"type":"train","step":10,"time":1.0,"loss":3.2})" "\n";
        metrics += R"({"type":"eval","step":10,"time":2.0,"loss":2.5,"cer":0.61,"wer":0.9,"per_language":{"ain":{"cer":0.55,"wer":0.8,"utterances":1},"deu":{"cer":0.7,"wer":1.0,"utterances":1}}})" "\n";
        metrics += R"({"type":"eval","step":20,"time":4.0,"loss":2.9,"cer":0.66,"wer":0.95,"per_language":{"ain":{"cer":0.6,"wer":0.9,"utterances":1}}})" "\n";
        metrics += R"({"type":"eval","step":2)"; // cut off by a crash
        writeFileAtomically(m_run / "metrics.jsonl", metrics);
        for (const auto &[name, seed] : std::vector<std::pair<std::string, int>>{{"step-00000010", 10}, {"step-00000020", 20}}) {
            LoadedWav2Vec2 m = tinyModel(Wav2Vec2Architecture::CTC, std::uint64_t(seed));
            saveModelFolder(*m.module, m.config, m_run / "checkpoints" / name);
            writeJson(m_run / "checkpoints" / name / "vocab.json", vocabJson());
            writeJson(m_run / "checkpoints" / name / "trainer_state.json", {{"step", seed}});
        }
        writeJson(m_run / "checkpoints/index.json", {{"latest", "step-00000020"}, {"best", "step-00000010"},
                                                      {"best_metric", 0.61}, {"best_metric_name", "cer"},
                                                      {"checkpoints", {"step-00000010", "step-00000020"}}});
    }

    void exportsBestCheckpointOfRun()
    {
        ExportOptions o;
        o.run = m_run;
        o.out = toPath(m_tmp.filePath("out/best"));
        const ExportReport r = exportModel(o);
        QCOMPARE(r.source.filename().string(), std::string("step-00000010"));
        QCOMPARE(r.architecture, std::string("Wav2Vec2ForCTC"));
        for (const char *f : {"config.json", "model.safetensors", "preprocessor_config.json", "vocab.json",
                              "tokenizer_config.json", "special_tokens_map.json", "README.md", "metrics.json"})
            QVERIFY2(fs::is_regular_file(o.out / f), f);

        // Fieldbench loads the export; outputs equal the checkpoint's exactly.
        const LoadedWav2Vec2 src = loadWav2Vec2(r.source), exp = loadWav2Vec2(o.out);
        QCOMPARE(int(exp.architecture), int(Wav2Vec2Architecture::CTC));
        const torch::Tensor x = audio(8000);
        QCOMPARE(maxDiff(src.run(x).at("logits"), exp.run(x).at("logits")), 0.0);

        // Files follow transformers' conventions.
        const SafeTensorsFile st(o.out / "model.safetensors");
        QCOMPARE(st.metadata().at("format"), std::string("pt"));
        const json config = json::parse(readFile(o.out / "config.json"));
        QCOMPARE(config["architectures"][0].get<std::string>(), std::string("Wav2Vec2ForCTC"));
        QCOMPARE(config["vocab_size"].get<int>(), int(kVocab.size()));
        QCOMPARE(config["pad_token_id"].get<int>(), 0);
        QCOMPARE(config["torch_dtype"].get<std::string>(), std::string("float32"));
        const json pre = json::parse(readFile(o.out / "preprocessor_config.json"));
        QCOMPARE(pre["sampling_rate"].get<int>(), 16000);
        QVERIFY(pre["do_normalize"].get<bool>());
        QVERIFY(!pre["return_attention_mask"].get<bool>()); // group-norm feature encoder
        const json tok = json::parse(readFile(o.out / "tokenizer_config.json"));
        QCOMPARE(tok["tokenizer_class"].get<std::string>(), std::string("Wav2Vec2CTCTokenizer"));
        QCOMPARE(tok["pad_token"].get<std::string>(), std::string("<pad>"));
        QCOMPARE(tok["unk_token"].get<std::string>(), std::string("<unk>"));
        QCOMPARE(tok["word_delimiter_token"].get<std::string>(), std::string("|"));
        QVERIFY(json::parse(readFile(o.out / "vocab.json")) == vocabJson());

        // metrics.json: the eval at the best checkpoint's step; hours from the splits.
        const json metrics = json::parse(readFile(o.out / "metrics.json"));
        QCOMPARE(metrics["step"].get<int>(), 10);
        QCOMPARE(metrics["dev"]["cer"].get<double>(), 0.61);
        QCOMPARE(metrics["dev"]["per_language"]["deu"]["cer"].get<double>(), 0.7);
        QVERIFY(std::abs(metrics["train_hours"]["ain"].get<double>() - 60.0 / 3600) < 1e-9);
        QVERIFY(std::abs(metrics["train_hours"]["deu"].get<double>() - 45.0 / 3600) < 1e-9);
        QVERIFY(std::abs(metrics["dev_hours"]["ain"].get<double>() - 30.0 / 3600) < 1e-9);

        // The model card names languages, hours, base model, objective, metrics, limits.
        const QString card = QString::fromStdString(readFile(o.out / "README.md"));
        for (const QString &s : {QString("language:\n- ain\n- deu"), QString("| ain | "), QString(" | 0.017 | 0.008 |\n| deu | "),
                                 QString("CTC fine-tuning"), QString("| deu | cer | 0.7000 | 1 |"),
                                 QString("Intended use and limits"), QString("step-00000010"), QString("base model:"),
                                 QString("learning rate"),
                                 // tri-stage phases are shares of the updates, not the step warmup
                                 QString("tristage schedule (warmup 10%, hold 40%, decay 50% of 20 updates to 0.05 of the peak)")})
            QVERIFY2(card.contains(s), qPrintable("model card lacks: " + s + "\n" + card));
    }

    void latestAndNamedCheckpoints()
    {
        ExportOptions o;
        o.run = m_run;
        o.checkpoint = "latest";
        o.out = toPath(m_tmp.filePath("out/latest"));
        QCOMPARE(exportModel(o).source.filename().string(), std::string("step-00000020"));
        const json metrics = json::parse(readFile(o.out / "metrics.json"));
        QCOMPARE(metrics["step"].get<int>(), 20);
        QCOMPARE(metrics["dev"]["cer"].get<double>(), 0.66);
        o.checkpoint = "step-00000099";
        o.out = toPath(m_tmp.filePath("out/missing"));
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(o));
        o.checkpoint = "../../project";
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(o));
    }

    void dtypes_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("stored");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("fp16") << "fp16" << "F16" << 2e-2;
        QTest::newRow("bf16") << "bf16" << "BF16" << 1e-1;
    }

    void dtypes()
    {
        QFETCH(QString, dtype);
        QFETCH(QString, stored);
        QFETCH(double, tolerance);
        ExportOptions o;
        o.run = m_run;
        o.dtype = dtype.toStdString();
        o.out = toPath(m_tmp.filePath("out/" + dtype));
        const ExportReport r = exportModel(o);
        const SafeTensorsFile st(o.out / "model.safetensors");
        for (const auto &t : st.tensors())
            QCOMPARE(QString::fromStdString(toString(t.dtype)), stored);
        QCOMPARE(st.metadata().at("format"), std::string("pt"));
        const LoadedWav2Vec2 src = loadWav2Vec2(r.source), exp = loadWav2Vec2(o.out);
        const torch::Tensor x = audio(8000);
        const torch::Tensor a = src.run(x).at("logits"), b = exp.run(x).at("logits");
        const double d = maxDiff(a, b), scale = a.abs().max().item<double>();
        QVERIFY2(d > 0 && d <= tolerance * std::max(1.0, scale), qPrintable(QString::number(d)));
        // The weights are the rounded fp32 weights, exactly.
        const auto srcWeights = loadSafeTensors(r.source / "model.safetensors");
        const auto expWeights = loadSafeTensors(o.out / "model.safetensors");
        for (const auto &[name, t] : srcWeights)
            QVERIFY2(torch::equal(t.to(expWeights.at(name).scalar_type()), expWeights.at(name)), name.c_str());
    }

    void encoderOnly()
    {
        ExportOptions o;
        o.run = m_run;
        o.encoderOnly = true;
        o.out = toPath(m_tmp.filePath("out/encoder"));
        const ExportReport r = exportModel(o);
        QCOMPARE(r.architecture, std::string("Wav2Vec2Model"));
        QVERIFY(!fs::exists(o.out / "vocab.json"));
        const SafeTensorsFile st(o.out / "model.safetensors");
        QVERIFY(st.contains("encoder.layers.0.attention.q_proj.weight"));
        QVERIFY(!st.contains("lm_head.weight"));
        QVERIFY(!st.contains("wav2vec2.encoder.layers.0.attention.q_proj.weight"));
        const LoadedWav2Vec2 src = loadWav2Vec2(r.source), exp = loadWav2Vec2(o.out);
        QCOMPARE(int(exp.architecture), int(Wav2Vec2Architecture::Model));
        const torch::Tensor x = audio(6000);
        QCOMPARE(maxDiff(src.run(x).at("last_hidden_state"), exp.run(x).at("last_hidden_state")), 0.0);
    }

    void refusals()
    {
        ExportOptions o;
        o.out = toPath(m_tmp.filePath("out/x"));
        QVERIFY(!o.validate().empty()); // no source
        o.run = m_run;
        o.dtype = "int8";
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(o));
        // A CTC model folder without vocab.json.
        LoadedWav2Vec2 m = tinyModel(Wav2Vec2Architecture::CTC, 4);
        const fs::path dir = toPath(m_tmp.filePath("novocab"));
        saveModelFolder(*m.module, m.config, dir);
        ExportOptions p;
        p.model = dir;
        p.out = toPath(m_tmp.filePath("out/novocab"));
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(p));
        // A vocabulary of the wrong size.
        json small = {{"<pad>", 0}, {"a", 1}};
        writeJson(dir / "vocab.json", small);
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(p));
        // A non-empty output folder.
        writeJson(dir / "vocab.json", vocabJson());
        QVERIFY(fieldbench::testing::writeBytes(m_tmp.filePath("out/full/x.txt"), "x"));
        p.out = toPath(m_tmp.filePath("out/full"));
        QVERIFY_THROWS_EXCEPTION(Error, exportModel(p));
        p.overwrite = true;
        exportModel(p);
    }

    void transformersLoadsExports_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("norm");
        QTest::newRow("ctc fp32 group norm") << "ctc" << "fp32" << "group";
        QTest::newRow("ctc fp16 layer norm") << "ctc" << "fp16" << "layer";
        QTest::newRow("pretraining bf16") << "pretraining" << "bf16" << "group";
        QTest::newRow("encoder only") << "model" << "fp32" << "layer";
    }

    void transformersLoadsExports()
    {
        QFETCH(QString, kind);
        QFETCH(QString, dtype);
        QFETCH(QString, norm);
        const QString python = fieldbench::testing::venvPython("transformers");
        if (python.isEmpty())
            QSKIP("no project venv with transformers (scripts/setup makes it)");
        QTemporaryDir tmp;
        const fs::path root = toPath(tmp.path());
        LoadedWav2Vec2 m = tinyModel(kind == "ctc" ? Wav2Vec2Architecture::CTC : Wav2Vec2Architecture::PreTraining, 7,
                                     norm.toStdString());
        saveModelFolder(*m.module, m.config, root / "src");
        writeJson(root / "src/vocab.json", vocabJson());
        ExportOptions o;
        o.model = root / "src";
        o.out = root / "export";
        o.dtype = dtype.toStdString();
        o.encoderOnly = kind == "model";
        exportModel(o);
        const torch::Tensor x = audio(9000);
        saveSafeTensors(root / "in.safetensors", {{"input_values", x}});
        const QString script = QStringLiteral(R"(
import sys, json, torch, transformers as T
from safetensors.torch import load_file, save_file
d, kind = sys.argv[1], sys.argv[2]
cls = {'ctc': T.Wav2Vec2ForCTC, 'pretraining': T.Wav2Vec2ForPreTraining, 'model': T.Wav2Vec2Model}[kind]
try:
    m = cls.from_pretrained(d + '/export', attn_implementation='eager', dtype=torch.float32)
except TypeError:
    m = cls.from_pretrained(d + '/export', attn_implementation='eager', torch_dtype=torch.float32)
m = m.eval()
x = load_file(d + '/in.safetensors')['input_values']
fe = T.Wav2Vec2FeatureExtractor.from_pretrained(d + '/export')
info = {'sr': fe.sampling_rate, 'norm': fe.do_normalize, 'mask': fe.return_attention_mask}
with torch.no_grad():
    o = m(x)
key = {'ctc': 'logits', 'pretraining': 'projected_states', 'model': 'last_hidden_state'}[kind]
save_file({key: o[key].float().contiguous()}, d + '/hf.safetensors')
if kind == 'ctc':
    p = T.Wav2Vec2Processor.from_pretrained(d + '/export')
    tok = p.tokenizer
    info.update({'len': len(tok), 'pad': tok.pad_token_id, 'unk': tok.unk_token_id,
                 'decoded': tok.decode([3, 3, 0, 4, 2, 5, 0, 0]),
                 'delim': tok.word_delimiter_token, 'bos': tok.bos_token, 'eos': tok.eos_token,
                 'encoded': tok('ab c').input_ids})
json.dump(info, open(d + '/info.json', 'w'))
)");
        QString error;
        QVERIFY2(run({python, "-c", script, tmp.path(), kind}, &error), qPrintable(error));
        const LoadedWav2Vec2 ours = loadWav2Vec2(root / "export");
        const std::string key = kind == "ctc" ? "logits" : kind == "pretraining" ? "projected_states" : "last_hidden_state";
        const auto hf = loadSafeTensors(root / "hf.safetensors");
        const double d = maxDiff(ours.run(x).at(key), hf.at(key));
        QVERIFY2(d <= 1e-4, qPrintable(QString::number(d)));
        const json info = json::parse(readFile(root / "info.json"));
        QCOMPARE(info["sr"].get<int>(), 16000);
        QVERIFY(info["norm"].get<bool>());
        QCOMPARE(info["mask"].get<bool>(), norm == "layer");
        if (kind == "ctc") {
            QCOMPARE(info["len"].get<int>(), int(kVocab.size())); // no <s>/</s> added
            QCOMPARE(info["pad"].get<int>(), 0);
            QCOMPARE(info["unk"].get<int>(), 1);
            QCOMPARE(info["decoded"].get<std::string>(), std::string("ab c"));
            QCOMPARE(info["delim"].get<std::string>(), std::string("|"));
            QVERIFY(info["bos"].is_null() && info["eos"].is_null());
            QCOMPARE(info["encoded"].get<std::vector<int>>(), (std::vector<int>{3, 4, 2, 5}));
        }
    }
};

QTEST_GUILESS_MAIN(TestModelExport)
#include "test_modelexport.moc"
