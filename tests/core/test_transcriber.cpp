// Transcription: known answers from models whose CTC head is forced, segmentation by VAD
// and by tier, batching, timestamps, vocabularies, the project LM, and fieldbench-cli
// transcribe end to end (ELAN, Praat, JSON, text outputs read back).

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/annotationwriters.h"
#include "fieldbench/corpus/annotations.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/models/ctcdecoder.h"
#include "fieldbench/models/transcriber.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace fieldbench;
using fieldbench::testing::toPath;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::vector<std::string> kVocab{"<pad>", "<unk>", "|", "a", "b", "c", "d", "e", "i", "k", "o", "u"};

// A tiny CTC model folder. forced >= 0: the head ignores the audio and always prefers
// token `forced` (weights 0, bias 8 on it); -1: random (perturbed) weights.
fs::path makeModel(const fs::path &dir, int forced, const std::string &norm = "group", std::uint64_t seed = 1)
{
    Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
    c.vocabSize = int(kVocab.size());
    // "group": wav2vec2-base style (post-LN encoder); "layer": XLSR style (pre-LN).
    c.featExtractNorm = norm;
    c.convBias = norm == "layer";
    c.doStableLayerNorm = norm == "layer";
    torch::manual_seed(seed);
    LoadedWav2Vec2 m = createWav2Vec2(c, Wav2Vec2Architecture::CTC);
    {
        torch::NoGradGuard g;
        for (auto &p : m.module->parameters())
            p.add_(torch::randn_like(p) * 0.05);
        auto &head = std::static_pointer_cast<Wav2Vec2ForCTCImpl>(m.module)->lm_head;
        if (forced >= 0) {
            head->weight.zero_();
            head->bias.zero_();
            head->bias[forced] = 8.0;
        } else {
            head->weight.mul_(20.0); // confident, varied outputs
        }
    }
    saveModelFolder(*m.module, m.config, dir);
    json v = json::object();
    for (std::size_t i = 0; i < kVocab.size(); ++i)
        v[kVocab[i]] = i;
    writeFileAtomically(dir / "vocab.json", v.dump());
    return dir;
}

// Voiced bursts (150 Hz with harmonics, -20 dBFS) over faint noise.
std::vector<float> bursts(double seconds, const std::vector<std::pair<double, double>> &spans)
{
    std::vector<float> x(std::size_t(seconds * 16000));
    std::uint32_t r = 1;
    for (std::size_t i = 0; i < x.size(); ++i) {
        r = r * 1664525u + 1013904223u;
        const double t = double(i) / 16000;
        double v = 1e-4 * (double(r >> 8) / double(1 << 24) - 0.5);
        for (const auto &s : spans)
            if (t >= s.first && t < s.second)
                v += 0.06 * (std::sin(2 * M_PI * 150 * t) + std::sin(2 * M_PI * 300 * t) + std::sin(2 * M_PI * 450 * t));
        x[i] = float(v);
    }
    return x;
}

} // namespace

class TestTranscriber : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_forcedA, m_forcedBlank, m_random, m_randomLayer;

private slots:
    void initTestCase()
    {
        const fs::path root = toPath(m_tmp.path());
        m_forcedA = makeModel(root / "forced-a", 3);
        m_forcedBlank = makeModel(root / "forced-blank", 0);
        m_random = makeModel(root / "random", -1);
        m_randomLayer = makeModel(root / "random-layer", -1, "layer", 2);
    }

    void forcedTokenKnownAnswers()
    {
        TranscribeConfig c;
        c.vad.paddingSeconds = 0;
        Transcriber t(m_forcedA, c);
        QCOMPARE(t.frameSeconds(), 0.02);
        const Transcription r = t.transcribe(bursts(5.0, {{0.5, 1.5}, {2.5, 4.0}}));
        QCOMPARE(int(r.segments.size()), 2);
        QCOMPARE(r.durationSeconds, 5.0);
        const double want[2][2] = {{0.5, 1.5}, {2.5, 4.0}};
        for (int i = 0; i < 2; ++i) {
            const TranscribedSegment &s = r.segments[std::size_t(i)];
            QCOMPARE(QString::fromStdString(s.text), QString("a")); // every frame "a": one token
            QVERIFY(std::abs(s.start - want[i][0]) <= 0.021);
            QVERIFY(std::abs(s.end - want[i][1]) <= 0.021);
            QCOMPARE(int(s.tokens.size()), 1);
            QCOMPARE(s.tokens[0].text, std::string("a"));
            QVERIFY(std::abs(s.tokens[0].start - s.start) < 1e-9); // the first frame
            QVERIFY(s.tokens[0].end <= s.end && s.tokens[0].end > s.end - 0.05);
            QVERIFY(s.tokens[0].confidence > 0.99);
            QVERIFY(s.confidence > 0.99);
        }
        Transcriber blank(m_forcedBlank, c);
        const Transcription b = blank.transcribe(bursts(3.0, {{0.5, 1.5}}));
        QCOMPARE(int(b.segments.size()), 1);
        QVERIFY(b.segments[0].text.empty() && b.segments[0].tokens.empty());
        QVERIFY(b.segments[0].confidence > 0.99); // sure it is nothing
    }

    void tierSegmentsAreKeptAndLongOnesMerged()
    {
        TranscribeConfig c;
        c.segmentation = "tier";
        c.vad.maxSegmentSeconds = 1.0; // a 2.5 s interval runs as three pieces
        Transcriber t(m_forcedA, c);
        const std::vector<AnnotationInterval> spans{{0.2, 0.9, "x"}, {1.0, 3.5, "y"}, {4.0, 4.0, "empty span"}};
        const Transcription r = t.transcribe(bursts(5.0, {}), spans);
        QCOMPARE(int(r.segments.size()), 2);
        QCOMPARE(r.segments[0].start, 0.2);
        QCOMPARE(r.segments[1].end, 3.5);
        QCOMPARE(QString::fromStdString(r.segments[0].text), QString("a"));
        QCOMPARE(QString::fromStdString(r.segments[1].text), QString("aaa")); // one "a" per piece
        QCOMPARE(int(r.segments[1].tokens.size()), 3);
        QVERIFY(std::abs(r.segments[1].tokens[1].start - (1.0 + 2.5 / 3)) < 0.021);
    }

    void matchesDecodingOfEachSegment_data()
    {
        QTest::addColumn<bool>("layerNorm");
        QTest::addColumn<int>("batch");
        QTest::newRow("group norm, batch 1") << false << 1;
        QTest::newRow("layer norm, batch 1") << true << 1;
        QTest::newRow("layer norm, batch 8") << true << 8;
    }

    void matchesDecodingOfEachSegment()
    {
        // The pipeline's text equals greedy decoding of each segment on its own; with a
        // layer-norm model (attention mask) batching changes nothing.
        QFETCH(bool, layerNorm);
        QFETCH(int, batch);
        TranscribeConfig c;
        c.batchSize = batch;
        c.batchLengthRatio = 10;
        c.segmentation = "tier";
        Transcriber t(layerNorm ? m_randomLayer : m_random, c);
        const std::vector<float> x = bursts(6.0, {{0.3, 1.2}, {1.5, 2.0}, {2.6, 4.9}});
        const std::vector<AnnotationInterval> spans{{0.3, 1.2, ""}, {1.5, 2.0, ""}, {2.6, 4.9, ""}};
        const Transcription r = t.transcribe(x, spans);
        QCOMPARE(int(r.segments.size()), 3);
        int nonEmpty = 0;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            const std::vector<float> piece(x.begin() + std::ptrdiff_t(spans[i].start * 16000),
                                           x.begin() + std::ptrdiff_t(spans[i].end * 16000));
            int frames = 0;
            const std::vector<float> lp = t.logProbs(piece, &frames);
            const CtcHypothesis g = ctcGreedyDecode(lp.data(), frames, int(kVocab.size()), 0);
            std::vector<int> ids;
            for (const auto &tk : g.tokens)
                ids.push_back(tk.id);
            QCOMPARE(QString::fromStdString(r.segments[i].text), QString::fromStdString(t.vocabulary().decode(ids)));
            nonEmpty += !r.segments[i].text.empty();
            for (const auto &tk : r.segments[i].tokens) {
                QVERIFY(tk.start >= r.segments[i].start - 1e-9 && tk.end <= r.segments[i].end + 1e-9);
                QVERIFY(tk.confidence > 0 && tk.confidence <= 1);
            }
        }
        QVERIFY(nonEmpty > 0); // a test on empty strings would prove nothing
    }

    void beamSearchWithProjectLm()
    {
        // Beam search runs through the pipeline with an LM trained on a project's text;
        // a strong LM that has only ever seen "a" turns the random model's output towards a's.
        QTemporaryDir tmp;
        const fs::path root = toPath(tmp.path());
        Project project = Project::create(root / "p");
        fs::create_directories(root / "p/audio");
        writeAudio(root / "p/audio/x.flac", std::vector<float>(1600, 0.0f), 16000);
        NewRecording rec;
        rec.recording.sourcePath = "/x.wav";
        rec.recording.contentHash = "h";
        rec.recording.audioFile = "audio/x.flac";
        rec.languageCode = "ain";
        for (int i = 0; i < 20; ++i) {
            Segment s;
            s.end = 1;
            s.source = "t";
            s.transcripts = {{"text", "aaa aa aaaa"}};
            rec.segments.push_back(s);
        }
        project.addRecording(rec);
        TranscribeConfig c;
        c.segmentation = "tier";
        c.beamSize = 8;
        c.lmWeight = 3.0;
        c.tokenBonus = 6.0; // a weight-3 LM scores every token during the search but the empty prefix only at the end: without a bonus it wins (fails below 4)
        Transcriber t(m_random, c);
        auto lm = std::make_shared<CharNgramLm>(trainProjectLm(project, t.vocabulary(), "text", 3));
        QVERIFY(lm->perplexity({t.vocabulary().encode("aaa aa")}) < lm->perplexity({t.vocabulary().encode("kiku")}));
        const std::vector<float> x = bursts(3.0, {{0.2, 2.8}});
        const std::vector<AnnotationInterval> spans{{0.2, 2.8, ""}};
        const std::string plain = Transcriber(m_random, c).transcribe(x, spans).segments[0].text;
        t.setLanguageModel(lm);
        const std::string withLm = t.transcribe(x, spans).segments[0].text;
        const auto share = [](const std::string &s) {
            int a = 0, n = 0;
            for (const char ch : s)
                if (ch != ' ') {
                    ++n;
                    a += ch == 'a';
                }
            return n ? double(a) / n : 0.0;
        };
        QVERIFY2(share(withLm) > share(plain), qPrintable(QString::fromStdString(plain + " / " + withLm)));
        QVERIFY_THROWS_EXCEPTION(Error, trainProjectLm(project, t.vocabulary(), "no-such-tier", 3));
    }

    void vocabularies()
    {
        QTemporaryDir tmp;
        const fs::path file = toPath(tmp.filePath("v.json"));
        writeFileAtomically(file, R"({"<pad>": 0, "<unk>": 1, "|": 2, "ʃ": 3, "ts": 4, "a": 5})");
        const CtcVocabulary phones = CtcVocabulary::load(file, 0);
        QVERIFY(phones.phones); // "ts" is two characters: phone units
        QCOMPARE(phones.decode({4, 5, 2, 3, 5, 2}), std::string("ts a | ʃ a"));
        QCOMPARE(phones.encode("ts a | ʃ a"), (std::vector<int>{4, 5, 2, 3, 5}));
        const CtcVocabulary chars = CtcVocabulary::load(file, 0, "char");
        QCOMPARE(chars.decode({5, 5, 2, 3, 1, 0, 5}), std::string("aa ʃa"));
        std::size_t unknown = 0;
        QCOMPARE(chars.encode("  tsa  ʃx ", &unknown), (std::vector<int>{4, 5, 2, 3}));
        QCOMPARE(unknown, std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(Error, CtcVocabulary::load(file, 9));
        writeFileAtomically(file, R"({"a": 0, "b": 0})");
        QVERIFY_THROWS_EXCEPTION(Error, CtcVocabulary::load(file, 0));
    }

    void refusesNonCtcModels()
    {
        QTemporaryDir tmp;
        LoadedWav2Vec2 m = createWav2Vec2(Wav2Vec2Config::preset("tiny"), Wav2Vec2Architecture::PreTraining);
        saveModelFolder(*m.module, m.config, toPath(tmp.filePath("pt")));
        QVERIFY_THROWS_EXCEPTION(Error, Transcriber(toPath(tmp.filePath("pt"))));
        TranscribeConfig c;
        c.segmentation = "words";
        QVERIFY_THROWS_EXCEPTION(Error, Transcriber(m_forcedA, c));
    }

    void cliWritesEveryFormat()
    {
        QTemporaryDir tmp;
        const fs::path root = toPath(tmp.path());
        writeAudio(root / "rec.wav", bursts(4.0, {{0.5, 1.5}, {2.0, 3.5}}), 16000);
        AnnotationTier words;
        words.name = "Transcription";
        words.intervals = {{0.5, 1.5, "one"}, {2.0, 3.5, "two"}};
        writeEaf(root / "rec.eaf", {words}, {root / "rec.wav"});
        const std::string before = readFile(root / "rec.eaf");
        QString error;
        const QString model = QString::fromStdString(m_forcedA.string());
        // ELAN, segmented by the existing tier: the new tier has the same segments.
        QVERIFY2(fieldbench::testing::run({fieldbench::testing::cliPath(), "transcribe", "--model", model,
                                           tmp.filePath("rec.eaf"), "--format", "eaf", "--tier", "Transcription", "--out",
                                           tmp.filePath("out")},
                                          &error),
                 qPrintable(error));
        QCOMPARE(readFile(root / "rec.eaf"), before); // the input is not touched
        const AnnotationDocument doc = readEaf(root / "out/rec.asr.eaf");
        const AnnotationTier *asr = doc.tier("asr");
        QVERIFY(asr);
        QCOMPARE(int(asr->intervals.size()), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(asr->intervals[std::size_t(i)].start, words.intervals[std::size_t(i)].start);
            QCOMPARE(asr->intervals[std::size_t(i)].end, words.intervals[std::size_t(i)].end);
            QCOMPARE(asr->intervals[std::size_t(i)].text, std::string("a"));
        }
        QVERIFY(doc.tier("Transcription"));
        // TextGrid, JSON and text from the recording itself (VAD), beam search.
        for (const QString format : {"textgrid", "json", "txt"}) {
            QVERIFY2(fieldbench::testing::run({fieldbench::testing::cliPath(), "transcribe", "--model", model,
                                               tmp.filePath("rec.wav"), "--format", format, "--beam", "4", "--out",
                                               tmp.filePath("out")},
                                              &error),
                     qPrintable(error));
        }
        const AnnotationDocument tg = readTextGrid(root / "out/rec.asr.TextGrid");
        QCOMPARE(int(tg.tiers.size()), 1);
        int labelled = 0;
        for (const auto &i : tg.tiers[0].intervals)
            labelled += i.text == "a";
        QCOMPARE(labelled, 2);
        const json j = json::parse(readFile(root / "out/rec.asr.json"));
        QCOMPARE(int(j["segments"].size()), 2);
        QCOMPARE(j["segments"][1]["tokens"][0]["text"].get<std::string>(), std::string("a"));
        QVERIFY(j["segments"][1]["confidence"].get<double>() > 0.99);
        QCOMPARE(readFile(root / "out/rec.asr.txt"), std::string("a\na\n"));
        // A new .eaf for a bare recording links it.
        QVERIFY2(fieldbench::testing::run({fieldbench::testing::cliPath(), "transcribe", "--model", model,
                                           tmp.filePath("rec.wav"), "--format", "eaf", "--out", tmp.filePath("new")},
                                          &error),
                 qPrintable(error));
        const AnnotationDocument fresh = readEaf(root / "new/rec.asr.eaf");
        QCOMPARE(int(fresh.media.size()), 1);
        QCOMPARE(int(fresh.tiers.at(0).intervals.size()), 2);
    }
};

QTEST_GUILESS_MAIN(TestTranscriber)
#include "test_transcriber.moc"
