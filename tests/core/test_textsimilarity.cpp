// Text-side language similarity on constructed data with known answers: a hand-built
// SentencePiece model (known tokenization, so known fertility and piece sets), Jaccard,
// linear CKA against hand computations and its invariances, centroid cosines, parallel text
// errors, and a tiny random XLM-R for the pooling (padding must not change a sentence's
// vector; identical languages give cosine 1 and CKA 1).

#include "fieldbench/analysis/textsimilarity.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

// --- a SentencePiece model written as protobuf bytes by hand (ModelProto: field 1 pieces
// {1 piece, 2 score, 3 type}, field 2 trainer_spec {3 model_type = UNIGRAM}, field 3
// normalizer_spec {1 name = "identity"}; defaults add the dummy prefix and escape spaces).

void varint(std::string &out, std::uint64_t v)
{
    while (v >= 0x80) {
        out += char((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += char(v);
}

void lengthDelimited(std::string &out, int field, const std::string &bytes)
{
    varint(out, std::uint64_t(field) << 3 | 2);
    varint(out, bytes.size());
    out += bytes;
}

enum PieceType { Normal = 1, Unknown = 2, Control = 3 };

std::string handBuiltModel(const std::vector<std::tuple<std::string, float, PieceType>> &pieces)
{
    std::string model;
    for (const auto &[piece, score, type] : pieces) {
        std::string p;
        lengthDelimited(p, 1, piece);
        varint(p, 2 << 3 | 5);
        char f[4];
        std::memcpy(f, &score, 4); // little-endian on every machine this runs on
        p.append(f, 4);
        varint(p, 3 << 3 | 0);
        varint(p, std::uint64_t(type));
        lengthDelimited(model, 1, p);
    }
    std::string trainer;
    varint(trainer, 3 << 3 | 0);
    varint(trainer, 1); // UNIGRAM
    lengthDelimited(model, 2, trainer);
    std::string normalizer;
    lengthDelimited(normalizer, 1, "identity");
    lengthDelimited(model, 3, normalizer);
    return model;
}

const std::string kSpace = "\xE2\x96\x81"; // U+2581

// ids: 0 <unk>, 1 <s>, 2 </s>, 3 ▁the, 4 ▁cat, 5 s, 6 ▁, 7 ▁dog, 8 ▁a
SentencePieceTokenizer toyTokenizer()
{
    return SentencePieceTokenizer::fromSerialized(handBuiltModel({{"<unk>", 0.0f, Unknown},
                                                                   {"<s>", 0.0f, Control},
                                                                   {"</s>", 0.0f, Control},
                                                                   {kSpace + "the", -1.0f, Normal},
                                                                   {kSpace + "cat", -1.0f, Normal},
                                                                   {"s", -1.0f, Normal},
                                                                   {kSpace, -3.0f, Normal},
                                                                   {kSpace + "dog", -1.0f, Normal},
                                                                   {kSpace + "a", -1.0f, Normal}}),
                                                  "toy.model");
}

// A tiny random XLM-R MLM folder over the toy tokenizer.
void writeTinyModel(const std::filesystem::path &dir, std::uint64_t seed = 5)
{
    const XlmrTokenizer tok(std::make_shared<SentencePieceTokenizer>(toyTokenizer()));
    XlmrConfig c = XlmrConfig::preset("tiny");
    c.vocabSize = int(tok.vocabSize());
    torch::manual_seed(seed);
    XlmrForMaskedLM model(c);
    initialiseXlmrWeights(*model, c);
    exportXlmrMaskedLM(*model, c, tok, dir);
}

// A small languageGroup.xml in CLDR's shape.
const char *kXml = R"(<?xml version="1.0" encoding="UTF-8" ?>
<supplementalData>
  <languageGroups>
    <languageGroup parent="mul">ine urj</languageGroup>
    <languageGroup parent="ine">gem itc</languageGroup>
    <languageGroup parent="gem">de nl</languageGroup>
    <languageGroup parent="itc">roa</languageGroup>
    <languageGroup parent="roa">es it</languageGroup>
    <languageGroup parent="urj">fiu</languageGroup>
    <languageGroup parent="fiu">fi hu</languageGroup>
  </languageGroups>
</supplementalData>
)";

std::vector<double> randomMatrix(int rows, int cols, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> m(std::size_t(rows) * cols);
    for (double &v : m)
        v = normal(rng);
    return m;
}

// x (rows x d) times a random orthogonal matrix (a product of Givens rotations) times scale.
std::vector<double> rotated(const std::vector<double> &x, int rows, int d, double scale, unsigned seed)
{
    std::vector<double> y = x;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> angle(0, 2 * M_PI);
    for (int a = 0; a < d; ++a)
        for (int b = a + 1; b < d; ++b) {
            const double t = angle(rng), c = std::cos(t), s = std::sin(t);
            for (int r = 0; r < rows; ++r) {
                double &u = y[std::size_t(r) * d + a], &v = y[std::size_t(r) * d + b];
                const double nu = c * u - s * v, nv = s * u + c * v;
                u = nu;
                v = nv;
            }
        }
    for (double &v : y)
        v *= scale;
    return y;
}

} // namespace

class TestTextSimilarity : public QObject
{
    Q_OBJECT

private slots:
    void toyTokenizerIsKnown()
    {
        const SentencePieceTokenizer t = toyTokenizer();
        QCOMPARE(t.size(), 9);
        QCOMPARE(t.encodeIds("the cats"), (std::vector<int>{3, 4, 5}));
        QCOMPARE(t.encodeIds("dog a"), (std::vector<int>{7, 8}));
        // "x" has no piece: the word start on its own, then <unk>
        QCOMPARE(t.encodeIds("x"), (std::vector<int>{6, 0}));
    }

    // Fertility, continued words and <unk> rate come from the tokenizer report; on the toy
    // model they are known: the (1 piece) cats (2) the (1) x (2, one <unk>).
    void fertilityOnKnownTokenization()
    {
        const SentencePieceTokenizer t = toyTokenizer();
        LanguageCorpus c;
        c.lines["eng"] = {"the cats", "the x"};
        const TokenizerLanguageReport r = tokenizerReport(t, c).at(0);
        QCOMPARE(r.all.words, std::int64_t(4));
        QCOMPARE(r.all.pieces, std::int64_t(6));
        QCOMPARE(r.all.fertility(), 1.5);
        QCOMPARE(r.all.continuedShare(), 0.5);
        QCOMPARE(r.all.unkRate(), 1.0 / 6.0);

        // Piece usage: whole lines, <unk> and control pieces not counted.
        const PieceCounts counts = pieceUsage(t, c.lines["eng"]);
        QCOMPARE(counts.size(), std::size_t(4));
        QCOMPARE(counts.at(3), std::int64_t(2));
        QCOMPARE(counts.at(4), std::int64_t(1));
        QCOMPARE(counts.at(5), std::int64_t(1));
        QCOMPARE(counts.at(6), std::int64_t(1));
        QCOMPARE(usedPieces(counts), (std::set<int>{3, 4, 5, 6}));
        QCOMPARE(usedPieces(counts, 2), (std::set<int>{3}));
    }

    void jaccard_data()
    {
        QTest::addColumn<QList<int>>("a");
        QTest::addColumn<QList<int>>("b");
        QTest::addColumn<double>("expected");
        QTest::newRow("identical") << QList<int>{1, 2, 3} << QList<int>{1, 2, 3} << 1.0;
        QTest::newRow("disjoint") << QList<int>{1, 2} << QList<int>{3, 4, 5} << 0.0;
        QTest::newRow("half") << QList<int>{1, 2, 3} << QList<int>{2, 3, 4} << 0.5;
        QTest::newRow("subset") << QList<int>{1} << QList<int>{1, 2, 3, 4} << 0.25;
        QTest::newRow("one empty") << QList<int>{} << QList<int>{1} << 0.0;
        QTest::newRow("both empty") << QList<int>{} << QList<int>{} << 1.0;
    }

    void jaccard()
    {
        QFETCH(QList<int>, a);
        QFETCH(QList<int>, b);
        QFETCH(double, expected);
        const std::set<int> sa(a.begin(), a.end()), sb(b.begin(), b.end());
        QCOMPARE(fieldbench::jaccard(sa, sb), expected);
        QCOMPARE(fieldbench::jaccard(sb, sa), expected);
    }

    // Identical languages -> Jaccard 1; disjoint vocabularies -> 0; the clustering and the
    // genealogy on a known tree: es and it (identical text) join first.
    void reportOnToyLanguages()
    {
        const SentencePieceTokenizer t = toyTokenizer();
        TextSimilarityReport r;
        const std::vector<std::pair<std::string, std::vector<std::string>>> text = {
            {"es", {"the cats", "the cat"}}, {"it", {"the cats", "the cat"}}, {"de", {"dog a"}}, {"fi", {"the dog"}}};
        for (const auto &[code, lines] : text) {
            TextLanguageStats l;
            l.code = code;
            l.sentences = std::int64_t(lines.size());
            l.pieces = pieceUsage(t, lines);
            r.languages.push_back(l);
        }
        const LanguageGroups groups = LanguageGroups::fromXml(kXml);
        r = buildTextSimilarityReport(r, &groups);
        const auto J = [&](int i, int j) { return r.jaccard[std::size_t(i) * 4 + j]; };
        QCOMPARE(J(0, 1), 1.0);               // identical
        QCOMPARE(J(0, 2), 0.0);               // {3,4,5} vs {7,8}
        QCOMPARE(J(0, 3), 1.0 / 4.0);         // {3,4,5} vs {3,7}
        QCOMPARE(J(2, 3), 1.0 / 3.0);         // {7,8} vs {3,7}
        QCOMPARE(r.pieceCosine[1], 1.0);
        QCOMPARE(r.pieceCosine[2], 0.0);
        QCOMPARE(r.languages[0].piecesUsed, std::int64_t(3));
        const SimilarityView *v = r.view("jaccard");
        QVERIFY(v);
        QCOMPARE(v->dendrogram.merges.at(0).height, 0.0); // es + it first, at distance 0
        QCOMPARE(v->dendrogram.leavesOf(4), (std::vector<int>{0, 1}));
        QCOMPARE(v->genealogy.included.size(), std::size_t(4));
        bool romanceClusters = false;
        for (const auto &g : v->genealogy.groups)
            if (g.group == "roa")
                romanceClusters = g.isCluster;
        QVERIFY(romanceClusters);
        QVERIFY(r.view("cka", 0) == nullptr); // no model, no model views

        QTemporaryDir dir;
        const auto files = writeTextSimilarityReport(r, toPath(dir.path()));
        QVERIFY(files.size() >= 7);
        for (const char *name : {"report.json", "languages.csv", "jaccard.csv", "views.csv", "clusters.csv",
                                 "genealogy.csv", "heatmap_jaccard.svg", "dendrogram_jaccard.svg"})
            QVERIFY2(QFile::exists(dir.filePath(name)), name);
        QFile csv(dir.filePath("jaccard.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readLine().trimmed(), QByteArray("language,es,it,de,fi"));
        QCOMPARE(csv.readLine().trimmed(), QByteArray("es,1,1,0,0.25"));
        QVERIFY(summarizeTextSimilarityReport(r).find("jaccard") != std::string::npos);
    }

    // A hand computation: x = (1,2,3), y = (1,3,2): centred (-1,0,1), (-1,1,0);
    // ||y'x||^2 = 1, ||x'x|| = ||y'y|| = 2 -> 1/4 (= the squared correlation, 0.5^2).
    // X = I3[:, :2], y = e1: ||Yc'Xc||^2 = 5/9, ||Xc'Xc|| = sqrt(10)/3, ||Yc'Yc|| = 2/3
    // -> 5 / (2 sqrt(10)).
    void linearCkaHandExample_data()
    {
        QTest::addColumn<QList<double>>("x");
        QTest::addColumn<QList<double>>("y");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("dx");
        QTest::addColumn<int>("dy");
        QTest::addColumn<double>("expected");
        QTest::newRow("1-D") << QList<double>{1, 2, 3} << QList<double>{1, 3, 2} << 3 << 1 << 1 << 0.25;
        QTest::newRow("2-D vs 1-D") << QList<double>{1, 0, 0, 1, 0, 0} << QList<double>{1, 0, 0} << 3 << 2 << 1
                                    << 5.0 / (2.0 * std::sqrt(10.0));
        QTest::newRow("identical") << QList<double>{1, 4, 2, 2, 0, 7} << QList<double>{1, 4, 2, 2, 0, 7} << 3 << 2 << 2
                                   << 1.0;
        QTest::newRow("uncorrelated") << QList<double>{1, -1, 1, -1} << QList<double>{1, 1, -1, -1} << 4 << 1 << 1
                                      << 0.0;
    }

    void linearCkaHandExample()
    {
        QFETCH(QList<double>, x);
        QFETCH(QList<double>, y);
        QFETCH(int, n);
        QFETCH(int, dx);
        QFETCH(int, dy);
        QFETCH(double, expected);
        const std::vector<double> xv(x.begin(), x.end()), yv(y.begin(), y.end());
        QVERIFY(std::abs(linearCka(xv, yv, n, dx, dy) - expected) < 1e-12);
        QVERIFY(std::abs(linearCka(yv, xv, n, dy, dx) - expected) < 1e-12);
    }

    void linearCkaInvariance_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("rotate");
        QTest::addColumn<double>("shift");
        QTest::newRow("rotation") << 1.0 << true << 0.0;
        QTest::newRow("isotropic scaling") << 7.5 << false << 0.0;
        QTest::newRow("rotation and scaling") << 0.01 << true << 0.0;
        QTest::newRow("translation") << 1.0 << false << 3.0;
        QTest::newRow("all three") << 2.0 << true << -5.0;
    }

    // CKA(X, T(X)) = 1 and CKA(T(X), Z) = CKA(X, Z) for T an orthogonal map, an isotropic
    // scaling or a translation.
    void linearCkaInvariance()
    {
        QFETCH(double, scale);
        QFETCH(bool, rotate);
        QFETCH(double, shift);
        const int n = 40, d = 6;
        const std::vector<double> x = randomMatrix(n, d, 1);
        const std::vector<double> z = randomMatrix(n, 3, 2);
        std::vector<double> tx = rotate ? rotated(x, n, d, scale, 3) : x;
        if (!rotate)
            for (double &v : tx)
                v *= scale;
        for (double &v : tx)
            v += shift;
        QVERIFY(std::abs(linearCka(x, tx, n, d, d) - 1.0) < 1e-9);
        const double before = linearCka(x, z, n, d, 3), after = linearCka(tx, z, n, d, 3);
        QVERIFY(before > 0.01 && before < 0.99);
        QVERIFY2(std::abs(before - after) < 1e-9, qPrintable(QString("%1 vs %2").arg(before).arg(after)));
        // A non-isotropic scaling changes it (the invariance is not vacuous).
        std::vector<double> stretched = x;
        for (int r = 0; r < n; ++r)
            stretched[std::size_t(r) * d] *= 10;
        QVERIFY(std::abs(linearCka(stretched, z, n, d, 3) - before) > 1e-3);
    }

    void linearCkaRejectsBadShapes()
    {
        QVERIFY_THROWS_EXCEPTION(Error, linearCka({1, 2}, {1, 2, 3}, 2, 1, 1));
        QVERIFY_THROWS_EXCEPTION(Error, linearCka({1}, {1}, 1, 1, 1));
        QVERIFY(std::isnan(linearCka({1, 1, 1}, {1, 2, 3}, 3, 1, 1))); // a constant side
    }

    // Both CKA paths (Gram matrices when n <= d, cross-covariances otherwise) agree with the
    // pairwise function.
    void ckaMatrixMatchesPairs_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("d");
        QTest::newRow("n > d (features)") << 30 << 4;
        QTest::newRow("n <= d (Gram)") << 5 << 12;
    }

    void ckaMatrixMatchesPairs()
    {
        QFETCH(int, rows);
        QFETCH(int, d);
        const std::vector<std::vector<double>> reps = {randomMatrix(rows, d, 11), randomMatrix(rows, d, 12),
                                                       randomMatrix(rows, d, 11)};
        const std::vector<double> m = ckaMatrix(reps, rows, d);
        QCOMPARE(m.size(), std::size_t(9));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(std::abs(m[std::size_t(i) * 3 + i] - 1.0) < 1e-12);
            for (int j = 0; j < 3; ++j)
                QVERIFY(std::abs(m[std::size_t(i) * 3 + j] - linearCka(reps[i], reps[j], rows, d, d)) < 1e-12);
        }
        QVERIFY(std::abs(m[2] - 1.0) < 1e-12); // identical languages
    }

    void centroidCosines()
    {
        // identical -> 1, orthogonal -> 0, opposite -> -1
        const auto raw = fieldbench::centroidCosines({{1, 0, 0}, {1, 0, 0}, {0, 2, 0}, {-3, 0, 0}}, false);
        QCOMPARE(raw[1], 1.0);
        QCOMPARE(raw[2], 0.0);
        QCOMPARE(raw[3], -1.0);
        // Centred: a shared offset no longer makes everything similar.
        const auto shifted = fieldbench::centroidCosines({{11, 0}, {9, 0}, {10, 1}, {10, -1}}, false);
        QVERIFY(shifted[1] > 0.98);
        const auto centred = fieldbench::centroidCosines({{11, 0}, {9, 0}, {10, 1}, {10, -1}}, true);
        QVERIFY(std::abs(centred[1] + 1.0) < 1e-12); // (1,0) vs (-1,0)
        QVERIFY(std::abs(centred[2]) < 1e-12);        // (1,0) vs (0,1)
        QCOMPARE(meanRow({1, 2, 3, 4}, 2, 2), (std::vector<double>{2, 3}));
    }

    void evenlySpaced_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("all") << 3 << 0 << QList<int>{0, 1, 2};
        QTest::newRow("more than there are") << 3 << 5 << QList<int>{0, 1, 2};
        QTest::newRow("half") << 6 << 3 << QList<int>{0, 2, 4};
        QTest::newRow("uneven") << 10 << 4 << QList<int>{0, 2, 5, 7};
    }

    void evenlySpaced()
    {
        QFETCH(int, size);
        QFETCH(int, count);
        QFETCH(QList<int>, expected);
        QList<int> got;
        for (std::size_t i : fieldbench::evenlySpaced(std::size_t(size), count))
            got << int(i);
        QCOMPARE(got, expected);
    }

    void parallelText()
    {
        QTemporaryDir dir;
        QVERIFY(writeBytes(dir.filePath("spa.txt"), "uno\n\ntres\ncuatro\n"));
        QVERIFY(writeBytes(dir.filePath("ita.txt"), "uno\ndue\ntre\n quattro \n"));
        const auto p = readParallelText(toPath(dir.path()), {"spa", "ita", "deu"}); // no deu.txt: left out
        QCOMPARE(p.size(), std::size_t(2));
        // line 2 is empty in spa: dropped from both
        QCOMPARE(toList(p.at("spa")), (QStringList{"uno", "tres", "cuatro"}));
        QCOMPARE(toList(p.at("ita")), (QStringList{"uno", "tre", "quattro"}));

        QVERIFY(writeBytes(dir.filePath("deu.txt"), "eins\nzwei\n"));
        try {
            readParallelText(toPath(dir.path()), {"spa", "deu"});
            QFAIL("no error for files of different lengths");
        } catch (const Error &e) {
            const QString m = e.what();
            QVERIFY2(m.contains("deu.txt") && m.contains("2 lines") && m.contains("spa.txt") && m.contains("4"),
                     e.what());
        }
        QVERIFY(writeBytes(dir.filePath("fra.txt"), "un\ndeux\ntrois\nquatre \xE9t\xE9\n"));
        try {
            readParallelText(toPath(dir.path()), {"spa", "fra"});
            QFAIL("no error for Latin-1 text");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("fra.txt:4") && QString(e.what()).contains("not UTF-8"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, readParallelText(toPath(dir.path()), {"eng"}));
        QVERIFY_THROWS_EXCEPTION(Error, readParallelText(toPath(dir.filePath("nothing")), {"spa"}));
    }

    // A tiny random XLM-R over the toy tokenizer: a sentence's vector does not depend on the
    // batch it was padded in; identical languages give centroid cosine 1 and CKA 1.
    void pooledStatesOfATinyModel()
    {
        QTemporaryDir dir;
        writeTinyModel(toPath(dir.path()));
        const XlmrConfig c = XlmrConfig::load(toPath(dir.path()));

        const std::vector<std::string> sentences = {"the cats", "dog", "the dog a the cat", "a", "the cats the cats"};
        TextSimilarityConfig one, four;
        one.batchSize = 1;
        four.batchSize = 4;
        const SentenceRepresentations a = encodeSentences(toPath(dir.path()), sentences, one);
        const SentenceRepresentations b = encodeSentences(toPath(dir.path()), sentences, four);
        QCOMPARE(a.layers, c.numHiddenLayers + 1);
        QCOMPARE(a.hidden, c.hiddenSize);
        QCOMPARE(a.rows, std::int64_t(5));
        for (int l = 0; l < a.layers; ++l)
            for (std::size_t k = 0; k < a.pooled[l].size(); ++k)
                QVERIFY2(std::abs(a.pooled[l][k] - b.pooled[l][k]) < 1e-5, "padding changed a pooled vector");

        // Layer 0 of a one-piece sentence is that piece's embedding (+ position, type, LayerNorm):
        // different sentences differ.
        QVERIFY(std::abs(a.pooled[0][0] - a.pooled[0][std::size_t(a.hidden)]) > 1e-6);

        // Two "languages" with the same sentences: cosine 1, CKA 1 on every layer.
        for (int l = 0; l < a.layers; ++l) {
            const auto centroid = meanRow(a.pooled[l], a.rows, a.hidden);
            const auto cos = fieldbench::centroidCosines({centroid, centroid}, false);
            QVERIFY(std::abs(cos[1] - 1.0) < 1e-12);
            const auto cka = ckaMatrix({a.pooled[l], b.pooled[l]}, a.rows, a.hidden);
            QVERIFY(std::abs(cka[1] - 1.0) < 1e-6);
        }
    }

    // The whole command on a project: spa and ita have the same sentences (in another order,
    // so the importer keeps both), deu others; parallel text identical for spa and ita.
    void commandLine()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("project"), model = dir.filePath("model"), out = dir.filePath("out");
        const QString toy = dir.filePath("toy.model"), parallel = dir.filePath("parallel");
        QVERIFY(writeBytes(toy, QByteArray::fromStdString(toyTokenizer().serialized())));
        writeTinyModel(toPath(model));
        QString error;
        QVERIFY2(run({cliPath(), "project", "create", project}, &error), qPrintable(error));
        const QList<QPair<QString, QByteArray>> text = {
            {"spa", "the cats\nthe cat\ndog a\n"}, {"ita", "the cat\ndog a\nthe cats\n"}, {"deu", "the dog\na a\ndog\n"}};
        for (const auto &[code, lines] : text) {
            QVERIFY(writeBytes(dir.filePath("in/" + code + ".txt"), lines));
            QVERIFY2(run({cliPath(), "import", dir.filePath("in/" + code + ".txt"), "-p", project, "-l", code, "-q"},
                         &error),
                     qPrintable(error));
        }
        QVERIFY(writeBytes(parallel + "/spa.txt", "the cats\ndog a\nthe dog a\na\n"));
        QVERIFY(writeBytes(parallel + "/ita.txt", "the cats\ndog a\nthe dog a\na\n"));
        QVERIFY(writeBytes(parallel + "/deu.txt", "a dog\nthe\ncats the a\ndog dog\n"));
        QByteArray stdoutData;
        QVERIFY2(run({cliPath(), "analyze", "text", "--project", project, "--tokenizer", toy, "--model", model,
                      "--parallel", parallel, "--out", out, "-q"},
                     &error, &stdoutData),
                 qPrintable(error));
        QVERIFY(stdoutData.contains("cka@"));

        std::ifstream in(toPath(out + "/report.json"));
        const nlohmann::json r = nlohmann::json::parse(in);
        QCOMPARE(r.at("format").get<std::string>(), std::string("fieldbench-text-similarity-report"));
        std::vector<std::string> codes;
        for (const auto &l : r.at("languages"))
            codes.push_back(l.at("code").get<std::string>());
        QCOMPARE(codes, (std::vector<std::string>{"deu", "ita", "spa"}));
        QCOMPARE(r.at("jaccard")[1][2].get<double>(), 1.0);
        const int layers = r.at("layers").get<int>();
        QCOMPARE(layers, 3); // tiny: 2 encoder layers + embeddings
        QCOMPARE(r.at("parallel_sentences").get<int>(), 4);
        for (int l = 0; l < layers; ++l) {
            QVERIFY(std::abs(r.at("centroid_cosine")[l][1][2].get<double>() - 1.0) < 1e-6);
            QVERIFY(std::abs(r.at("cka")[l][1][2].get<double>() - 1.0) < 1e-6);
            QVERIFY(r.at("cka")[l][0][2].get<double>() < 0.9999);
        }
        for (const char *name : {"views.csv", "cka_layer0.csv", "centroid_cosine_centred_layer2.csv", "genealogy.csv"})
            QVERIFY2(QFile::exists(out + "/" + name), name);

        // Readable errors naming the file and the problem.
        QVERIFY(writeBytes(parallel + "/deu.txt", "a dog\nthe\n"));
        QVERIFY(!run({cliPath(), "analyze", "text", "--project", project, "--tokenizer", toy, "--model", model,
                      "--parallel", parallel, "--out", out, "-q"},
                     &error));
        QVERIFY2(error.contains("deu.txt: has 2 lines") && error.contains("has 4"), qPrintable(error));
        QVERIFY(!run({cliPath(), "analyze", "text", "--project", project, "--tokenizer", toy, "--parallel", parallel,
                      "--out", out},
                     &error));
        QVERIFY2(error.contains("give a model folder too"), qPrintable(error));
        QVERIFY(!run({cliPath(), "analyze", "text", "--project", project, "--tokenizer", dir.filePath("none.model"),
                      "--out", out},
                     &error));
        QVERIFY2(error.contains("none.model: does not exist"), qPrintable(error));
        QVERIFY(!run({cliPath(), "analyze", "text", "--project", project, "--tokenizer", toy, "--languages", "fra",
                      "--out", out},
                     &error));
        QVERIFY2(error.contains("has no language \"fra\""), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestTextSimilarity)
#include "test_textsimilarity.moc"
