// The training engine end to end on a tiny model and a small espeak-ng project: run
// folders, checkpoints, resume equality, cooperative stop (in-process, stdin, SIGTERM),
// kill -9 recovery, non-finite steps, CTC fine-tuning with dev error rates.

#include "fieldbench/corpus/demo.h"
#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/train/trainer.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include "testdata.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace fieldbench;
using namespace fieldbench::testing;
namespace fs = std::filesystem;

namespace {

struct Collect : TrainingObserver
{
    std::vector<QJsonObject> lines;
    std::vector<std::string> logs;
    void record(const std::string &line) override
    {
        lines.push_back(QJsonDocument::fromJson(QByteArray::fromStdString(line)).object());
    }
    void log(const std::string &line) override { logs.push_back(line); }
    std::vector<QJsonObject> ofType(const QString &type) const
    {
        std::vector<QJsonObject> out;
        for (const auto &l : lines)
            if (l["type"].toString() == type)
                out.push_back(l);
        return out;
    }
};

std::vector<QJsonObject> readMetrics(const fs::path &run)
{
    std::vector<QJsonObject> out;
    QFile f(QString::fromStdString((run / "metrics.jsonl").string()));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out.push_back(QJsonDocument::fromJson(line).object());
    return out;
}

QJsonObject readJson(const fs::path &p)
{
    QFile f(QString::fromStdString(p.string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestTrainer : public QObject
{
    Q_OBJECT

    TrainConfig baseConfig(const QString &objective) const
    {
        TrainConfig c;
        c.objective = objective.toStdString();
        c.project = toPath(m_dir.filePath("demo")).string();
        c.preset = "tiny";
        c.maxSteps = 6;
        c.seed = 3;
        c.data.batchSeconds = 12;
        c.data.maxSeconds = 4;
        c.data.minSeconds = 0.5;
        c.data.devFraction = 0.34;
        c.data.loaderThreads = 2;
        c.optim.learningRate = 1e-3;
        c.optim.warmupSteps = 2;
        c.pretrain.numNegatives = 10;
        c.pretrain.maskLength = 4;
        c.ctc.freezeTransformerSteps = 2;
        c.ctc.maskTimeProb = 0.0;
        c.data.maxSeconds = objective == "ctc" ? 15 : 4;
        c.data.batchSeconds = objective == "ctc" ? 30 : 12;
        c.checkpoint.everySteps = 3;
        c.checkpoint.evalEverySteps = 3;
        c.checkpoint.logEverySteps = 1;
        c.checkpoint.keepLast = 2;
        return c;
    }

private slots:
    void initTestCase()
    {
        if (!have("espeak-ng"))
            QSKIP("espeak-ng is not installed (scripts/setup installs it)");
        QVERIFY(m_dir.isValid());
        DemoOptions o;
        o.languages = {"es", "fi"};
        o.speakersPerLanguage = 3;
        o.sentencesPerSpeaker = 3;
        o.textSentences = 5;
        const DemoSummary s = buildDemoProject(toPath(m_dir.filePath("demo")), o);
        QCOMPARE(s.import.failed, 0);
    }

    void runFolder_data()
    {
        QTest::addColumn<QString>("objective");
        QTest::newRow("pretrain") << "pretrain";
        QTest::newRow("ctc") << "ctc";
    }
    void runFolder()
    {
        QFETCH(QString, objective);
        const fs::path run = toPath(m_dir.filePath("run-" + objective));
        Collect observer;
        RunOptions o;
        o.runDir = run;
        o.config = baseConfig(objective);
        o.observer = &observer;
        const RunResult r = runTraining(o);
        QCOMPARE(int(r.outcome), int(RunOutcome::Finished));
        QCOMPARE(r.step, std::int64_t(6));
        for (const char *f : {"config.json", "status.json", "metrics.jsonl", "log.txt", "splits.json",
                              "checkpoints/index.json"})
            QVERIFY2(fs::exists(run / f), f);
        QCOMPARE(readJson(run / "status.json")["state"].toString(), QString("finished"));
        // The file and the observer saw the same lines.
        const auto lines = readMetrics(run);
        QCOMPARE(lines.size(), observer.lines.size());
        const auto train = observer.ofType("train");
        QCOMPARE(int(train.size()), 6);
        for (const char *key : {"step", "epoch", "time", "lr", "loss", "grad_norm", "audio_seconds_per_second",
                                "time_data_wait", "time_forward", "time_backward", "time_optimizer", "rss_bytes",
                                "language_share", "audio_hours_seen"})
            QVERIFY2(train.back().contains(key), key);
        if (objective == "pretrain") {
            for (const char *key : {"loss_contrastive", "loss_diversity", "loss_feature_penalty", "gumbel_temperature"})
                QVERIFY2(train.back().contains(key), key);
            QCOMPARE(train.back()["code_perplexity"].toArray().size(), 2); // one per group
            QVERIFY(train.back()["gumbel_temperature"].toDouble() < 2.0);
        } else {
            QVERIFY(train.back().contains("loss_ctc"));
            QVERIFY(fs::exists(run / "vocab.json"));
        }
        const auto evals = observer.ofType("eval");
        QCOMPARE(int(evals.size()), 2);
        if (objective == "pretrain") {
            QVERIFY(evals.back().contains("contrastive_accuracy"));
        } else {
            QVERIFY(evals.back().contains("per"));
            QVERIFY(evals.back().contains("wer"));
            QCOMPARE(evals.back()["per_language"].toObject().keys(), (QStringList{"fin", "spa"}));
            QVERIFY(!evals.back()["examples"].toArray().isEmpty());
        }
        // Checkpoints: index names complete folders, which are Hugging Face model folders.
        const QJsonObject index = readJson(run / "checkpoints/index.json");
        QCOMPARE(index["latest"].toString(), QString("step-00000006"));
        const fs::path latest = run / "checkpoints" / index["latest"].toString().toStdString();
        const LoadedWav2Vec2 m = loadWav2Vec2(latest);
        QCOMPARE(int(m.architecture), int(objective == "pretrain" ? Wav2Vec2Architecture::PreTraining : Wav2Vec2Architecture::CTC));
        QVERIFY(fs::exists(latest / "optimizer.safetensors"));
        QVERIFY(index["checkpoints"].toArray().size() <= 3); // keep_last 2 + best
        // A second start into the same folder is refused.
        QVERIFY_THROWS_EXCEPTION(Error, runTraining(o));
    }

    void resumeContinuesTheSameCurve_data()
    {
        QTest::addColumn<QString>("objective");
        QTest::newRow("pretrain") << "pretrain";
        QTest::newRow("ctc") << "ctc";
    }
    void resumeContinuesTheSameCurve()
    {
        QFETCH(QString, objective);
        TrainConfig c = baseConfig(objective);
        c.checkpoint.evalEverySteps = 0;
        c.data.loaderThreads = 1;
        Collect straight, first, second;
        RunOptions a;
        a.runDir = toPath(m_dir.filePath("straight-" + objective));
        a.config = c;
        a.observer = &straight;
        QCOMPARE(int(runTraining(a).outcome), int(RunOutcome::Finished));

        RunOptions b;
        b.runDir = toPath(m_dir.filePath("resumed-" + objective));
        b.config = c;
        b.config.data.loaderThreads = 2; // thread count must not change the batches
        b.observer = &first;
        b.stopAfterSteps = 3;
        const RunResult stopped = runTraining(b);
        QCOMPARE(int(stopped.outcome), int(RunOutcome::Stopped));
        QCOMPARE(readJson(b.runDir / "status.json")["state"].toString(), QString("stopped"));
        b.resume = true;
        b.stopAfterSteps = 0;
        b.observer = &second;
        QCOMPARE(int(runTraining(b).outcome), int(RunOutcome::Finished));

        const auto s = straight.ofType("train"), r1 = first.ofType("train"), r2 = second.ofType("train");
        QCOMPARE(int(r1.size()), 3);
        QCOMPARE(int(r2.size()), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(r1[std::size_t(i)]["loss"].toDouble(), s[std::size_t(i)]["loss"].toDouble());
            // Bit for bit after the resume: same data, same RNG state, same optimizer state.
            QCOMPARE(r2[std::size_t(i)]["step"].toInt(), s[std::size_t(i + 3)]["step"].toInt());
            QCOMPARE(r2[std::size_t(i)]["loss"].toDouble(), s[std::size_t(i + 3)]["loss"].toDouble());
            QCOMPARE(r2[std::size_t(i)]["lr"].toDouble(), s[std::size_t(i + 3)]["lr"].toDouble());
        }
        // The same parameters at the end.
        const auto pa = loadSafeTensorsOf(a.runDir), pb = loadSafeTensorsOf(b.runDir);
        QCOMPARE(pa.size(), pb.size());
        for (const auto &[name, t] : pa)
            QVERIFY2(torch::equal(t, pb.at(name)), name.c_str());
        // The metrics file holds one continuous curve: started, steps 1-3, stopped, resumed, 4-6.
        int trainLines = 0;
        for (const auto &l : readMetrics(b.runDir))
            trainLines += l["type"].toString() == "train";
        QCOMPARE(trainLines, 6);
    }

    void stopThroughTheCli_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("stdin") << "stdin";
        QTest::newRow("sigterm") << "sigterm";
    }
    void stopThroughTheCli()
    {
        QFETCH(QString, how);
        TrainConfig c = baseConfig("pretrain");
        c.maxSteps = 100000;
        c.checkpoint.everySteps = 1000;
        const QString configPath = m_dir.filePath("stop-" + how + ".json");
        writeFileAtomically(toPath(configPath), c.toJson());
        const QString run = m_dir.filePath("stop-run-" + how);
        QProcess p;
        p.start(cliPath(), {"--threads", "1", "train", "--config", configPath, "--run", run});
        QVERIFY(p.waitForStarted());
        // Wait for two training lines on stdout, then ask it to stop.
        int trainLines = 0;
        QElapsedTimer t;
        t.start();
        QByteArray buffer;
        while (trainLines < 2 && t.elapsed() < 60000) {
            p.waitForReadyRead(1000);
            buffer += p.readAllStandardOutput();
            trainLines = buffer.count("\"type\":\"train\"");
            QVERIFY2(p.state() == QProcess::Running, p.readAllStandardError().constData());
        }
        QVERIFY(trainLines >= 2);
        if (how == "stdin")
            p.write("stop\n");
        else
            ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject status = readJson(toPath(run) / "status.json");
        QCOMPARE(status["state"].toString(), QString("stopped"));
        const int step = status["step"].toInt();
        QVERIFY(step >= 2);
        // The stop saved a checkpoint at the step it stopped.
        QCOMPARE(readJson(toPath(run) / "checkpoints/index.json")["latest"].toString(),
                 QString("step-%1").arg(step, 8, 10, QChar('0')));
    }

    void killNineLosesOnlyStepsSinceTheLastCheckpoint()
    {
        TrainConfig c = baseConfig("pretrain");
        c.maxSteps = 100000;
        c.checkpoint.everySteps = 2;
        c.checkpoint.evalEverySteps = 0;
        const QString configPath = m_dir.filePath("kill.json");
        writeFileAtomically(toPath(configPath), c.toJson());
        const QString run = m_dir.filePath("kill-run");
        for (int round = 0; round < 3; ++round) {
            QProcess p;
            QStringList args = {"--threads", "1", "train", "--run", run};
            args << (round == 0 ? QStringList{"--config", configPath} : QStringList{"--resume"});
            p.start(cliPath(), args);
            QVERIFY(p.waitForStarted());
            QByteArray buffer;
            QElapsedTimer t;
            t.start();
            // Kill at a different moment each round: after 3, 4, 5 training lines.
            while (buffer.count("\"type\":\"train\"") < 3 + round && t.elapsed() < 60000) {
                p.waitForReadyRead(500);
                buffer += p.readAllStandardOutput();
                QVERIFY2(p.state() == QProcess::Running, p.readAllStandardError().constData());
            }
            ::kill(pid_t(p.processId()), SIGKILL);
            p.waitForFinished(10000);
            // Whatever the moment, the newest checkpoint loads, and a resume starts there.
            const QJsonObject index = readJson(toPath(run) / "checkpoints/index.json");
            const fs::path latest = toPath(run) / "checkpoints" / index["latest"].toString().toStdString();
            QVERIFY(fs::exists(latest / "trainer_state.json"));
            loadWav2Vec2(latest);
        }
        Collect observer;
        RunOptions o;
        o.runDir = toPath(run);
        o.resume = true;
        o.stopAfterSteps = 1;
        o.observer = &observer;
        const int latestStep = readJson(toPath(run) / "checkpoints/index.json")["latest"].toString().mid(5).toInt();
        const RunResult r = runTraining(o);
        QCOMPARE(int(r.outcome), int(RunOutcome::Stopped));
        QCOMPARE(observer.ofType("event").front()["event"].toString(), QString("resumed"));
        QCOMPARE(observer.ofType("event").front()["step"].toInt(), latestStep);
        QCOMPARE(int(r.step), latestStep + 1);
    }

    void nonFiniteStepsStopTheRun()
    {
        TrainConfig c = baseConfig("pretrain");
        c.optim.learningRate = 1e30; // the first update blows the weights up
        c.optim.warmupSteps = 0;
        c.optim.schedule = "constant";
        c.optim.clipNorm = 0;
        c.maxSteps = 50;
        c.checkpoint.everySteps = 1;
        c.checkpoint.evalEverySteps = 0;
        c.checkpoint.maxNonFiniteInARow = 3;
        Collect observer;
        RunOptions o;
        o.runDir = toPath(m_dir.filePath("nonfinite"));
        o.config = c;
        o.observer = &observer;
        const RunResult r = runTraining(o);
        QCOMPARE(int(r.outcome), int(RunOutcome::Failed));
        QVERIFY2(QString::fromStdString(r.message).contains("3 updates in a row had a non-finite loss"), r.message.c_str());
        QVERIFY(r.step < 50);
        const QJsonObject status = readJson(o.runDir / "status.json");
        QCOMPARE(status["state"].toString(), QString("failed"));
        QVERIFY(status["reason"].toString().contains("non-finite"));
        int warnings = 0;
        for (const auto &e : observer.ofType("event"))
            warnings += e["event"].toString() == "warning";
        QCOMPARE(warnings, 3);
        // The last checkpoint written before the failure is complete and loads.
        const QJsonObject index = readJson(o.runDir / "checkpoints/index.json");
        QVERIFY(!index["latest"].toString().isEmpty());
        loadWav2Vec2(o.runDir / "checkpoints" / index["latest"].toString().toStdString());
    }

    void ctcLearnsFromAPretrainedModel()
    {
        // Fine-tuning starts from the pretraining run's checkpoint (an HF folder): the
        // encoder is loaded, lm_head starts fresh for the run's vocabulary.
        TrainConfig c = baseConfig("ctc");
        c.model = (toPath(m_dir.filePath("run-pretrain")) / "checkpoints" / "step-00000006").string();
        c.maxSteps = 3;
        c.ctc.dropout = 0.0;    // the preset's 0.1 everywhere is overridden...
        c.ctc.layerdrop = 0.02; // ...and so is its layerdrop
        Collect observer;
        RunOptions o;
        o.runDir = toPath(m_dir.filePath("ctc-from-pretrained"));
        o.config = c;
        o.observer = &observer;
        if (!fs::exists(c.model))
            QSKIP("runFolder(pretrain) did not leave its checkpoint");
        QCOMPARE(int(runTraining(o).outcome), int(RunOutcome::Finished));
        bool loaded = false;
        for (const std::string &l : observer.logs)
            loaded = loaded || (l.find("loaded") != std::string::npos && l.find("lm_head") != std::string::npos);
        QVERIFY(loaded);
        // The fine-tuned checkpoint records the overrides; the starting model keeps its own.
        QCOMPARE(readJson(fs::path(c.model) / "config.json")["hidden_dropout"].toDouble(), 0.1);
        const QJsonObject index = readJson(o.runDir / "checkpoints" / "index.json");
        const QJsonObject tuned = readJson(o.runDir / "checkpoints" / index["latest"].toString().toStdString() / "config.json");
        for (const char *k : {"hidden_dropout", "attention_dropout", "activation_dropout", "feat_proj_dropout", "final_dropout"})
            QVERIFY2(tuned[k].toDouble() == 0.0, k);
        QCOMPARE(tuned["layerdrop"].toDouble(), 0.02);
    }

    // Continued pretraining and fine-tuning start from any Hugging Face wav2vec2 folder:
    // the reference fixtures are a group-norm post-LN pre-training model and an XLSR-shaped
    // (layer-norm feature encoder, pre-LN) CTC model with a different vocabulary.
    void startsFromHuggingFaceFolders_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("objective");
        QTest::addColumn<QString>("device");
        QTest::newRow("base -> continued pretraining") << "w2v2_base_pretrain" << "pretrain" << "cpu";
        QTest::newRow("base -> ctc") << "w2v2_base_pretrain" << "ctc" << "cpu";
        QTest::newRow("xlsr-shaped ctc -> continued pretraining") << "w2v2_xlsr_ctc" << "pretrain" << "cpu";
        QTest::newRow("xlsr-shaped ctc -> new ctc vocabulary") << "w2v2_xlsr_ctc" << "ctc" << "cpu";
        QTest::newRow("cuda bf16 pretraining") << "w2v2_xlsr_ctc" << "pretrain" << "cuda";
        QTest::newRow("cuda bf16 ctc") << "w2v2_base_pretrain" << "ctc" << "cuda";
    }
    void startsFromHuggingFaceFolders()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, objective);
        QFETCH(QString, device);
        if (device == "cuda" && !torch::cuda::is_available())
            QSKIP("no CUDA device");
        const fs::path model = fs::path(FIELDBENCH_HF_FIXTURES) / fixture.toStdString();
        if (!fs::exists(model / "config.json"))
            QSKIP("the Hugging Face fixtures (../shared/fixtures/hf) are not there");
        TrainConfig c = baseConfig(objective);
        c.model = model.string();
        c.maxSteps = 3;
        c.device = device.toStdString();
        c.precision = device == "cuda" ? "bf16" : "fp32";
        c.pretrain.numNegatives = 5;
        Collect observer;
        RunOptions o;
        o.runDir = toPath(m_dir.filePath("from-" + fixture + "-" + objective + "-" + device));
        o.config = c;
        o.observer = &observer;
        const RunResult r = runTraining(o);
        QVERIFY2(r.outcome == RunOutcome::Finished, r.message.c_str());
        const auto train = observer.ofType("train");
        QCOMPARE(int(train.size()), 3);
        for (const auto &t : train)
            QVERIFY(std::isfinite(t["loss"].toDouble()));
        if (device == "cuda")
            QVERIFY(train.back()["cuda_allocated_bytes"].toDouble() > 0);
        // The trained folder keeps the starting architecture's shape.
        const LoadedWav2Vec2 trained = loadWav2Vec2(o.runDir / "checkpoints" / "step-00000003");
        const Wav2Vec2Config start = Wav2Vec2Config::load(model);
        QCOMPARE(trained.config.featExtractNorm, start.featExtractNorm);
        QCOMPARE(trained.config.doStableLayerNorm, start.doStableLayerNorm);
        QCOMPARE(trained.config.hiddenSize, start.hiddenSize);
        if (objective == "ctc")
            QVERIFY(trained.config.vocabSize != start.vocabSize || fixture == "w2v2_base_pretrain");
    }

private:
    static std::map<std::string, torch::Tensor> loadSafeTensorsOf(const fs::path &run)
    {
        const QJsonObject index = readJson(run / "checkpoints/index.json");
        return loadSafeTensors(run / "checkpoints" / index["latest"].toString().toStdString() / "model.safetensors");
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
