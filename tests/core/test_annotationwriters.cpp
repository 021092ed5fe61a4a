// ELAN and Praat writers: written files read back by Fieldbench's own readers give the
// same segments; XML is well-formed with EAF 3.0's element order; Praat itself reads the
// TextGrids; a tier added to an existing .eaf leaves the rest of the file byte for byte.

#include "fieldbench/corpus/annotationwriters.h"
#include "fieldbench/corpus/annotations.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include "testdata.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <pugixml.hpp>

#include <cmath>

using namespace fieldbench;
using fieldbench::testing::toPath;
namespace fs = std::filesystem;

namespace {

AnnotationTier sampleTier(const std::string &name = "asr")
{
    AnnotationTier t;
    t.name = name;
    t.intervals = {{0.52, 1.74, "ʃɔ̃ first"}, {2.0, 2.5, "say \"hi\" & <bye>"}, {3.25, 4.0, "third"}};
    return t;
}

void compareSegments(const AnnotationTier &got, const AnnotationTier &want, double tolerance)
{
    std::vector<AnnotationInterval> nonEmpty;
    for (const auto &i : got.intervals)
        if (!i.text.empty())
            nonEmpty.push_back(i);
    QCOMPARE(nonEmpty.size(), want.intervals.size());
    for (std::size_t i = 0; i < nonEmpty.size(); ++i) {
        QCOMPARE(QString::fromStdString(nonEmpty[i].text), QString::fromStdString(want.intervals[i].text));
        QVERIFY(std::abs(nonEmpty[i].start - want.intervals[i].start) <= tolerance);
        QVERIFY(std::abs(nonEmpty[i].end - want.intervals[i].end) <= tolerance);
    }
}

// Element names of EAF 3.0's ANNOTATION_DOCUMENT, in the schema's sequence order.
const std::vector<std::string> kEafOrder{"HEADER", "TIME_ORDER", "TIER", "LINGUISTIC_TYPE", "LOCALE", "LANGUAGE",
                                         "CONSTRAINT", "CONTROLLED_VOCABULARY", "LEXICON_REF", "EXTERNAL_REF"};

QString checkEafOrder(const fs::path &file)
{
    pugi::xml_document doc;
    if (!doc.load_file(file.c_str()))
        return "not well-formed XML";
    std::size_t rank = 0;
    for (const auto &n : doc.document_element().children()) {
        if (n.type() != pugi::node_element)
            continue;
        const auto it = std::find(kEafOrder.begin(), kEafOrder.end(), std::string(n.name()));
        if (it == kEafOrder.end())
            return QString("unknown element <%1>").arg(n.name());
        const std::size_t r = std::size_t(it - kEafOrder.begin());
        if (r < rank)
            return QString("<%1> after <%2>").arg(n.name()).arg(QString::fromStdString(kEafOrder[rank]));
        rank = r;
    }
    // Inside the header: MEDIA_DESCRIPTOR*, LINKED_FILE_DESCRIPTOR*, PROPERTY*.
    const std::vector<std::string> header{"MEDIA_DESCRIPTOR", "LINKED_FILE_DESCRIPTOR", "PROPERTY"};
    rank = 0;
    for (const auto &n : doc.document_element().child("HEADER").children()) {
        if (n.type() != pugi::node_element)
            continue;
        const auto it = std::find(header.begin(), header.end(), std::string(n.name()));
        if (it == header.end() || std::size_t(it - header.begin()) < rank)
            return QString("HEADER child <%1> out of order").arg(n.name());
        rank = std::size_t(it - header.begin());
    }
    return {};
}

bool xmllintAccepts(const QString &file, QString *error)
{
    if (!fieldbench::testing::have("xmllint"))
        return true;
    return fieldbench::testing::run({"xmllint", "--noout", file}, error);
}

// Defined at the end of the file: moc's lexer mis-reads the "//" of URLs inside raw
// strings and would not see the test class if it came after them.
QByteArray elanFile(const QString &newline, bool withTypes = true);

QStringList linesOf(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).split(QRegularExpression("\r?\n"));
}

} // namespace

class TestAnnotationWriters : public QObject
{
    Q_OBJECT

private slots:
    void textGridRoundTrip()
    {
        QTemporaryDir tmp;
        const fs::path file = toPath(tmp.filePath("out.TextGrid"));
        AnnotationTier points;
        points.name = "events";
        points.isPointTier = true;
        points.intervals = {{1.0, 1.0, "click"}};
        writeTextGrid(file, {sampleTier(), points}, 0, 5.0);
        const AnnotationDocument doc = readTextGrid(file);
        QCOMPARE(int(doc.tiers.size()), 2);
        compareSegments(doc.tiers[0], sampleTier(), 1e-9);
        // Gaps are empty intervals: the tier covers 0..5 s without holes.
        const auto &iv = doc.tiers[0].intervals;
        QCOMPARE(iv.front().start, 0.0);
        QCOMPARE(iv.back().end, 5.0);
        for (std::size_t i = 1; i < iv.size(); ++i)
            QCOMPARE(iv[i].start, iv[i - 1].end);
        QVERIFY(doc.tiers[1].isPointTier);
        QCOMPARE(doc.tiers[1].intervals.front().text, std::string("click"));
    }

    void textGridOverlapsAreClipped()
    {
        AnnotationTier t;
        t.name = "x";
        t.intervals = {{0.0, 1.0, "a"}, {0.5, 1.5, "b"}, {1.2, 1.4, "inside"}};
        QTemporaryDir tmp;
        const fs::path file = toPath(tmp.filePath("o.TextGrid"));
        writeTextGrid(file, {t});
        const auto iv = readTextGrid(file).tiers[0].intervals;
        QCOMPARE(int(iv.size()), 2); // "inside" lies within "b" after clipping: left out
        QCOMPARE(iv[1].start, 1.0);
        QCOMPARE(iv[1].text, std::string("b"));
    }

    void praatReadsTextGrid()
    {
        if (!fieldbench::testing::have("praat"))
            QSKIP("praat is not on PATH");
        QTemporaryDir tmp;
        const QString file = tmp.filePath("out.TextGrid");
        writeTextGrid(toPath(file), {sampleTier(), sampleTier("copy")}, 0, 5.0);
        const QString script = QString(R"(tg = Read from file: "%1"
n = Get number of intervals: 1
tiers = Get number of tiers
label$ = Get label of interval: 1, 4
start = Get start time of interval: 1, 4
writeInfoLine: tiers, " ", n, " ", start, " ", label$
)").arg(file);
        QFile f(tmp.filePath("check.praat"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(script.toUtf8());
        f.close();
        QString error;
        QByteArray out;
        QVERIFY2(fieldbench::testing::run({"praat", "--run", tmp.filePath("check.praat")}, &error, &out), qPrintable(error));
        // Intervals: empty, first, empty, "say...", empty, third, empty = 7.
        QCOMPARE(QString::fromUtf8(out).trimmed(), QString("2 7 2 say \"hi\" & <bye>"));
    }

    void newEafRoundTrip()
    {
        QTemporaryDir tmp;
        const fs::path media = toPath(tmp.filePath("media/rec one.wav"));
        fs::create_directories(media.parent_path());
        QVERIFY(fieldbench::testing::writeBytes(tmp.filePath("media/rec one.wav"), "RIFF"));
        const fs::path file = toPath(tmp.filePath("out.eaf"));
        AnnotationTier second = sampleTier("words");
        second.participant = "Speaker A";
        writeEaf(file, {sampleTier(), second}, {media});
        const AnnotationDocument doc = readEaf(file);
        QCOMPARE(int(doc.tiers.size()), 2);
        compareSegments(doc.tiers[0], sampleTier(), 0.0005);
        QCOMPARE(doc.tiers[1].participant, std::string("Speaker A"));
        QCOMPARE(int(doc.media.size()), 1);
        QCOMPARE(fs::canonical(doc.media[0]).string(), fs::canonical(media).string());
        QCOMPARE(checkEafOrder(file), QString());
        QString error;
        QVERIFY2(xmllintAccepts(tmp.filePath("out.eaf"), &error), qPrintable(error));
    }

    void addTierKeepsEverythingElse_data()
    {
        QTest::addColumn<QString>("newline");
        QTest::addColumn<bool>("withTypes");
        QTest::newRow("LF") << "\n" << true;
        QTest::newRow("CRLF") << "\r\n" << true;
        QTest::newRow("no linguistic types") << "\n" << false;
    }

    void addTierKeepsEverythingElse()
    {
        QFETCH(QString, newline);
        QFETCH(bool, withTypes);
        QTemporaryDir tmp;
        const QByteArray original = elanFile(newline, withTypes);
        QVERIFY(fieldbench::testing::writeBytes(tmp.filePath("in.eaf"), original));
        const fs::path in = toPath(tmp.filePath("in.eaf")), out = toPath(tmp.filePath("out.eaf"));
        EafTierOptions o;
        o.annotator = "fieldbench";
        QCOMPARE(addTierToEaf(in, sampleTier(), out, o), std::string("asr"));
        const QByteArray written = QByteArray::fromStdString(readFile(out));

        // Every original line is still there, in order, byte for byte; only the
        // lastUsedAnnotationId value changed.
        const QStringList before = linesOf(original), after = linesOf(written);
        int j = 0;
        for (const QString &line : before) {
            if (line.contains("lastUsedAnnotationId"))
                continue;
            while (j < after.size() && after[j] != line)
                ++j;
            QVERIFY2(j < after.size(), qPrintable("lost line: " + line));
            ++j;
        }
        QVERIFY(written.contains("<PROPERTY NAME=\"lastUsedAnnotationId\">10</PROPERTY>"));
        if (newline == "\r\n") // no lone LF introduced
            QCOMPARE(written.count("\n"), written.count("\r\n"));

        // The readers see the old tiers unchanged and the new one.
        const AnnotationDocument a = readEaf(in), b = readEaf(out);
        QCOMPARE(int(b.tiers.size()), int(a.tiers.size()) + 1);
        for (std::size_t i = 0; i < a.tiers.size(); ++i) {
            QCOMPARE(b.tiers[i].name, a.tiers[i].name);
            QCOMPARE(b.tiers[i].intervals.size(), a.tiers[i].intervals.size());
            for (std::size_t k = 0; k < a.tiers[i].intervals.size(); ++k) {
                QCOMPARE(b.tiers[i].intervals[k].start, a.tiers[i].intervals[k].start);
                QCOMPARE(b.tiers[i].intervals[k].text, a.tiers[i].intervals[k].text);
            }
        }
        const AnnotationTier *asr = b.tier("asr");
        QVERIFY(asr);
        compareSegments(*asr, sampleTier(), 0.0005);
        QCOMPARE(checkEafOrder(out), QString());
        QString error;
        QVERIFY2(xmllintAccepts(tmp.filePath("out.eaf"), &error), qPrintable(error));
        // New ids do not collide (the reader rejects duplicates) and the type exists.
        pugi::xml_document doc;
        QVERIFY(doc.load_file(out.c_str()));
        QVERIFY(doc.select_node("//LINGUISTIC_TYPE[@LINGUISTIC_TYPE_ID='default-lt']"));
        QCOMPARE(QString(doc.select_node("//TIER[@TIER_ID='asr']").node().attribute("ANNOTATOR").value()), QString("fieldbench"));

        // Adding the same tier name again is refused, or renamed on request.
        QVERIFY_THROWS_EXCEPTION(Error, addTierToEaf(out, sampleTier(), out));
        o.replaceExisting = true;
        QCOMPARE(addTierToEaf(out, sampleTier(), out, o), std::string("asr-2"));
        QCOMPARE(int(readEaf(out).tiers.size()), int(a.tiers.size()) + 2);
    }

    void addTierToMinimalDocument()
    {
        // <TIME_ORDER/> self-closed, no tiers at all, no header properties.
        const QByteArray minimal = R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-05-01T10:00:00+01:00" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
    <TIME_ORDER/>
</ANNOTATION_DOCUMENT>
)";
        QTemporaryDir tmp;
        QVERIFY(fieldbench::testing::writeBytes(tmp.filePath("m.eaf"), minimal));
        const fs::path file = toPath(tmp.filePath("m.eaf"));
        addTierToEaf(file, sampleTier(), file);
        const AnnotationDocument doc = readEaf(file);
        QCOMPARE(int(doc.tiers.size()), 1);
        compareSegments(doc.tiers[0], sampleTier(), 0.0005);
        QCOMPARE(checkEafOrder(file), QString());
    }

    void addTierRefusals()
    {
        QTemporaryDir tmp;
        QVERIFY(fieldbench::testing::writeBytes(tmp.filePath("in.eaf"), elanFile("\n")));
        const fs::path in = toPath(tmp.filePath("in.eaf"));
        EafTierOptions o;
        o.linguisticType = "translation"; // symbolic: not for a time-aligned tier
        QVERIFY_THROWS_EXCEPTION(Error, addTierToEaf(in, sampleTier(), in, o));
        QVERIFY(fieldbench::testing::writeBytes(tmp.filePath("bad.eaf"), "<ANNOTATION_DOCUMENT><TIME_ORDER>"));
        QVERIFY_THROWS_EXCEPTION(Error, addTierToEaf(toPath(tmp.filePath("bad.eaf")), sampleTier(), in));
        QVERIFY(fieldbench::testing::writeBytes(tmp.filePath("x.eaf"), "<?xml version=\"1.0\"?><TextGrid/>"));
        QVERIFY_THROWS_EXCEPTION(Error, addTierToEaf(toPath(tmp.filePath("x.eaf")), sampleTier(), in));
        // The input is untouched by the failed attempts.
        QCOMPARE(QByteArray::fromStdString(readFile(in)), elanFile("\n"));
    }

    void escaping()
    {
        QCOMPARE(xmlEscaped("a<b>&\"c\"\x01"), std::string("a&lt;b&gt;&amp;&quot;c&quot;"));
    }
};

namespace {
// An ELAN 3.0 file as ELAN writes it: CRLF or LF, two tiers (one a symbolic child),
// unaligned slot, controlled vocabulary, lastUsedAnnotationId.
QByteArray elanFile(const QString &newline, bool withTypes)
{
    QString s = R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-05-01T10:00:00+01:00" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///nowhere/rec.wav" MIME_TYPE="audio/x-wav" RELATIVE_MEDIA_URL="./rec.wav"/>
        <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:0a1b</PROPERTY>
        <PROPERTY NAME="lastUsedAnnotationId">7</PROPERTY>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/>
        <TIME_SLOT TIME_SLOT_ID="ts2"/>
        <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="1900"/>
        <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="2200"/>
        <TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="3000"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Ana" TIER_ID="Transcription">
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts3">
                <ANNOTATION_VALUE>kira  taku</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts4" TIME_SLOT_REF2="ts5">
                <ANNOTATION_VALUE>pon</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="Transcription" TIER_ID="Translation">
        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="a7" ANNOTATION_REF="a1">
                <ANNOTATION_VALUE>the girl</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>
    </TIER>
)";
    if (withTypes)
        s += R"(    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="translation" TIME_ALIGNABLE="false"/>
)";
    s += R"eaf(    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00130975-001" LANG_ID="ain" LANG_LABEL="Ainu (ain)"/>
    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
    <CONTROLLED_VOCABULARY CV_ID="cv">
        <CV_ENTRY_ML CVE_ID="e1">
            <CVE_VALUE LANG_REF="ain">x</CVE_VALUE>
        </CV_ENTRY_ML>
    </CONTROLLED_VOCABULARY>
</ANNOTATION_DOCUMENT>
)eaf";
    s.replace("\n", newline);
    return s.toUtf8();
}
} // namespace

QTEST_GUILESS_MAIN(TestAnnotationWriters)
#include "test_annotationwriters.moc"
