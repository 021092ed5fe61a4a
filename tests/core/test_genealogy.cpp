// CLDR language groups: parsing, lineages, tree distances, and the agreement of a
// clustering with the family tree.

#include "fieldbench/analysis/genealogy.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QtTest>

#include <cmath>

using namespace fieldbench;
using fieldbench::testing::toList;

namespace {

// A small languageGroup.xml in CLDR's shape (one parent listed twice, as CLDR does).
const char *kXml = R"(<?xml version="1.0" encoding="UTF-8" ?>
<supplementalData>
  <version number="$Revision$"/>
  <languageGroups>
    <languageGroup parent="mul">ine urj</languageGroup>
    <languageGroup parent="ine">gem itc</languageGroup>
    <languageGroup parent="gem">gmw gmq</languageGroup>
    <languageGroup parent="gmw">de en nl</languageGroup>
    <languageGroup parent="gmq">sv da</languageGroup>
    <languageGroup parent="itc">roa</languageGroup>
    <languageGroup parent="roa">es it pt</languageGroup>
    <languageGroup parent="urj">fiu</languageGroup>
    <languageGroup parent="fiu">fi hu</languageGroup>
    <languageGroup parent="cel">nl</languageGroup>
  </languageGroups>
</supplementalData>
)";

} // namespace

class TestGenealogy : public QObject
{
    Q_OBJECT

private slots:
    void lineage_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("two-letter") << "es" << QStringList{"ine", "itc", "roa", "es"};
        QTest::newRow("ISO 639-3 mapped") << "spa" << QStringList{"ine", "itc", "roa", "es"};
        QTest::newRow("germanic") << "deu" << QStringList{"ine", "gem", "gmw", "de"};
        QTest::newRow("uralic") << "fin" << QStringList{"urj", "fiu", "fi"};
        QTest::newRow("first parent wins") << "nl" << QStringList{"ine", "gem", "gmw", "nl"};
        QTest::newRow("unknown") << "ind" << QStringList{};
    }

    void lineage()
    {
        QFETCH(QString, code);
        QFETCH(QStringList, expected);
        const LanguageGroups g = LanguageGroups::fromXml(kXml);
        QCOMPARE(toList(g.lineage(code.toStdString())), expected);
    }

    void treeDistances()
    {
        const LanguageGroups g = LanguageGroups::fromXml(kXml);
        QCOMPARE(treeDistance(g.lineage("es"), g.lineage("it")), 2);
        QCOMPARE(treeDistance(g.lineage("de"), g.lineage("sv")), 4);
        QCOMPARE(treeDistance(g.lineage("es"), g.lineage("de")), 6);
        QCOMPARE(treeDistance(g.lineage("es"), g.lineage("fi")), 7); // only the root in common
        QCOMPARE(treeDistance(g.lineage("es"), g.lineage("es")), 0);
    }

    void rejectsBadFiles()
    {
        QVERIFY_THROWS_EXCEPTION(Error, LanguageGroups::fromXml("<supplementalData><languageGroups>"));
        QVERIFY_THROWS_EXCEPTION(Error, LanguageGroups::fromXml("<other/>"));
        QVERIFY_THROWS_EXCEPTION(Error, LanguageGroups::fromXml("<supplementalData><languageGroups/></supplementalData>"));
        try {
            LanguageGroups g(std::filesystem::path("/nonexistent/languageGroup.xml"));
            QFAIL("a missing file must throw");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("unicode-cldr-core"));
        }
    }

    // Distances that follow the families exactly (plus one language CLDR lacks): every group
    // clusters, every nearest neighbour is in its branch, the cophenetic correlation is high.
    void agreementOnFamilyShapedDistances()
    {
        const LanguageGroups g = LanguageGroups::fromXml(kXml);
        const std::vector<std::string> codes{"es", "it", "de", "nl", "fi", "hu", "ind"};
        const int n = int(codes.size());
        std::vector<double> d(std::size_t(n) * n, 0.0);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                if (i == j)
                    continue;
                const auto li = g.lineage(codes[i]), lj = g.lineage(codes[j]);
                // "ind" is far from everything; others by tree distance, with a small wobble.
                d[std::size_t(i) * n + j] = (li.empty() || lj.empty()) ? 10.0 : treeDistance(li, lj) + 0.01 * ((i + j) % 3);
            }
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < i; ++j)
                d[std::size_t(i) * n + j] = d[std::size_t(j) * n + i];
        const Dendrogram t = averageLinkage(d, n);
        const GenealogyAgreement a = compareWithGenealogy(g, codes, d, t);
        QCOMPARE(toList(a.excluded), QStringList{"ind"});
        QCOMPARE(int(a.included.size()), 6);
        QVERIFY2(a.copheneticCorrelation > 0.95, QByteArray::number(a.copheneticCorrelation));
        QCOMPARE(a.nearestSameBranch, 6);
        QCOMPARE(a.nearestSameFamily, 6);
        int checked = 0;
        for (const auto &c : a.groups) {
            QVERIFY2(c.isCluster, c.group.c_str());
            QVERIFY(c.intruders.empty());
            ++checked;
        }
        QCOMPARE(checked, 7); // ine, gem, gmw, itc, roa, urj, fiu
    }

    // A clustering that mixes the families: the checks say so.
    void disagreementIsReported()
    {
        const LanguageGroups g = LanguageGroups::fromXml(kXml);
        const std::vector<std::string> codes{"es", "it", "de", "nl"};
        // es close to de, it close to nl.
        const std::vector<double> d{0, 5, 1, 5, //
                                    5, 0, 5, 1, //
                                    1, 5, 0, 5, //
                                    5, 1, 5, 0};
        const GenealogyAgreement a = compareWithGenealogy(g, codes, d, averageLinkage(d, 4));
        QCOMPARE(a.nearestSameBranch, 0);
        QCOMPARE(a.nearestSameFamily, 4); // all Indo-European
        QVERIFY(a.copheneticCorrelation < 0);
        bool sawRoa = false;
        for (const auto &c : a.groups)
            if (c.group == "roa") {
                sawRoa = true;
                QVERIFY(!c.isCluster);
                QCOMPARE(c.smallestClusterSize, 4);
                QCOMPARE(toList(c.intruders), (QStringList{"de", "nl"}));
            }
        QVERIFY(sawRoa);
    }

    void realCldrFile()
    {
        if (!QFileInfo::exists(LanguageGroups::kDefaultPath))
            QSKIP("unicode-cldr-core is not installed (scripts/setup installs it)");
        const LanguageGroups g;
        QVERIFY(g.groupCount() > 50);
        QCOMPARE(toList(g.lineage("spa")), (QStringList{"ine", "itc", "roa", "es"}));
        QCOMPARE(toList(g.lineage("swe")), (QStringList{"ine", "gem", "gmq", "sv"}));
        QCOMPARE(toList(g.lineage("ukr")), (QStringList{"ine", "sla", "zle", "uk"}));
        QCOMPARE(toList(g.lineage("hun")), (QStringList{"urj", "fiu", "hu"}));
        QCOMPARE(g.lineage("tur").back(), std::string("tr"));
        if (QFileInfo::exists(LanguageGroups::kGroupNamesPath))
            QCOMPARE(QString::fromStdString(g.groupName("roa")), QString("Romance languages"));
    }
};

QTEST_GUILESS_MAIN(TestGenealogy)
#include "test_genealogy.moc"
