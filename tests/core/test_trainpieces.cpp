// The pure pieces of the training engine: configuration, language sampling, schedules,
// CTC vocabularies and error rates, splits and batch plans.

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/train/data.h"
#include "fieldbench/train/sampling.h"
#include "fieldbench/train/schedule.h"
#include "fieldbench/train/trainconfig.h"
#include "fieldbench/train/vocabulary.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <numeric>
#include <set>

using namespace fieldbench;
using namespace fieldbench::testing;

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(std::vector<std::string>)

class TestTrainPieces : public QObject
{
    Q_OBJECT

private slots:
    // --- configuration ------------------------------------------------------------------
    void configRoundTrip()
    {
        TrainConfig c = TrainConfig::fromPreset("phoneme-recogniser");
        c.data.languages = {"fin", "hun"};
        c.optim.layerLrDecay = 0.9;
        const TrainConfig back = TrainConfig::fromJson(c.toJson());
        QCOMPARE(back.toJson(), c.toJson());
        QCOMPARE(back.data.languages, c.data.languages);
        QCOMPARE(back.objective, std::string("ctc"));
    }

    void configPartialFileTakesDefaults()
    {
        const TrainConfig c = TrainConfig::fromJson(R"({"objective": "ctc", "optim": {"learning_rate": 0.001}})");
        QCOMPARE(c.optim.learningRate, 0.001);
        QCOMPARE(c.optim.beta2, TrainConfig().optim.beta2);
        QCOMPARE(c.data.samplingAlpha, 0.5);
    }

    void configErrors_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("typo") << R"({"optim": {"learning_rat": 1}})" << "unknown setting \"optim.learning_rat\"";
        QTest::newRow("type") << R"({"max_steps": "many"})" << "\"max_steps\" has the wrong type";
        QTest::newRow("not json") << "{" << "not valid JSON";
        QTest::newRow("array") << "[1]" << "must be a JSON object";
    }
    void configErrors()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        try {
            TrainConfig::fromJson(json.toStdString(), "my.json");
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
            QVERIFY2(QString(e.what()).startsWith("my.json"), e.what());
        }
    }

    void configValidation_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("lr") << "optim.learning_rate" << "0" << "optim.learning_rate must be > 0";
        QTest::newRow("alpha") << "data.sampling_alpha" << "1.5" << "data.sampling_alpha";
        QTest::newRow("objective") << "objective" << "\"dance\"" << "objective must be";
        QTest::newRow("unit") << "ctc.unit" << "\"word\"" << "ctc.unit";
        QTest::newRow("schedule") << "optim.schedule" << "\"zigzag\"" << "optim.schedule";
        QTest::newRow("batch") << "data.batch_seconds" << "1" << "data.batch_seconds";
        QTest::newRow("dropout") << "ctc.dropout" << "1" << "ctc.dropout must be -1 (the model's) or in [0, 1)";
        QTest::newRow("layerdrop") << "ctc.layerdrop" << "-0.5" << "ctc.layerdrop must be -1";
    }
    void configValidation()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, problem);
        TrainConfig ok;
        ok.project = "/p";
        QVERIFY(ok.validate().empty());
        const QStringList parts = key.split('.');
        QString json = parts.size() == 1 ? QString("{\"project\": \"/p\", \"%1\": %2}").arg(parts[0], value)
                                         : QString("{\"project\": \"/p\", \"%1\": {\"%2\": %3}}").arg(parts[0], parts[1], value);
        const auto problems = TrainConfig::fromJson(json.toStdString()).validate();
        QCOMPARE(int(problems.size()), 1);
        QVERIFY2(QString::fromStdString(problems[0]).contains(problem), problems[0].c_str());
    }

    void fieldDocsCoverEveryKey()
    {
        std::set<std::string> documented;
        for (const auto &d : trainConfigFieldDocs()) {
            QVERIFY(!d.description.empty());
            documented.insert(d.key);
        }
        QVERIFY(documented.count("data.sampling_alpha"));
        QVERIFY(documented.count("ctc.freeze_transformer_steps"));
        QVERIFY(documented.count("mlm.whole_word"));
        for (const std::string &name : TrainConfig::presetNames()) {
            // Only "project is not set" (and for mlm the starting model a preset cannot know).
            const TrainConfig c = TrainConfig::fromPreset(name);
            QCOMPARE(int(c.validate().size()), c.objective == "mlm" ? 2 : 1);
        }
    }

    // --- sampling ------------------------------------------------------------------------
    void samplingShares_data()
    {
        QTest::addColumn<std::vector<double>>("sizes");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<std::vector<double>>("expected");
        QTest::newRow("proportional") << std::vector<double>{90, 10} << 1.0 << std::vector<double>{0.9, 0.1};
        QTest::newRow("uniform") << std::vector<double>{90, 10} << 0.0 << std::vector<double>{0.5, 0.5};
        // sqrt(0.9) : sqrt(0.1) = 3 : 1
        QTest::newRow("xlsr alpha 0.5") << std::vector<double>{90, 10} << 0.5 << std::vector<double>{0.75, 0.25};
        QTest::newRow("empty language") << std::vector<double>{4, 0, 1} << 0.5 << std::vector<double>{2.0 / 3, 0.0, 1.0 / 3};
    }
    void samplingShares()
    {
        QFETCH(std::vector<double>, sizes);
        QFETCH(double, alpha);
        QFETCH(std::vector<double>, expected);
        const auto p = samplingProbabilities(sizes, alpha);
        QCOMPARE(p.size(), expected.size());
        for (std::size_t i = 0; i < p.size(); ++i)
            QVERIFY2(std::abs(p[i] - expected[i]) < 1e-12, QByteArray::number(p[i]));
        // The sampler draws close to the shares, and replays exactly.
        LanguageSampler s(p, 42);
        std::vector<int> counts(p.size());
        std::vector<int> firstDraws;
        for (int i = 0; i < 20000; ++i) {
            const int l = s.next();
            ++counts[std::size_t(l)];
            if (i >= 100 && i < 110)
                firstDraws.push_back(l);
        }
        for (std::size_t i = 0; i < p.size(); ++i)
            QVERIFY2(std::abs(counts[i] / 20000.0 - p[i]) < 0.015, QByteArray::number(counts[i]));
        LanguageSampler replay(p, 42);
        replay.skipTo(100);
        for (int expectedDraw : firstDraws)
            QCOMPARE(replay.next(), expectedDraw);
    }

    void samplingRejectsNoData()
    {
        QVERIFY_THROWS_EXCEPTION(Error, samplingProbabilities({0, 0}, 0.5));
        QVERIFY_THROWS_EXCEPTION(Error, samplingProbabilities({1, 2}, 2.0));
    }

    // --- schedules -----------------------------------------------------------------------
    void schedules_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<int>("step");
        QTest::addColumn<double>("expected"); // share of the peak
        // warmup 10 of 110 steps
        QTest::newRow("linear warmup start") << "linear" << 0 << 0.0;
        QTest::newRow("linear mid warmup") << "linear" << 5 << 0.5;
        QTest::newRow("linear peak") << "linear" << 10 << 1.0;
        QTest::newRow("linear half") << "linear" << 60 << 0.5;
        QTest::newRow("linear end") << "linear" << 110 << 0.0;
        QTest::newRow("cosine half") << "cosine" << 60 << 0.05 + 0.95 * 0.5;
        QTest::newRow("cosine end") << "cosine" << 110 << 0.05;
        QTest::newRow("constant") << "constant" << 100 << 1.0;
        // tristage over 110: warmup 11 from 0.01, hold 44, decay 55 to 0.05
        QTest::newRow("tristage start") << "tristage" << 0 << 0.01;
        QTest::newRow("tristage hold") << "tristage" << 30 << 1.0;
        QTest::newRow("tristage decay mid") << "tristage" << 55 + 27 << std::exp(std::log(0.05) * 27.0 / 55.0);
        QTest::newRow("tristage final") << "tristage" << 109 << std::exp(std::log(0.05) * 54.0 / 55.0);
    }
    void schedules()
    {
        QFETCH(QString, schedule);
        QFETCH(int, step);
        QFETCH(double, expected);
        TrainOptimConfig o;
        o.learningRate = 2e-4;
        o.schedule = schedule.toStdString();
        o.warmupSteps = 10;
        o.tristageWarmup = 0.1;
        o.tristageHold = 0.4;
        o.tristageDecay = 0.5;
        o.finalLrScale = 0.05;
        const double lr = learningRateAt(o, step, 110);
        QVERIFY2(std::abs(lr / 2e-4 - expected) < 1e-9, QByteArray::number(lr / 2e-4));
    }

    void gumbelAnnealing()
    {
        TrainPretrainConfig p;
        p.gumbelMax = 2;
        p.gumbelMin = 0.5;
        p.gumbelDecay = 0.999995;
        QCOMPARE(gumbelTemperatureAt(p, 0), 2.0);
        QVERIFY(std::abs(gumbelTemperatureAt(p, 100000) - 2 * std::pow(0.999995, 100000)) < 1e-12);
        QCOMPARE(gumbelTemperatureAt(p, 10000000), 0.5);
    }

    // --- vocabulary ----------------------------------------------------------------------
    void vocabularyUnits_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("transcript");
        QTest::addColumn<QStringList>("units");
        QTest::newRow("espeak ipa") << "phone" << "ˈo l a | e l" << QStringList{"ˈo", "l", "a", "|", "e", "l"};
        QTest::newRow("affricate and length kept") << "phone" << "tʃ aː | pʰ ə̃"
                                                   << QStringList{"tʃ", "aː", "|", "pʰ", "ə̃"};
        QTest::newRow("delimiters tidied") << "phone" << "| a  b | | c |" << QStringList{"a", "b", "|", "c"};
        QTest::newRow("chars") << "char" << "olá  mundo" << QStringList{"o", "l", "á", "|", "m", "u", "n", "d", "o"};
        // e + combining acute: one grapheme
        QTest::newRow("combining mark") << "char" << QString::fromUtf8("e\u0301a") << QStringList{QString::fromUtf8("e\u0301"), "a"};
    }
    void vocabularyUnits()
    {
        QFETCH(QString, unit);
        QFETCH(QString, transcript);
        QFETCH(QStringList, units);
        const CtcVocabulary v = CtcVocabulary::build({transcript.toStdString()}, unit.toStdString());
        QStringList got;
        for (const std::string &u : v.split(transcript.toStdString()))
            got << QString::fromStdString(u);
        QCOMPARE(got, units);
        // Layout: specials first, as Wav2Vec2CTCTokenizer expects.
        QCOMPARE(v.tokenList()[0], std::string("<pad>"));
        QCOMPARE(v.tokenList()[3], std::string("<unk>"));
        QCOMPARE(v.tokenList()[4], std::string("|"));
        // encode -> tokens round trip, and vocab.json round trip.
        QCOMPARE(v.tokens(v.encode(transcript.toStdString())), v.split(transcript.toStdString()));
        const CtcVocabulary back = CtcVocabulary::fromJson(v.toJson(), unit.toStdString());
        QCOMPARE(back.tokenList(), v.tokenList());
    }

    void vocabularyUnknownsAndErrors()
    {
        const CtcVocabulary v = CtcVocabulary::build({"a b | c"}, "phone");
        QCOMPARE(v.encode("a x"), (std::vector<std::int64_t>{v.encode("a")[0], v.unkId()}));
        QVERIFY_THROWS_EXCEPTION(Error, CtcVocabulary::build({"  ", "|"}, "phone"));
        QVERIFY_THROWS_EXCEPTION(Error, CtcVocabulary::fromJson(R"({"a": 0})", "phone"));
    }

    void errorRates_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("hypothesis");
        QTest::addColumn<double>("per");
        QTest::addColumn<double>("wer");
        QTest::newRow("exact") << "a b | c" << "a b | c" << 0.0 << 0.0;
        QTest::newRow("substitution") << "a b | c d" << "a x | c d" << 0.25 << 0.5;
        QTest::newRow("deletion") << "a b | c" << "a b" << 1.0 / 3 << 0.5;
        QTest::newRow("insertion") << "a" << "a b" << 1.0 << 1.0;
        QTest::newRow("word boundary only") << "a b | c" << "a | b c" << 0.0 << 1.0;
        QTest::newRow("empty hypothesis") << "a b | c" << "" << 1.0 << 1.0;
    }
    void errorRates()
    {
        QFETCH(QString, reference);
        QFETCH(QString, hypothesis);
        QFETCH(double, per);
        QFETCH(double, wer);
        const CtcVocabulary v = CtcVocabulary::build({"a b c d x"}, "phone");
        ErrorRates r;
        r.add(v, v.split(reference.toStdString()), v.split(hypothesis.toStdString()));
        QVERIFY2(std::abs(r.unitErrorRate() - per) < 1e-12, QByteArray::number(r.unitErrorRate()));
        QVERIFY2(std::abs(r.wordErrorRate() - wer) < 1e-12, QByteArray::number(r.wordErrorRate()));
    }

    // --- splits and batches --------------------------------------------------------------
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A project of 3 languages x 4 speakers x 5 segments of 1-5 s (a silent FLAC per
        // recording; only the catalog matters here).
        Project p = Project::create(toPath(m_dir.filePath("p")));
        const std::vector<std::string> langs = {"spa", "fin", "hun"};
        int n = 0;
        for (std::size_t l = 0; l < langs.size(); ++l) {
            const int speakers = 4, perSpeaker = l == 0 ? 10 : 5; // spa has twice the data
            for (int s = 0; s < speakers; ++s) {
                for (int k = 0; k < perSpeaker; ++k, ++n) {
                    NewRecording r;
                    r.languageCode = langs[l];
                    r.speakerName = langs[l] + "-speaker" + std::to_string(s);
                    r.recording.contentHash = "hash" + std::to_string(n);
                    r.recording.sourcePath = "/src/" + std::to_string(n) + ".wav";
                    r.recording.audioFile = "audio/" + std::to_string(n) + ".flac";
                    const double seconds = 1.0 + (n * 7 % 5);
                    std::filesystem::create_directories(p.dir() / "audio");
                    writeAudio(p.absolute(r.recording.audioFile),
                               std::vector<float>(std::size_t(seconds * kProjectSampleRate), 0.0f), kProjectSampleRate);
                    r.recording.durationSeconds = seconds;
                    Segment seg;
                    seg.start = 0;
                    seg.end = seconds;
                    seg.source = "whole-file";
                    seg.transcripts = {{"ipa", "a b | c"}};
                    r.segments.push_back(seg);
                    p.addRecording(r);
                }
            }
        }
    }

    void evaluationSubsetCoversEveryLanguage_data()
    {
        QTest::addColumn<QList<int>>("perLanguage"); // dev utterances of each language, in dev order
        QTest::addColumn<int>("cap");
        QTest::addColumn<QList<int>>("expected");    // utterances scored per language
        QTest::newRow("under the cap: all") << QList<int>{3, 5} << 400 << QList<int>{3, 5};
        QTest::newRow("16 x 105 capped at 400") << QList<int>(16, 105) << 400 << QList<int>(16, 25);
        QTest::newRow("a small language gives what it has") << QList<int>{2, 50, 50} << 30 << QList<int>{2, 10, 10};
        QTest::newRow("more languages than the cap: one each") << QList<int>(5, 3) << 3 << QList<int>(5, 1);
    }
    void evaluationSubsetCoversEveryLanguage()
    {
        QFETCH(QList<int>, perLanguage);
        QFETCH(int, cap);
        QFETCH(QList<int>, expected);
        std::vector<Utterance> dev;
        for (int l = 0; l < perLanguage.size(); ++l)
            for (int i = 0; i < perLanguage[l]; ++i) {
                Utterance u;
                u.language = l;
                u.speaker = "s" + std::to_string(l) + "-" + std::to_string(i * 3 / perLanguage[l]); // 3 speakers, in order
                dev.push_back(u);
            }
        const std::vector<int> items = evaluationSubset(dev, std::size_t(cap));
        QCOMPARE(evaluationSubset(dev, std::size_t(cap)), items); // deterministic
        QList<int> counts(perLanguage.size(), 0);
        std::map<int, std::set<std::string>> speakers;
        std::set<int> distinct;
        for (int i : items) {
            QVERIFY(i >= 0 && i < int(dev.size()));
            distinct.insert(i);
            ++counts[dev[std::size_t(i)].language];
            speakers[dev[std::size_t(i)].language].insert(dev[std::size_t(i)].speaker);
        }
        QCOMPARE(int(distinct.size()), int(items.size()));
        QCOMPARE(counts, expected);
        for (int l = 0; l < perLanguage.size(); ++l)
            QCOMPARE(int(speakers[l].size()), std::min(3, expected[l])); // evenly spaced: every dev speaker heard
    }

    void splitsHoldOutWholeSpeakers_data()
    {
        QTest::addColumn<QString>("by");
        QTest::newRow("speaker") << "speaker";
        QTest::newRow("recording") << "recording";
    }
    void splitsHoldOutWholeSpeakers()
    {
        QFETCH(QString, by);
        TrainConfig c;
        c.objective = "ctc";
        c.data.splitBy = by.toStdString();
        c.data.devFraction = 0.25;
        c.data.minSeconds = 0.5;
        const TrainingData d = loadTrainingData(toPath(m_dir.filePath("p")), c);
        QCOMPARE(d.languages, (std::vector<std::string>{"fin", "hun", "spa"}));
        QCOMPARE(int(d.train.size() + d.dev.size()), 80);
        std::set<std::string> trainUnits, devUnits;
        for (const Utterance &u : d.train)
            trainUnits.insert(by == "speaker" ? u.speaker : std::to_string(u.recordingId));
        for (const Utterance &u : d.dev)
            devUnits.insert(by == "speaker" ? u.speaker : std::to_string(u.recordingId));
        for (const std::string &s : devUnits)
            QVERIFY2(!trainUnits.count(s), s.c_str());
        if (by == "speaker")
            QCOMPARE(int(devUnits.size()), 3); // one of four speakers per language
        // Same seed, same split; another seed, another split.
        const TrainingData again = loadTrainingData(toPath(m_dir.filePath("p")), c);
        QCOMPARE(again.splitJson(1, "x"), d.splitJson(1, "x"));
        c.seed = 99;
        QVERIFY(loadTrainingData(toPath(m_dir.filePath("p")), c).splitJson(1, "x") != d.splitJson(1, "x"));
        // A saved split is restored exactly.
        const TrainingData restored = loadTrainingData(toPath(m_dir.filePath("p")), c, d.splitJson(1, "x"));
        QCOMPARE(restored.splitJson(1, "x"), d.splitJson(1, "x"));
    }

    void loadingProblems()
    {
        TrainConfig c;
        c.data.languages = {"deu"};
        QVERIFY_THROWS_EXCEPTION(Error, loadTrainingData(toPath(m_dir.filePath("p")), c));
        c.data.languages = {};
        c.objective = "ctc";
        c.data.tier = "nosuchtier";
        try {
            loadTrainingData(toPath(m_dir.filePath("p")), c);
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("nosuchtier"), e.what());
        }
    }

    void batchPlans_data()
    {
        QTest::addColumn<double>("alpha");
        QTest::addColumn<double>("batchSeconds");
        QTest::addColumn<int>("maxBatch");
        QTest::newRow("alpha 1") << 1.0 << 12.0 << 32;
        QTest::newRow("alpha 0.5") << 0.5 << 12.0 << 32;
        QTest::newRow("alpha 0 small batches") << 0.0 << 6.0 << 3;
    }
    void batchPlans()
    {
        QFETCH(double, alpha);
        QFETCH(double, batchSeconds);
        QFETCH(int, maxBatch);
        TrainConfig c;
        c.data.devFraction = 0;
        c.data.batchSeconds = batchSeconds;
        c.data.maxSeconds = 5;
        c.data.maxBatchSize = maxBatch;
        c.data.buckets = 3;
        const TrainingData d = loadTrainingData(toPath(m_dir.filePath("p")), c);
        const auto p = samplingProbabilities(d.trainSecondsPerLanguage(), alpha);
        std::vector<double> shares(3, 0.0);
        std::size_t drawn = 0;
        for (int epoch = 0; epoch < 40; ++epoch) {
            std::vector<std::int64_t> counts;
            const auto plan = planEpoch(d.train, p, c.data, 7, epoch, &counts);
            std::size_t items = 0;
            for (const auto &batch : plan) {
                QVERIFY(!batch.empty() && int(batch.size()) <= maxBatch);
                double longest = 0;
                for (int i : batch)
                    longest = std::max(longest, std::min(d.train[std::size_t(i)].seconds(), c.data.maxSeconds));
                QVERIFY2(batch.size() == 1 || double(batch.size()) * longest <= batchSeconds + 1e-9,
                         QByteArray::number(double(batch.size()) * longest));
                items += batch.size();
            }
            QCOMPARE(items, d.train.size());
            for (std::size_t l = 0; l < 3; ++l)
                shares[l] += double(counts[l]);
            drawn += items;
            if (epoch == 0)
                QCOMPARE(planEpoch(d.train, p, c.data, 7, 0), plan); // reproducible
        }
        // Items per language follow the sampling probabilities (language l's share of
        // utterances is p_l since its utterances are drawn uniformly).
        for (std::size_t l = 0; l < 3; ++l)
            QVERIFY2(std::abs(shares[l] / double(drawn) - p[l]) < 0.03,
                     qPrintable(QString("%1 vs %2").arg(shares[l] / double(drawn)).arg(p[l])));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestTrainPieces)
#include "test_trainpieces.moc"
