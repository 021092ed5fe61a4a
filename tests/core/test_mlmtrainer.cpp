// Objective "mlm" of the training engine end to end: a tiny XLM-R (made as `mlm init`
// makes one) on a project with two languages of synthetic text. Run folder and metrics,
// learning, checkpoints that load back with the same outputs, resume equality, stop through
// the CLI (SIGTERM), and bad settings refused before anything is written.

#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/io/modelexport.h"
#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/mlmtraining.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/mlmdata.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/train/data.h"
#include "fieldbench/train/trainer.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>
#include <set>

using namespace fieldbench;
using namespace fieldbench::testing;
namespace fs = std::filesystem;

namespace {

struct Collect : TrainingObserver
{
    std::vector<QJsonObject> lines;
    void record(const std::string &line) override
    {
        lines.push_back(QJsonDocument::fromJson(QByteArray::fromStdString(line)).object());
    }
    void log(const std::string &) override {}
    std::vector<QJsonObject> ofType(const QString &type) const
    {
        std::vector<QJsonObject> out;
        for (const auto &l : lines)
            if (l["type"].toString() == type)
                out.push_back(l);
        return out;
    }
};

QJsonObject readJson(const fs::path &p)
{
    QFile f(QString::fromStdString(p.string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

int trainLinesIn(const fs::path &run)
{
    QFile f(QString::fromStdString((run / "metrics.jsonl").string()));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return int(f.readAll().count("\"type\":\"train\""));
}

// Sentences of a small regular "language": subject verb object, from word lists, unique.
std::string sentences(const std::vector<std::string> &subjects, const std::vector<std::string> &verbs,
                      const std::vector<std::string> &objects, int n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::set<std::string> seen;
    std::string out;
    while (int(seen.size()) < n) {
        const std::string s = subjects[rng() % subjects.size()] + " " + verbs[rng() % verbs.size()] + " " +
                              objects[rng() % objects.size()] + " " + objects[rng() % objects.size()] + ".";
        if (seen.insert(s).second)
            out += s + "\n";
    }
    return out;
}

} // namespace

class TestMlmTrainer : public QObject
{
    Q_OBJECT

    TrainConfig baseConfig() const
    {
        TrainConfig c;
        c.objective = "mlm";
        c.project = m_project.string();
        c.model = m_model.string();
        c.maxSteps = 8;
        c.seed = 5;
        c.data.devFraction = 0.15;
        c.data.samplingAlpha = 0.3;
        c.optim.learningRate = 2e-3;
        c.optim.warmupSteps = 2;
        c.optim.clipNorm = 1.0;
        c.mlm.batchSize = 8;
        c.mlm.maxLength = 32;
        c.checkpoint.everySteps = 4;
        c.checkpoint.evalEverySteps = 4;
        c.checkpoint.logEverySteps = 1;
        c.checkpoint.keepLast = 2;
        return c;
    }

    fs::path path(const QString &name) const { return toPath(m_dir.filePath(name)); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // One intra-op thread: on a busy 2-core machine more threads spin and take 10x longer.
        torch::set_num_threads(1);
        // A project with text in two languages.
        m_project = path("project");
        Project project = Project::create(m_project, "mlm test");
        const std::string fin = sentences({"koira", "kissa", "lapsi", "opettaja", "mies"}, {"näkee", "syö", "ottaa", "kantaa"},
                                          {"kalan", "leivän", "kirjan", "pallon", "omenan", "talon"}, 150, 1);
        const std::string spa = sentences({"el perro", "la gata", "el niño", "la maestra"}, {"ve", "come", "toma", "lleva"},
                                          {"el pan", "la casa", "un libro", "una pelota", "la manzana"}, 150, 2);
        QVERIFY(writeBytes(m_dir.filePath("fin.txt"), QByteArray::fromStdString(fin)));
        QVERIFY(writeBytes(m_dir.filePath("spa.txt"), QByteArray::fromStdString(spa)));
        for (const auto &[code, file] : {std::pair<std::string, QString>{"fin", "fin.txt"}, {"spa", "spa.txt"}}) {
            ImportOptions o;
            o.language = code;
            const ImportSummary s = Importer(project, o).run({path(file)});
            QCOMPARE(s.textDocuments, 1);
        }
        // A tokenizer and a tiny XLM-R for it, as `tokenizer train` and `mlm init` make them.
        LanguageCorpus corpus;
        addTextFile(corpus, "fin", path("fin.txt"));
        addTextFile(corpus, "spa", path("spa.txt"));
        SentencePieceTrainingConfig tc;
        tc.vocabSize = 60;
        tc.characterCoverage = 1.0;
        tc.threads = 1;
        const XlmrTokenizer tok(trainSentencePiece(corpus, tc, path("spm")));
        XlmrConfig mc = XlmrConfig::preset("tiny");
        mc.vocabSize = int(tok.vocabSize());
        torch::manual_seed(11);
        XlmrForMaskedLM model(mc);
        initialiseXlmrWeights(*model, mc);
        m_model = path("model");
        exportXlmrMaskedLM(*model, mc, tok, m_model);
    }

    void configFieldsAndPreset()
    {
        const TrainConfig preset = TrainConfig::fromPreset("mlm-continue");
        QCOMPARE(QString::fromStdString(preset.objective), QString("mlm"));
        TrainConfig c = baseConfig();
        c.mlm.wholeWord = true;
        c.mlm.maskProb = 0.2;
        const TrainConfig back = TrainConfig::fromJson(c.toJson());
        QCOMPARE(back.mlm.wholeWord, true);
        QCOMPARE(back.mlm.maskProb, 0.2);
        QCOMPARE(back.mlm.maxLength, 32);
        bool documented = false;
        for (const ConfigFieldDoc &d : trainConfigFieldDocs())
            documented = documented || d.key == "mlm.batch_size";
        QVERIFY(documented);
        // --check for a text run: languages, lines and sampling shares.
        const QString summary = QString::fromStdString(describeTrainingData(c, {}));
        QVERIFY2(summary.contains("fin") && summary.contains("spa") && summary.contains("sampled"), qPrintable(summary));
    }

    void runFolderLearnsAndLoadsBack()
    {
        TrainConfig c = baseConfig();
        c.maxSteps = 120;
        c.optim.learningRate = 5e-3;
        c.optim.schedule = "constant";
        c.checkpoint.everySteps = 60;
        c.checkpoint.evalEverySteps = 60;
        Collect observer;
        RunOptions o;
        o.runDir = path("run");
        o.config = c;
        o.observer = &observer;
        const RunResult r = runTraining(o);
        QVERIFY2(r.outcome == RunOutcome::Finished, r.message.c_str());
        QCOMPARE(r.step, std::int64_t(120));
        for (const char *f : {"config.json", "status.json", "metrics.jsonl", "log.txt", "splits.json", "checkpoints/index.json"})
            QVERIFY2(fs::exists(o.runDir / f), f);
        QCOMPARE(readJson(o.runDir / "status.json")["state"].toString(), QString("finished"));
        QCOMPARE(readJson(o.runDir / "status.json")["objective"].toString(), QString("mlm"));
        QCOMPARE(readJson(o.runDir / "splits.json")["languages"].toObject().keys(), (QStringList{"fin", "spa"}));

        const auto train = observer.ofType("train");
        QCOMPARE(int(train.size()), 120);
        for (const char *key : {"step", "epoch", "time", "lr", "loss", "accuracy", "grad_norm", "tokens", "tokens_per_second",
                                "predicted_tokens", "time_data_wait", "time_forward", "time_backward", "time_optimizer",
                                "rss_bytes", "language_share", "non_finite_steps"})
            QVERIFY2(train.back().contains(key), key);
        QCOMPARE(train.back()["language_share"].toObject().keys(), (QStringList{"fin", "spa"}));
        // It learns: the last steps' loss is well under the first steps'.
        double first = 0, last = 0;
        for (int i = 0; i < 5; ++i) {
            first += train[std::size_t(i)]["loss"].toDouble() / 5;
            last += train[train.size() - 1 - std::size_t(i)]["loss"].toDouble() / 5;
        }
        qInfo("mean loss of the first 5 steps %.3f, of the last 5 %.3f", first, last);
        QVERIFY2(last < first - 0.5, qPrintable(QString("first %1, last %2").arg(first).arg(last)));

        const auto evals = observer.ofType("eval");
        QCOMPARE(int(evals.size()), 2);
        for (const char *key : {"loss", "accuracy", "perplexity", "best_loss", "per_language"})
            QVERIFY2(evals.back().contains(key), key);
        QCOMPARE(evals.back()["per_language"].toObject().keys(), (QStringList{"fin", "spa"}));
        QVERIFY(evals.back()["loss"].toDouble() < evals.front()["loss"].toDouble());

        // index.json: the best by dev loss is the last evaluation (it improved).
        const QJsonObject index = readJson(o.runDir / "checkpoints/index.json");
        QCOMPARE(index["latest"].toString(), QString("step-00000120"));
        QCOMPARE(index["best"].toString(), QString("step-00000120"));
        QCOMPARE(index["best_metric_name"].toString(), QString("loss"));
        QCOMPARE(index["best_metric"].toDouble(), evals.back()["loss"].toDouble());

        // The checkpoint is an MLM folder (tokenizer included) that loads back and gives the
        // dev loss the run recorded, on the same held-out lines and masks.
        const fs::path ckpt = o.runDir / "checkpoints/step-00000120";
        for (const char *f : {"config.json", "model.safetensors", "sentencepiece.bpe.model", "tokenizer_config.json",
                              "optimizer.safetensors", "trainer_state.json", "data_state.json"})
            QVERIFY2(fs::exists(ckpt / f), f);
        LoadedXlmrMaskedLM m = loadXlmrMaskedLM(ckpt);
        const XlmrTokenizer tok(ckpt / "sentencepiece.bpe.model");
        const LanguageCorpus corpus = projectText(Project::open(m_project));
        const QJsonObject splits = readJson(o.runDir / "splits.json")["languages"].toObject();
        MlmDataConfig dc;
        dc.maxLength = c.mlm.maxLength;
        dc.alpha = c.data.samplingAlpha;
        for (const QString &code : splits.keys()) {
            std::vector<std::string> dev;
            for (const auto &i : splits[code].toObject()["dev"].toArray())
                dev.push_back(corpus.lines.at(code.toStdString()).at(std::size_t(i.toInt())));
            QVERIFY(!dev.empty());
            const MlmBatcher batcher(tok, {{code.toStdString(), dev}}, dc);
            const MlmEvaluation e = evaluateMaskedLM(*m.model, batcher.evaluationBatches(c.mlm.batchSize, mixSeed(c.seed, 0xDE7)));
            QCOMPARE(e.loss, evals.back()["per_language"].toObject()[code].toObject()["loss"].toDouble());
        }
        // A second start into the same folder is refused.
        QVERIFY_THROWS_EXCEPTION(Error, runTraining(o));
    }

    void exportsTheRun()
    {
        // `fieldbench-cli export --run` on an mlm run (the one runFolderLearnsAndLoadsBack made):
        // the best checkpoint as an XLMRobertaForMaskedLM folder with its tokenizer, a model
        // card with text lines per language, metrics.json; the same outputs as the checkpoint.
        const fs::path run = path("run");
        if (!fs::exists(run / "checkpoints/index.json"))
            QSKIP("needs runFolderLearnsAndLoadsBack's run");
        ExportOptions o;
        o.run = run;
        o.out = path("export-mlm");
        const ExportReport r = exportModel(o);
        QCOMPARE(QString::fromStdString(r.architecture), QString("XLMRobertaForMaskedLM"));
        QCOMPARE(r.source.filename().string(), std::string("step-00000120"));
        for (const char *f : {"config.json", "model.safetensors", "sentencepiece.bpe.model", "tokenizer_config.json",
                              "special_tokens_map.json", "metrics.json", "README.md"})
            QVERIFY2(fs::exists(o.out / f), f);
        QVERIFY(!fs::exists(o.out / "optimizer.safetensors")); // training state stays in the run
        LoadedXlmrMaskedLM a = loadXlmrMaskedLM(r.source), b = loadXlmrMaskedLM(o.out);
        a.model->eval();
        b.model->eval();
        const XlmrTokenizer tok(o.out / "sentencepiece.bpe.model");
        const torch::Tensor ids = torch::tensor(tok.encode("koira syö kalan")).unsqueeze(0);
        torch::NoGradGuard ng;
        QCOMPARE((a.model->forward(ids).logits - b.model->forward(ids).logits).abs().max().item<double>(), 0.0);
        const QJsonObject metrics = readJson(o.out / "metrics.json");
        QCOMPARE(metrics["objective"].toString(), QString("mlm"));
        QVERIFY(metrics["train_lines"].toObject()["fin"].toInt() > 100);
        QVERIFY(metrics["dev"].toObject().contains("per_language"));
        QFile card(QString::fromStdString((o.out / "README.md").string()));
        QVERIFY(card.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(card.readAll());
        for (const QString &want : {QString("language:\n- fin\n- spa"), QString("pipeline_tag: fill-mask"),
                                    QString("| fin | "), QString("masked language modelling"), QString("Intended use")})
            QVERIFY2(text.contains(want), qPrintable(want));

        // Encoder only, bf16: XLMRobertaModel naming (no "roberta." prefix), bf16 tensors.
        o.out = path("export-encoder");
        o.encoderOnly = true;
        o.dtype = "bf16";
        QCOMPARE(QString::fromStdString(exportModel(o).architecture), QString("XLMRobertaModel"));
        const QJsonObject config = readJson(o.out / "config.json");
        QCOMPARE(config["architectures"].toArray().first().toString(), QString("XLMRobertaModel"));
        QCOMPARE(config["torch_dtype"].toString(), QString("bfloat16"));
        // A folder without the tokenizer is refused with a reason.
        fs::copy(r.source, path("no-tokenizer"), fs::copy_options::recursive);
        fs::remove(path("no-tokenizer") / "sentencepiece.bpe.model");
        ExportOptions bad;
        bad.model = path("no-tokenizer");
        bad.out = path("export-bad");
        try {
            exportModel(bad);
            QFAIL("exported an XLM-R folder without its tokenizer");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("sentencepiece.bpe.model"), e.what());
        }
    }

    void resumeContinuesTheSameCurve()
    {
        const TrainConfig c = baseConfig();
        Collect straight, first, second;
        RunOptions a;
        a.runDir = path("straight");
        a.config = c;
        a.observer = &straight;
        QCOMPARE(int(runTraining(a).outcome), int(RunOutcome::Finished));

        RunOptions b;
        b.runDir = path("resumed");
        b.config = c;
        b.observer = &first;
        b.stopAfterSteps = 3; // not at a periodic checkpoint: the stop writes its own
        QCOMPARE(int(runTraining(b).outcome), int(RunOutcome::Stopped));
        QCOMPARE(readJson(b.runDir / "status.json")["state"].toString(), QString("stopped"));
        QCOMPARE(readJson(b.runDir / "checkpoints/index.json")["latest"].toString(), QString("step-00000003"));
        b.resume = true;
        b.config = TrainConfig(); // a resumed run reads its config.json
        b.stopAfterSteps = 0;
        b.observer = &second;
        QCOMPARE(int(runTraining(b).outcome), int(RunOutcome::Finished));

        const auto s = straight.ofType("train"), r1 = first.ofType("train"), r2 = second.ofType("train");
        QCOMPARE(int(s.size()), 8);
        QCOMPARE(int(r1.size()), 3);
        QCOMPARE(int(r2.size()), 5);
        for (std::size_t i = 0; i < r1.size(); ++i)
            QCOMPARE(r1[i]["loss"].toDouble(), s[i]["loss"].toDouble());
        for (std::size_t i = 0; i < r2.size(); ++i) {
            // Bit for bit after the resume: same batches and masks, dropout, optimizer state.
            QCOMPARE(r2[i]["step"].toInt(), s[i + 3]["step"].toInt());
            QCOMPARE(r2[i]["loss"].toDouble(), s[i + 3]["loss"].toDouble());
            QCOMPARE(r2[i]["lr"].toDouble(), s[i + 3]["lr"].toDouble());
            QCOMPARE(r2[i]["tokens"].toInt(), s[i + 3]["tokens"].toInt());
        }
        const auto se = straight.ofType("eval"), re = second.ofType("eval");
        QCOMPARE(se.back()["loss"].toDouble(), re.back()["loss"].toDouble());
        const auto pa = loadSafeTensors(a.runDir / "checkpoints/step-00000008/model.safetensors");
        const auto pb = loadSafeTensors(b.runDir / "checkpoints/step-00000008/model.safetensors");
        QCOMPARE(pa.size(), pb.size());
        for (const auto &[name, t] : pa)
            QVERIFY2(torch::equal(t, pb.at(name)), name.c_str());
        QCOMPARE(trainLinesIn(b.runDir), 8);
        QCOMPARE(second.ofType("event").front()["event"].toString(), QString("resumed"));
    }

    void sigtermStopsTheCli()
    {
        TrainConfig c = baseConfig();
        c.maxSteps = 100000;
        c.checkpoint.everySteps = 1000;
        c.checkpoint.evalEverySteps = 0;
        const QString configPath = m_dir.filePath("stop.json");
        writeFileAtomically(toPath(configPath), c.toJson());
        const QString run = m_dir.filePath("stop-run");
        QProcess p;
        p.start(cliPath(), {"--threads", "1", "train", "--config", configPath, "--run", run});
        QVERIFY(p.waitForStarted());
        QByteArray buffer;
        QElapsedTimer t;
        t.start();
        while (buffer.count("\"type\":\"train\"") < 2 && t.elapsed() < 60000) {
            p.waitForReadyRead(1000);
            buffer += p.readAllStandardOutput();
            QVERIFY2(p.state() == QProcess::Running, p.readAllStandardError().constData());
        }
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject status = readJson(toPath(run) / "status.json");
        QCOMPARE(status["state"].toString(), QString("stopped"));
        const int step = status["step"].toInt();
        QVERIFY(step >= 2);
        QCOMPARE(readJson(toPath(run) / "checkpoints/index.json")["latest"].toString(),
                 QString("step-%1").arg(step, 8, 10, QChar('0')));
    }

    void nonFiniteStepsStopTheRun()
    {
        TrainConfig c = baseConfig();
        c.optim.learningRate = 1e30; // the first real update blows the weights up
        c.optim.warmupSteps = 0;
        c.optim.schedule = "constant";
        c.optim.clipNorm = 0;
        c.maxSteps = 50;
        c.checkpoint.everySteps = 1;
        c.checkpoint.evalEverySteps = 0;
        c.checkpoint.maxNonFiniteInARow = 3;
        RunOptions o;
        o.runDir = path("nonfinite");
        o.config = c;
        const RunResult r = runTraining(o);
        QCOMPARE(int(r.outcome), int(RunOutcome::Failed));
        QVERIFY2(QString::fromStdString(r.message).contains("3 updates in a row had a non-finite loss"), r.message.c_str());
        QCOMPARE(readJson(o.runDir / "status.json")["state"].toString(), QString("failed"));
        // The last checkpoint written before the failure is complete and loads.
        const QString latest = readJson(o.runDir / "checkpoints/index.json")["latest"].toString();
        QVERIFY(!latest.isEmpty());
        loadXlmrMaskedLM(o.runDir / "checkpoints" / latest.toStdString());
    }

    // Compiled everywhere, run where a GPU is (bf16 autocast as for speech).
    void trainsOnCudaInBf16()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        TrainConfig c = baseConfig();
        c.device = "cuda";
        c.precision = "bf16";
        c.maxSteps = 4;
        Collect observer;
        RunOptions o;
        o.runDir = path("cuda");
        o.config = c;
        o.observer = &observer;
        const RunResult r = runTraining(o);
        QVERIFY2(r.outcome == RunOutcome::Finished, r.message.c_str());
        for (const auto &t : observer.ofType("train"))
            QVERIFY(std::isfinite(t["loss"].toDouble()));
        QVERIFY(std::isfinite(observer.ofType("eval").back()["loss"].toDouble()));
        loadXlmrMaskedLM(o.runDir / "checkpoints/step-00000004");
    }

    void badSettingsAreRefusedClearly_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("expected");
        QTest::newRow("language without text") << "language" << "no text documents in language 'deu'";
        QTest::newRow("tokenizer missing") << "tokenizer" << "has no sentencepiece.bpe.model";
        QTest::newRow("no model") << "nomodel" << "objective mlm needs a starting XLM-R masked-LM folder";
        QTest::newRow("not a model folder") << "notmodel" << "is not a model folder";
        QTest::newRow("sequences too long") << "length" << "mlm.max_length 500 is longer than the model's longest input";
    }
    void badSettingsAreRefusedClearly()
    {
        QFETCH(QString, problem);
        QFETCH(QString, expected);
        TrainConfig c = baseConfig();
        if (problem == "language") {
            c.data.languages = {"deu"};
        } else if (problem == "tokenizer") {
            const fs::path copy = path("model-without-tokenizer");
            fs::create_directories(copy);
            fs::copy_file(m_model / "config.json", copy / "config.json", fs::copy_options::overwrite_existing);
            fs::copy_file(m_model / "model.safetensors", copy / "model.safetensors", fs::copy_options::overwrite_existing);
            c.model = copy.string();
        } else if (problem == "nomodel") {
            c.model.clear();
        } else if (problem == "notmodel") {
            c.model = m_project.string();
        } else if (problem == "length") {
            c.mlm.maxLength = 500;
        }
        RunOptions o;
        o.runDir = path("bad-" + problem);
        o.config = c;
        try {
            runTraining(o);
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
        QVERIFY(!fs::exists(o.runDir / "config.json")); // nothing written
    }

private:
    QTemporaryDir m_dir;
    fs::path m_project;
    fs::path m_model;
};

QTEST_GUILESS_MAIN(TestMlmTrainer)
#include "test_mlmtrainer.moc"
