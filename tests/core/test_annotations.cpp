// Annotation and manifest readers: ELAN, Praat TextGrid, Common Voice, Kaldi, NeMo and
// plain transcripts, from files written at test time (and by Praat itself where present).

#include "fieldbench/corpus/annotations.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

using namespace fieldbench;
using fieldbench::testing::toPath;
namespace fs = std::filesystem;

namespace {

QString fromPath(const fs::path &p) { return QString::fromStdString(p.string()); }

// Times are compared to the microsecond; qFuzzyCompare fails near zero.
#define COMPARE_TIME(actual, expected)                                                      \
    QVERIFY2(std::abs(double(actual) - double(expected)) < 1e-6,                            \
             qPrintable(QString("%1 is %2, expected %3")                                    \
                            .arg(#actual)                                                   \
                            .arg(double(actual), 0, 'g', 10)                                \
                            .arg(double(expected), 0, 'g', 10)))

QByteArray utf16Bytes(const QString &text, bool bigEndian, bool bom)
{
    QByteArray out;
    const auto put = [&](char16_t unit) {
        const char hi = char(unit >> 8), lo = char(unit & 0xFF);
        out += bigEndian ? hi : lo;
        out += bigEndian ? lo : hi;
    };
    if (bom)
        put(0xFEFF);
    for (const QChar c : text)
        put(c.unicode());
    return out;
}

QString withLineEndings(QString text, const QString &ending, bool finalNewline)
{
    if (!finalNewline)
        while (text.endsWith('\n'))
            text.chop(1);
    text.replace("\n", ending);
    return text;
}

// Replaces 1-based line `line` of `text`.
QString withLine(const QString &text, int line, const QString &content)
{
    QStringList lines = text.split('\n');
    lines[line - 1] = content;
    return lines.join('\n');
}

// The message of the fieldbench::Error that `f` throws; empty (and a failure) when none.
QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception &e) {
        return QStringLiteral("unexpected exception type: ") + e.what();
    }
    return {};
}

const char *const kTextGridLong = R"(File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0 
xmax = 2.5 
tiers? <exists> 
size = 2 
item []: 
    item [1]:
        class = "IntervalTier" 
        name = "words" 
        xmin = 0 
        xmax = 2.5 
        intervals: size = 3 
        intervals [1]:
            xmin = 0 
            xmax = 0.75 
            text = "" 
        intervals [2]:
            xmin = 0.75 
            xmax = 1.5 
            text = "LABEL1" 
        intervals [3]:
            xmin = 1.5 
            xmax = 2.5 
            text = "say ""hi""
second line" 
    item [2]:
        class = "TextTier" 
        name = "events" 
        xmin = 0 
        xmax = 2.5 
        points: size = 2 
        points [1]:
            number = 0.5 
            mark = "click" 
        points [2]:
            number = 2 
            mark = "LABEL2" 
)";

const char *const kTextGridShort = R"(File type = "ooTextFile"
Object class = "TextGrid"

0
2.5
<exists>
2
"IntervalTier"
"words"
0
2.5
3
0
0.75
""
0.75
1.5
"LABEL1"
1.5
2.5
"say ""hi""
second line"
"TextTier"
"events"
0
2.5
2
0.5
"click"
2
"LABEL2"
)";

// One tier, one interval; the error rows change single lines of it.
const char *const kTextGridSmall = R"(File type = "ooTextFile"
Object class = "TextGrid"

0
1
<exists>
1
"IntervalTier"
"a"
0
1
1
0
1
"x"
)";

} // namespace

class TestAnnotations : public QObject
{
    Q_OBJECT

private:
    // A fresh folder for the current test function and data row.
    QString freshDir()
    {
        QString name = QString::fromLatin1(QTest::currentTestFunction());
        if (QTest::currentDataTag())
            name += '-' + QString::fromUtf8(QTest::currentDataTag()).replace(' ', '_');
        const QString path = m_tmp.filePath(name + '-' + QString::number(++m_counter));
        QDir().mkpath(path);
        return path;
    }

    static fs::path write(const QString &path, const QByteArray &bytes)
    {
        if (!fieldbench::testing::writeBytes(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return toPath(path);
    }

    QTemporaryDir m_tmp;
    int m_counter = 0;

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void splitLines_data();
    void splitLines();
    void isValidUtf8_data();
    void isValidUtf8();
    void decodeTextErrors_data();
    void decodeTextErrors();

    void eafAlignedReferencesAndUnalignedSlots();
    void eafMediaResolution_data();
    void eafMediaResolution();
    void eafAsElanExportsIt();
    void eafErrors_data();
    void eafErrors();

    void textGrid_data();
    void textGrid();
    void textGridWrittenByPraat();
    void textGridErrors_data();
    void textGridErrors();

    void commonVoiceTsv();
    void kaldiDir();
    void kaldiDirWithoutSegments();
    void nemoManifest();
    void manifestErrors_data();
    void manifestErrors();

    void plainTranscript_data();
    void plainTranscript();
    void plainTranscriptInvalidUtf8();
};

void TestAnnotations::splitLines_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("empty") << QByteArray() << QStringList{};
    QTest::newRow("one line, no newline") << QByteArray("a") << QStringList{"a"};
    QTest::newRow("final LF") << QByteArray("a\n") << QStringList{"a"};
    QTest::newRow("CRLF") << QByteArray("a\r\nb\r\n") << QStringList{"a", "b"};
    QTest::newRow("lone CR") << QByteArray("a\rb\r") << QStringList{"a", "b"};
    QTest::newRow("mixed") << QByteArray("a\r\nb\nc\rd") << QStringList{"a", "b", "c", "d"};
    QTest::newRow("empty line kept") << QByteArray("a\n\nb") << QStringList{"a", "", "b"};
    QTest::newRow("only newline") << QByteArray("\n") << QStringList{""};
}

void TestAnnotations::splitLines()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, lines);
    QStringList actual;
    for (const std::string &l : fieldbench::splitLines(text.toStdString()))
        actual << QString::fromStdString(l);
    QCOMPARE(actual, lines);
}

void TestAnnotations::isValidUtf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << QByteArray("plain") << true;
    QTest::newRow("IPA with combining tilde") << QByteArray("ʃɔ̃") << true;
    QTest::newRow("4-byte emoji") << QByteArray("\xF0\x9F\x98\x80") << true;
    QTest::newRow("U+10FFFF") << QByteArray("\xF4\x8F\xBF\xBF") << true;
    QTest::newRow("Latin-1 e-acute") << QByteArray("caf\xE9") << false;
    QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << false;
    QTest::newRow("overlong 3-byte") << QByteArray("\xE0\x80\xAF") << false;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << false;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << false;
    QTest::newRow("truncated at end") << QByteArray("ab\xE2\x82") << false;
    QTest::newRow("lone continuation") << QByteArray("a\x80z") << false;
}

void TestAnnotations::isValidUtf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(fieldbench::isValidUtf8(std::string_view(bytes.constData(), std::size_t(bytes.size()))),
             valid);
}

void TestAnnotations::decodeTextErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("UTF-16LE unpaired low surrogate, line 2")
        << QByteArray("\xFF\xFE" "a\0\n\0\x00\xDC", 8) << 2 << "unpaired surrogate";
    QTest::newRow("UTF-16BE unpaired high surrogate")
        << QByteArray("\xFE\xFF\xD8\x00\x00" "a", 6) << 1 << "unpaired surrogate";
    QTest::newRow("UTF-16 odd byte count")
        << QByteArray("\xFE\xFF\x00" "a\x00\n\x00", 7) << 2 << "odd number of bytes";
    QTest::newRow("invalid UTF-8 on line 3, CRLF")
        << QByteArray("a\r\nb\r\n\xFF") << 3 << "not valid UTF-8 (byte 0xFF)";
}

void TestAnnotations::decodeTextErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, line);
    QFETCH(QString, expected);
    const QString message = errorOf(
        [&] { decodeText(bytes.toStdString(), fs::path("notes.txt")); });
    QVERIFY2(message.startsWith("notes.txt:" + QString::number(line) + ": "), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestAnnotations::eafAlignedReferencesAndUnalignedSlots()
{
    const QString dir = freshDir();
    write(dir + "/audio/My Recording.wav", "RIFF");
    write(dir + "/clip.mp4", "video");
    // ts5, ts6: unaligned slots inside the Time_Subdivision chain ts1 -> ts5 -> ts6 -> ts2.
    // morph: a Symbolic_Subdivision of a5, written out of order (PREVIOUS_ANNOTATION rules).
    const fs::path eaf = write(dir + "/session.eaf", R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">
  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
    <MEDIA_DESCRIPTOR MEDIA_URL="file:///nowhere/at/all/My%20Recording.wav" MIME_TYPE="audio/x-wav" RELATIVE_MEDIA_URL="./audio/My%20Recording.wav"/>
    <MEDIA_DESCRIPTOR MEDIA_URL="file:///somewhere/else/clip.mp4" MIME_TYPE="video/mp4"/>
    <MEDIA_DESCRIPTOR MEDIA_URL="file:///missing/gone.wav" MIME_TYPE="audio/x-wav"/>
  </HEADER>
  <TIME_ORDER>
    <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="500"/>
    <TIME_SLOT TIME_SLOT_ID="ts5"/>
    <TIME_SLOT TIME_SLOT_ID="ts6"/>
    <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="2500"/>
    <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="3000"/>
    <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="4000"/>
  </TIME_ORDER>
  <TIER LINGUISTIC_TYPE_REF="utterance" PARTICIPANT=" Speaker A " TIER_ID="utt">
    <ANNOTATION>
      <ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">
        <ANNOTATION_VALUE>bye</ANNOTATION_VALUE>
      </ALIGNABLE_ANNOTATION>
    </ANNOTATION>
    <ANNOTATION>
      <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
        <ANNOTATION_VALUE>  hello &amp; world  </ANNOTATION_VALUE>
      </ALIGNABLE_ANNOTATION>
    </ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="words" PARENT_REF="utt" PARTICIPANT="Speaker A" TIER_ID="words">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts5"><ANNOTATION_VALUE>hel</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a4" TIME_SLOT_REF1="ts5" TIME_SLOT_REF2="ts6"><ANNOTATION_VALUE>lo</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a5" TIME_SLOT_REF1="ts6" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>world</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="gloss" PARENT_REF="utt" TIER_ID="gloss">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a6" ANNOTATION_REF="a1"><ANNOTATION_VALUE>greeting</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="morph" PARENT_REF="words" TIER_ID="morph">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a8" ANNOTATION_REF="a5" PREVIOUS_ANNOTATION="a7"><ANNOTATION_VALUE>ld</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a7" ANNOTATION_REF="a5"><ANNOTATION_VALUE>wor</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="gloss" PARENT_REF="morph" TIER_ID="morph-gloss">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a9" ANNOTATION_REF="a8"><ANNOTATION_VALUE>PL</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Time_Subdivision" LINGUISTIC_TYPE_ID="words" TIME_ALIGNABLE="true"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="gloss" TIME_ALIGNABLE="false"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Subdivision" LINGUISTIC_TYPE_ID="morph" TIME_ALIGNABLE="false"/>
</ANNOTATION_DOCUMENT>
)");

    const AnnotationDocument doc = readEaf(eaf);
    QCOMPARE(doc.file, eaf);
    QCOMPARE(doc.tiers.size(), std::size_t(5));
    QVERIFY(doc.tier("nope") == nullptr);

    const AnnotationTier *utt = doc.tier("utt");
    QVERIFY(utt);
    QCOMPARE(QString::fromStdString(utt->type), QString("utterance"));
    QCOMPARE(QString::fromStdString(utt->participant), QString("Speaker A"));
    QVERIFY(utt->parent.empty());
    QVERIFY(!utt->isPointTier);
    QCOMPARE(utt->intervals.size(), std::size_t(2));
    // Sorted by start although a2 comes first in the file.
    QCOMPARE(QString::fromStdString(utt->intervals[0].text), QString("hello & world"));
    COMPARE_TIME(utt->intervals[0].start, 0.5);
    COMPARE_TIME(utt->intervals[0].end, 2.5);
    COMPARE_TIME(utt->intervals[1].start, 3.0);
    COMPARE_TIME(utt->intervals[1].end, 4.0);

    const AnnotationTier *words = doc.tier("words");
    QVERIFY(words);
    QCOMPARE(QString::fromStdString(words->parent), QString("utt"));
    QCOMPARE(words->intervals.size(), std::size_t(3));
    const double third = 2.0 / 3.0;
    COMPARE_TIME(words->intervals[0].start, 0.5);
    COMPARE_TIME(words->intervals[0].end, 0.5 + third);
    COMPARE_TIME(words->intervals[1].start, 0.5 + third);
    COMPARE_TIME(words->intervals[1].end, 0.5 + 2 * third);
    COMPARE_TIME(words->intervals[2].start, 0.5 + 2 * third);
    COMPARE_TIME(words->intervals[2].end, 2.5);
    QCOMPARE(QString::fromStdString(words->intervals[2].text), QString("world"));

    const AnnotationTier *gloss = doc.tier("gloss");
    QVERIFY(gloss);
    QCOMPARE(gloss->intervals.size(), std::size_t(1));
    COMPARE_TIME(gloss->intervals[0].start, 0.5);
    COMPARE_TIME(gloss->intervals[0].end, 2.5);

    // a5 spans [0.5 + 4/3, 2.5]; its two morphs split it in PREVIOUS_ANNOTATION order.
    const AnnotationTier *morph = doc.tier("morph");
    QVERIFY(morph);
    QCOMPARE(morph->intervals.size(), std::size_t(2));
    const double a5Start = 0.5 + 2 * third, a5Mid = (a5Start + 2.5) / 2;
    QCOMPARE(QString::fromStdString(morph->intervals[0].text), QString("wor"));
    COMPARE_TIME(morph->intervals[0].start, a5Start);
    COMPARE_TIME(morph->intervals[0].end, a5Mid);
    QCOMPARE(QString::fromStdString(morph->intervals[1].text), QString("ld"));
    COMPARE_TIME(morph->intervals[1].start, a5Mid);
    COMPARE_TIME(morph->intervals[1].end, 2.5);

    // A reference to a reference: a9 -> a8 -> a5.
    const AnnotationTier *morphGloss = doc.tier("morph-gloss");
    QVERIFY(morphGloss);
    COMPARE_TIME(morphGloss->intervals[0].start, a5Mid);
    COMPARE_TIME(morphGloss->intervals[0].end, 2.5);

    // Relative URL (percent-decoded), then same name beside the .eaf; missing left out.
    QCOMPARE(doc.media.size(), std::size_t(2));
    QCOMPARE(fromPath(doc.media[0]), dir + "/audio/My Recording.wav");
    QCOMPARE(fromPath(doc.media[1]), dir + "/clip.mp4");
}

void TestAnnotations::eafMediaResolution_data()
{
    // $DIR is the .eaf's folder (<test>/eafs); $ROOT the folder above it.
    QTest::addColumn<QString>("mediaUrl");
    QTest::addColumn<QString>("relativeUrl");
    QTest::addColumn<QString>("existing"); // file made relative to $ROOT, "" for none
    QTest::addColumn<QString>("expected"); // relative to $ROOT, "" for no media

    QTest::newRow("relative url with ..")
        << "file:///old/place/a.wav" << "../audio/a.wav" << "audio/a.wav" << "audio/a.wav";
    QTest::newRow("relative url ./ percent-encoded")
        << "" << "./b%C3%A9%20c.wav" << "eafs/bé c.wav" << "eafs/bé c.wav";
    QTest::newRow("absolute file url, percent-encoded")
        << "file://$ROOT/rec%20dir/c.wav" << "" << "rec dir/c.wav" << "rec dir/c.wav";
    QTest::newRow("absolute file: url, one slash")
        << "file:$ROOT/d.wav" << "" << "d.wav" << "d.wav";
    QTest::newRow("absolute plain path") << "$ROOT/e.wav" << "" << "e.wav" << "e.wav";
    QTest::newRow("windows url, same name beside the eaf")
        << "file:///C:/Users/x/My%20Docs/f%20g.wav" << "" << "eafs/f g.wav" << "eafs/f g.wav";
    QTest::newRow("stale relative url, same name beside the eaf")
        << "file:///gone/h.wav" << "../../gone/h.wav" << "eafs/h.wav" << "eafs/h.wav";
    QTest::newRow("http url, same name beside the eaf")
        << "http://example.org/media/i.mp3" << "" << "eafs/i.mp3" << "eafs/i.mp3";
    QTest::newRow("missing everywhere") << "file:///nowhere/j.wav" << "./j.wav" << "" << "";
    QTest::newRow("no media descriptor attributes") << "" << "" << "" << "";
}

void TestAnnotations::eafMediaResolution()
{
    QFETCH(QString, mediaUrl);
    QFETCH(QString, relativeUrl);
    QFETCH(QString, existing);
    QFETCH(QString, expected);

    const QString root = freshDir();
    const QString dir = root + "/eafs";
    mediaUrl.replace("$ROOT", root);
    if (!existing.isEmpty())
        write(root + '/' + existing, "media");
    QString descriptor = "<MEDIA_DESCRIPTOR";
    if (!mediaUrl.isEmpty())
        descriptor += " MEDIA_URL=\"" + mediaUrl + "\"";
    if (!relativeUrl.isEmpty())
        descriptor += " RELATIVE_MEDIA_URL=\"" + relativeUrl + "\"";
    descriptor += "/>";
    const fs::path eaf = write(dir + "/x.eaf",
                               ("<ANNOTATION_DOCUMENT><HEADER>" + descriptor
                                + "</HEADER><TIME_ORDER/></ANNOTATION_DOCUMENT>")
                                   .toUtf8());
    const AnnotationDocument doc = readEaf(eaf);
    if (expected.isEmpty()) {
        QVERIFY(doc.media.empty());
    } else {
        QCOMPARE(doc.media.size(), std::size_t(1));
        QCOMPARE(fromPath(fs::weakly_canonical(doc.media[0])),
                 fromPath(fs::weakly_canonical(toPath(root + '/' + expected))));
    }
}

void TestAnnotations::eafAsElanExportsIt()
{
    const QString dir = freshDir();
    write(dir + "/session 01.wav", "RIFF");
    // The shape of a file ELAN 6 saves: header properties, linguistic types, languages,
    // locales, constraints, a controlled vocabulary, an empty tier; CRLF line ends.
    const QString text = QString::fromUtf8(R"eaf(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-03-05T10:12:33+01:00" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///C:/Users/fieldworker/Documents/recordings/session%2001.wav" MIME_TYPE="audio/x-wav" RELATIVE_MEDIA_URL="./session%2001.wav"/>
        <PROPERTY NAME="URN">urn:nl-mpi-tools-elan-eaf:0b4c9a2e-7d0e-4d4b-9f0c-1b2c3d4e5f60</PROPERTY>
        <PROPERTY NAME="lastUsedAnnotationId">5</PROPERTY>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="120"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1870"/>
        <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2300"/>
        <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="4015"/>
    </TIME_ORDER>
    <TIER ANNOTATOR="JD" DEFAULT_LOCALE="fr" LANG_REF="fra" LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Ana" TIER_ID="Transcription">
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
                <ANNOTATION_VALUE>ʃɔ̃ tɛ̃</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
        <ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4" LANG_REF="fra">
                <ANNOTATION_VALUE>il dit "non" &lt;rire&gt;</ANNOTATION_VALUE>
            </ALIGNABLE_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="Transcription" PARTICIPANT="Ana" TIER_ID="Translation">
        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="a3" ANNOTATION_REF="a1">
                <ANNOTATION_VALUE>song</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>
        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="a4" ANNOTATION_REF="a2">
                <ANNOTATION_VALUE>he says "no" &lt;laughs&gt;</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="pos" PARENT_REF="Transcription" TIER_ID="POS">
        <ANNOTATION>
            <REF_ANNOTATION ANNOTATION_ID="a5" ANNOTATION_REF="a1" CVE_REF="cveid1">
                <ANNOTATION_VALUE>N</ANNOTATION_VALUE>
            </REF_ANNOTATION>
        </ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Notes"/>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="translation" TIME_ALIGNABLE="false"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" CONTROLLED_VOCABULARY_REF="POS-cv" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="pos" TIME_ALIGNABLE="false"/>
    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00138580-001" LANG_ID="fra" LANG_LABEL="French (fra)"/>
    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00138502-001" LANG_ID="eng" LANG_LABEL="English (eng)"/>
    <LOCALE COUNTRY_CODE="FR" LANGUAGE_CODE="fr"/>
    <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
    <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
    <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
    <CONTROLLED_VOCABULARY CV_ID="POS-cv">
        <DESCRIPTION LANG_REF="eng">parts of speech</DESCRIPTION>
        <CV_ENTRY_ML CVE_ID="cveid1">
            <CVE_VALUE DESCRIPTION="noun" LANG_REF="eng">N</CVE_VALUE>
        </CV_ENTRY_ML>
    </CONTROLLED_VOCABULARY>
    <EXTERNAL_REF EXT_REF_ID="er1" TYPE="iso12620" VALUE="http://www.isocat.org/datcat/DC-1345"/>
</ANNOTATION_DOCUMENT>
)eaf");
    const fs::path eaf = write(dir + "/session 01.eaf", withLineEndings(text, "\r\n", true).toUtf8());

    const AnnotationDocument doc = readEaf(eaf);
    QCOMPARE(doc.tiers.size(), std::size_t(4));
    QCOMPARE(doc.media.size(), std::size_t(1));
    QCOMPARE(fromPath(doc.media[0]), dir + "/session 01.wav");

    const AnnotationTier *transcription = doc.tier("Transcription");
    QVERIFY(transcription);
    QCOMPARE(QString::fromStdString(transcription->type), QString("default-lt"));
    QCOMPARE(QString::fromStdString(transcription->participant), QString("Ana"));
    QCOMPARE(transcription->intervals.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(transcription->intervals[0].text), QString::fromUtf8("ʃɔ̃ tɛ̃"));
    COMPARE_TIME(transcription->intervals[0].start, 0.12);
    COMPARE_TIME(transcription->intervals[0].end, 1.87);
    QCOMPARE(QString::fromStdString(transcription->intervals[1].text),
             QString("il dit \"non\" <rire>"));

    const AnnotationTier *translation = doc.tier("Translation");
    QVERIFY(translation);
    QCOMPARE(QString::fromStdString(translation->parent), QString("Transcription"));
    QCOMPARE(translation->intervals.size(), std::size_t(2));
    COMPARE_TIME(translation->intervals[1].start, 2.3);
    COMPARE_TIME(translation->intervals[1].end, 4.015);
    QCOMPARE(QString::fromStdString(translation->intervals[1].text),
             QString("he says \"no\" <laughs>"));

    QVERIFY(doc.tier("POS"));
    QCOMPARE(QString::fromStdString(doc.tier("POS")->intervals.at(0).text), QString("N"));
    QVERIFY(doc.tier("Notes"));
    QVERIFY(doc.tier("Notes")->intervals.empty());
}

void TestAnnotations::eafErrors_data()
{
    // The line holding <!--L--> is where the error must be reported.
    QTest::addColumn<QString>("body"); // inside <ANNOTATION_DOCUMENT>, after the time order
    QTest::addColumn<QString>("expected");

    const QString aligned = R"(<TIER TIER_ID="t" LINGUISTIC_TYPE_REF="lt">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER>
)";
    QTest::newRow("broken XML: mismatched end tag")
        << aligned + "<TIER TIER_ID=\"u\">\n</TIRE> <!--L-->\n" << "malformed XML";
    QTest::newRow("broken XML: unquoted attribute")
        << "<TIER TIER_ID=u> <!--L-->\n</TIER>\n" << "malformed XML";
    QTest::newRow("missing time slot")
        << R"(<TIER TIER_ID="t">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts9"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION> <!--L-->
</TIER>
)" << "annotation \"a1\" on tier \"t\" refers to time slot \"ts9\"";
    QTest::newRow("no TIME_SLOT_REF2")
        << "<TIER TIER_ID=\"t\">\n<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" "
           "TIME_SLOT_REF1=\"ts1\"/></ANNOTATION> <!--L-->\n</TIER>\n"
        << "has no TIME_SLOT_REF2";
    QTest::newRow("unknown ANNOTATION_REF")
        << aligned + R"(<TIER TIER_ID="g" PARENT_REF="t">
<ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a2" ANNOTATION_REF="a99"><ANNOTATION_VALUE>y</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION> <!--L-->
</TIER>
)" << "annotation \"a2\" on tier \"g\" refers to annotation \"a99\"";
    QTest::newRow("reference cycle")
        << R"(<TIER TIER_ID="g">
<ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a2" ANNOTATION_REF="a3"/></ANNOTATION> <!--L-->
<ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a3" ANNOTATION_REF="a2"/></ANNOTATION>
</TIER>
)" << "refers to itself";
    QTest::newRow("end before start")
        << R"(<TIER TIER_ID="t">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts1"/></ANNOTATION> <!--L-->
</TIER>
)" << "annotation \"a1\" on tier \"t\" ends";
    QTest::newRow("duplicate annotation id")
        << aligned + R"(<TIER TIER_ID="u">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"/></ANNOTATION> <!--L-->
</TIER>
)" << "\"a1\" is used twice";
    QTest::newRow("tier without id") << "<TIER LINGUISTIC_TYPE_REF=\"x\"> <!--L-->\n</TIER>\n"
                                     << "TIER without TIER_ID";
}

void TestAnnotations::eafErrors()
{
    QFETCH(QString, body);
    QFETCH(QString, expected);
    const QString text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n"
                         "<HEADER TIME_UNITS=\"milliseconds\"/>\n"
                         "<TIME_ORDER>\n"
                         "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1000\"/>\n"
                         "<TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"2000\"/>\n"
                         "</TIME_ORDER>\n"
                         + body + "</ANNOTATION_DOCUMENT>\n";
    const int line = text.left(text.indexOf("<!--L-->")).count('\n') + 1;
    const fs::path eaf = write(freshDir() + "/broken.eaf", text.toUtf8());
    const QString message = errorOf([&] { readEaf(eaf); });
    QVERIFY2(message.startsWith(fromPath(eaf) + ':' + QString::number(line) + ": "),
             qPrintable(message + " (expected line " + QString::number(line) + ")"));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestAnnotations::textGrid_data()
{
    QTest::addColumn<QString>("form");     // "long", "short" or "long-noexists"
    QTest::addColumn<QString>("encoding"); // utf8, utf8-bom, utf16le, utf16be, utf16le-nobom, latin1
    QTest::addColumn<QString>("ending");
    QTest::addColumn<bool>("finalNewline");
    QTest::addColumn<QString>("label1");
    QTest::addColumn<QString>("label2");

    const QString ipa1 = QString::fromUtf8("ʃɔ̃"), ipa2 = QString::fromUtf8("ŋ̊ǃ");
    QTest::newRow("long utf8 LF") << "long" << "utf8" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("long utf8 ascii") << "long" << "utf8" << "\n" << true << "a" << "b";
    QTest::newRow("long utf8-bom CRLF") << "long" << "utf8-bom" << "\r\n" << true << ipa1 << ipa2;
    QTest::newRow("long utf16be (as Praat)") << "long" << "utf16be" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("long utf16le CRLF") << "long" << "utf16le" << "\r\n" << true << ipa1 << ipa2;
    QTest::newRow("long utf16le, no BOM")
        << "long" << "utf16le-nobom" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("long utf8, no final newline")
        << "long" << "utf8" << "\n" << false << ipa1 << ipa2;
    QTest::newRow("long latin1 (old Praat)")
        << "long" << "latin1" << "\n" << true << QString::fromUtf8("café") << QString::fromUtf8("ñ");
    QTest::newRow("long without tiers? line")
        << "long-noexists" << "utf8" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("long lone CR") << "long" << "utf8" << "\r" << true << ipa1 << ipa2;
    QTest::newRow("short utf8 LF") << "short" << "utf8" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("short utf8 CRLF, no final newline")
        << "short" << "utf8" << "\r\n" << false << ipa1 << ipa2;
    QTest::newRow("short utf8-bom") << "short" << "utf8-bom" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("short utf16be") << "short" << "utf16be" << "\n" << true << ipa1 << ipa2;
    QTest::newRow("short utf16le CRLF, no final newline")
        << "short" << "utf16le" << "\r\n" << false << ipa1 << ipa2;
}

void TestAnnotations::textGrid()
{
    QFETCH(QString, form);
    QFETCH(QString, encoding);
    QFETCH(QString, ending);
    QFETCH(bool, finalNewline);
    QFETCH(QString, label1);
    QFETCH(QString, label2);

    QString text = QString::fromUtf8(form == "short" ? kTextGridShort : kTextGridLong);
    if (form == "long-noexists") // as some non-Praat writers save it
        text.remove("tiers? <exists> \n");
    text.replace("LABEL1", label1).replace("LABEL2", label2);
    text = withLineEndings(text, ending, finalNewline);
    QByteArray bytes;
    if (encoding == "utf8")
        bytes = text.toUtf8();
    else if (encoding == "utf8-bom")
        bytes = "\xEF\xBB\xBF" + text.toUtf8();
    else if (encoding == "utf16le")
        bytes = utf16Bytes(text, false, true);
    else if (encoding == "utf16be")
        bytes = utf16Bytes(text, true, true);
    else if (encoding == "utf16le-nobom")
        bytes = utf16Bytes(text, false, false);
    else if (encoding == "latin1")
        bytes = text.toLatin1();
    const fs::path file = write(freshDir() + "/x.TextGrid", bytes);

    const AnnotationDocument doc = readTextGrid(file);
    QCOMPARE(doc.tiers.size(), std::size_t(2));
    QVERIFY(doc.media.empty());

    const AnnotationTier &words = doc.tiers[0];
    QCOMPARE(QString::fromStdString(words.name), QString("words"));
    QCOMPARE(QString::fromStdString(words.type), QString("interval"));
    QVERIFY(!words.isPointTier);
    QCOMPARE(words.intervals.size(), std::size_t(3));
    QCOMPARE(QString::fromStdString(words.intervals[0].text), QString());
    COMPARE_TIME(words.intervals[1].start, 0.75);
    COMPARE_TIME(words.intervals[1].end, 1.5);
    QCOMPARE(QString::fromStdString(words.intervals[1].text), label1);
    COMPARE_TIME(words.intervals[2].end, 2.5);
    // "" is one quote; a line break inside a label is kept as LF whatever the file uses.
    QCOMPARE(QString::fromStdString(words.intervals[2].text), QString("say \"hi\"\nsecond line"));

    const AnnotationTier &events = doc.tiers[1];
    QCOMPARE(QString::fromStdString(events.name), QString("events"));
    QCOMPARE(QString::fromStdString(events.type), QString("point"));
    QVERIFY(events.isPointTier);
    QCOMPARE(events.intervals.size(), std::size_t(2));
    COMPARE_TIME(events.intervals[0].start, 0.5);
    COMPARE_TIME(events.intervals[0].end, 0.5);
    QCOMPARE(QString::fromStdString(events.intervals[0].text), QString("click"));
    COMPARE_TIME(events.intervals[1].start, 2.0);
    QCOMPARE(QString::fromStdString(events.intervals[1].text), label2);
    QVERIFY(doc.tier("events") == &doc.tiers[1]);
}

void TestAnnotations::textGridWrittenByPraat()
{
    if (!fieldbench::testing::have("praat"))
        QSKIP("praat is not on PATH");
    const QString dir = freshDir();
    const QString script = QString::fromUtf8(R"(Create TextGrid: 0, 3, "words phones", "phones"
Insert boundary: 1, 1.2
Insert boundary: 1, 2.1
Set interval text: 1, 1, "ʃɔ̃"
Set interval text: 1, 2, "say ""hi"""
Set interval text: 1, 3, "line one" + newline$ + "line two"
Insert point: 2, 0.6, "ʃ"
Insert point: 2, 2.4, "ɔ̃"
Save as text file: "DIR/praat-long.TextGrid"
Save as short text file: "DIR/praat-short.TextGrid"
Create TextGrid: 0, 1.5, "ascii", ""
Insert boundary: 1, 0.25
Set interval text: 1, 2, "plain"
Save as text file: "DIR/praat-ascii.TextGrid"
)").replace("DIR", dir);
    write(dir + "/make.praat", script.toUtf8());
    QString error;
    QVERIFY2(fieldbench::testing::run({"praat", "--run", dir + "/make.praat"}, &error),
             qPrintable(error));

    for (const QString name : {"praat-long", "praat-short"}) {
        const fs::path file = toPath(dir + '/' + name + ".TextGrid");
        QFile raw(fromPath(file));
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray head = raw.read(2);
        if (head != QByteArray("\xFE\xFF") && head != QByteArray("\xFF\xFE"))
            qInfo("%s: this Praat did not write UTF-16 (preferences?)", qPrintable(name));

        const AnnotationDocument doc = readTextGrid(file);
        QCOMPARE(doc.tiers.size(), std::size_t(2));
        const AnnotationTier *words = doc.tier("words");
        QVERIFY(words);
        QVERIFY(!words->isPointTier);
        QCOMPARE(words->intervals.size(), std::size_t(3));
        COMPARE_TIME(words->intervals[0].start, 0.0);
        COMPARE_TIME(words->intervals[0].end, 1.2);
        QCOMPARE(QString::fromStdString(words->intervals[0].text), QString::fromUtf8("ʃɔ̃"));
        QCOMPARE(QString::fromStdString(words->intervals[1].text), QString("say \"hi\""));
        COMPARE_TIME(words->intervals[2].start, 2.1);
        COMPARE_TIME(words->intervals[2].end, 3.0);
        QCOMPARE(QString::fromStdString(words->intervals[2].text), QString("line one\nline two"));

        const AnnotationTier *phones = doc.tier("phones");
        QVERIFY(phones);
        QVERIFY(phones->isPointTier);
        QCOMPARE(phones->intervals.size(), std::size_t(2));
        COMPARE_TIME(phones->intervals[1].start, 2.4);
        COMPARE_TIME(phones->intervals[1].end, 2.4);
        QCOMPARE(QString::fromStdString(phones->intervals[1].text), QString::fromUtf8("ɔ̃"));
    }

    const AnnotationDocument ascii = readTextGrid(toPath(dir + "/praat-ascii.TextGrid"));
    QCOMPARE(ascii.tiers.size(), std::size_t(1));
    QCOMPARE(ascii.tiers[0].intervals.size(), std::size_t(2));
    COMPARE_TIME(ascii.tiers[0].intervals[1].start, 0.25);
    COMPARE_TIME(ascii.tiers[0].intervals[1].end, 1.5);
    QCOMPARE(QString::fromStdString(ascii.tiers[0].intervals[1].text), QString("plain"));
}

void TestAnnotations::textGridErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("expected");

    const QString small = QString::fromUtf8(kTextGridSmall);
    const QString longForm = QString::fromUtf8(kTextGridLong);
    QTest::newRow("truncated long form")
        << QStringList(longForm.split('\n').mid(0, 21)).join('\n') << 21 << "truncated";
    QTest::newRow("truncated inside a label")
        << QStringList(longForm.split('\n').mid(0, 26)).join('\n') << 26 << "no closing quote";
    QTest::newRow("tier count too large") << withLine(small, 7, "2") << 15 << "truncated";
    QTest::newRow("tier count too small") << withLine(small, 7, "0") << 8 << "tier count";
    QTest::newRow("tier count not whole") << withLine(small, 7, "1.5") << 7 << "whole number";
    QTest::newRow("negative interval count") << withLine(small, 12, "-1") << 12 << "whole number";
    QTest::newRow("interval count too large") << withLine(small, 12, "2") << 15 << "truncated";
    QTest::newRow("string where a number belongs")
        << withLine(small, 13, "\"0\"") << 13 << "expected the xmin of interval 1";
    QTest::newRow("end before start") << withLine(small, 14, "-0.5") << 14 << "before it starts";
    QTest::newRow("unknown tier class")
        << withLine(small, 8, "\"PointTier\"") << 8 << "unknown tier class";
    QTest::newRow("bad number") << withLine(small, 13, "0.1.2") << 13 << "not a number";
    QTest::newRow("not a TextGrid object")
        << withLine(small, 2, "Object class = \"Sound\"") << 2 << "Sound";
    QTest::newRow("not a Praat file") << "hello world\n" << 1 << "not a Praat text file";
    QTest::newRow("empty file") << "" << 1 << "empty";
}

void TestAnnotations::textGridErrors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, expected);
    const fs::path file = write(freshDir() + "/bad.TextGrid", text.toUtf8());
    const QString message = errorOf([&] { readTextGrid(file); });
    QVERIFY2(message.startsWith(fromPath(file) + ':' + QString::number(line) + ": "),
             qPrintable(message + " (expected line " + QString::number(line) + ")"));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestAnnotations::commonVoiceTsv()
{
    const QString dir = freshDir();
    write(dir + "/clips/common_voice_cy_1.mp3", "mp3");
    write(dir + "/common_voice_cy_2.mp3", "mp3");
    const QByteArray tsv =
        "\xEF\xBB\xBF"
        "client_id\tpath\tsentence\tup_votes\tdown_votes\tage\tgender\taccents\tlocale\tsegment\r\n"
        "c0ffee\tcommon_voice_cy_1.mp3\t  Bore da, \"ffrind\".  \t2\t0\tthirties\tmale\t\tcy\t\r\n"
        "beef\tcommon_voice_cy_2.mp3\tNos da\t2\t0\t\t\t\tcy\t\r\n"
        "beef\tcommon_voice_cy_3.mp3\tAr goll\t2\t0\t\t\t\tcy\t\r\n"
        "\r\n"
        "short row only\r\n"
        "beef\t\tno path\t2\t0\t\t\t\tcy\t";
    const fs::path file = write(dir + "/validated.tsv", tsv);

    std::vector<std::string> problems;
    const std::vector<ManifestEntry> entries = readCommonVoiceTsv(file, &problems);
    QCOMPARE(entries.size(), std::size_t(2));
    QCOMPARE(fromPath(entries[0].audio), dir + "/clips/common_voice_cy_1.mp3");
    QCOMPARE(QString::fromStdString(entries[0].text), QString("Bore da, \"ffrind\"."));
    QCOMPARE(QString::fromStdString(entries[0].speaker), QString("c0ffee"));
    QCOMPARE(QString::fromStdString(entries[0].language), QString("cy"));
    QCOMPARE(QString::fromStdString(entries[0].id), QString("common_voice_cy_1"));
    QVERIFY(!entries[0].start && !entries[0].end);
    QCOMPARE(fromPath(entries[1].audio), dir + "/common_voice_cy_2.mp3");

    QCOMPARE(problems.size(), std::size_t(3));
    const QString name = fromPath(file);
    QVERIFY2(QString::fromStdString(problems[0]).startsWith(name + ":4: audio file"), problems[0].c_str());
    QVERIFY2(QString::fromStdString(problems[1]).startsWith(name + ":6: expected at least 3"), problems[1].c_str());
    QVERIFY2(QString::fromStdString(problems[2]).startsWith(name + ":7: empty path"), problems[2].c_str());

    // Without a problems list the good rows still come back.
    QCOMPARE(readCommonVoiceTsv(file).size(), std::size_t(2));
}

void TestAnnotations::kaldiDir()
{
    const QString root = freshDir();           // the recipe folder
    const QString data = root + "/data/train"; // the data dir
    write(root + "/abs.wav", "RIFF");
    write(root + "/data/rel.wav", "RIFF");   // relative to the data dir's parent
    write(root + "/wav/recipe.wav", "RIFF"); // relative to the recipe folder
    QVERIFY(!isKaldiDir(toPath(data)));
    const fs::path wavScp = write(data + "/wav.scp",
                                  ("rec1 " + root + "/abs.wav\n"
                                   "rec2 rel.wav\n"
                                   "rec3 sox " + root + "/abs.wav -t wav -r 16000 - |\n"
                                   "rec4 missing.wav\n"
                                   "rec5\twav/recipe.wav\r\n"
                                   "rec6 feats.ark:1234\n")
                                      .toUtf8());
    write(data + "/text", "utt1 hello world\nutt2\nutt3 from a pipe\nutt6 bonjour  le monde \n");
    write(data + "/utt2spk", "utt1 spkA\nutt2 spkB\nutt6 spkC\n");
    const fs::path segments = write(data + "/segments",
                                    "utt1 rec1 0.5 1.25\n"
                                    "utt2 rec1 1.25 -1\n"
                                    "utt3 rec3 0 1\n"
                                    "utt4 recX 0 1\n"
                                    "utt5 rec2 2 1\n"
                                    "utt6 rec2 0 3.5\n"
                                    "utt7 rec5 1 2 extra\n"
                                    "utt8 rec5 1e0 2.5");
    QVERIFY(isKaldiDir(toPath(data)));
    QVERIFY(!isKaldiDir(wavScp));

    std::vector<std::string> problems;
    const std::vector<ManifestEntry> entries = readKaldiDir(toPath(data), &problems);
    QCOMPARE(entries.size(), std::size_t(4));
    QCOMPARE(QString::fromStdString(entries[0].id), QString("utt1"));
    QCOMPARE(fromPath(entries[0].audio), root + "/abs.wav");
    COMPARE_TIME(*entries[0].start, 0.5);
    COMPARE_TIME(*entries[0].end, 1.25);
    QCOMPARE(QString::fromStdString(entries[0].text), QString("hello world"));
    QCOMPARE(QString::fromStdString(entries[0].speaker), QString("spkA"));
    QCOMPARE(QString::fromStdString(entries[1].id), QString("utt2"));
    QVERIFY(entries[1].text.empty());
    COMPARE_TIME(*entries[1].start, 1.25);
    QVERIFY(!entries[1].end); // -1: to the end of the recording
    QCOMPARE(QString::fromStdString(entries[2].id), QString("utt6"));
    QCOMPARE(fromPath(entries[2].audio), root + "/data/rel.wav");
    QCOMPARE(QString::fromStdString(entries[2].text), QString("bonjour  le monde"));
    QCOMPARE(QString::fromStdString(entries[2].speaker), QString("spkC"));
    QCOMPARE(QString::fromStdString(entries[3].id), QString("utt8"));
    QCOMPARE(fromPath(entries[3].audio), root + "/wav/recipe.wav");

    const QString all = QString::fromStdString([&] {
        std::string s;
        for (const std::string &p : problems)
            s += p + "\n";
        return s;
    }());
    QCOMPARE(problems.size(), std::size_t(6));
    QVERIFY2(all.contains(fromPath(wavScp) + ":3: recording \"rec3\": pipe commands in wav.scp "
                                             "are not supported; convert the audio first"),
             qPrintable(all));
    QVERIFY2(all.contains(fromPath(wavScp) + ":4: recording \"rec4\": audio file"), qPrintable(all));
    QVERIFY2(all.contains(fromPath(wavScp) + ":6: recording \"rec6\": Kaldi archive"), qPrintable(all));
    QVERIFY2(all.contains(fromPath(segments) + ":4: segment \"utt4\" refers to recording \"recX\""),
             qPrintable(all));
    QVERIFY2(all.contains(fromPath(segments) + ":5: segment \"utt5\" ends before it starts"),
             qPrintable(all));
    QVERIFY2(all.contains(fromPath(segments) + ":7: expected"), qPrintable(all));
    QVERIFY2(!all.contains("utt3"), qPrintable(all)); // its recording was reported once
}

void TestAnnotations::kaldiDirWithoutSegments()
{
    const QString data = freshDir();
    write(data + "/a.wav", "RIFF");
    write(data + "/b.wav", "RIFF");
    write(data + "/wav.scp", "b b.wav\na a.wav\n");
    write(data + "/text", "a first\nb second\n");
    write(data + "/utt2lang", "a cym\n");
    std::vector<std::string> problems;
    const std::vector<ManifestEntry> entries = readKaldiDir(toPath(data), &problems);
    QVERIFY(problems.empty());
    QCOMPARE(entries.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(entries[0].id), QString("b")); // wav.scp order
    QCOMPARE(QString::fromStdString(entries[0].text), QString("second"));
    QVERIFY(!entries[0].start && !entries[0].end);
    QCOMPARE(QString::fromStdString(entries[1].language), QString("cym"));
    QCOMPARE(fromPath(entries[1].audio), data + "/a.wav");
}

void TestAnnotations::nemoManifest()
{
    const QString dir = freshDir();
    write(dir + "/audio/one.wav", "RIFF");
    write(dir + "/two.wav", "RIFF");
    const QString lines =
        R"({"audio_filepath": "audio/one.wav", "duration": 2.5, "text": " ʃɔ̃ tɛ̃ ", "offset": 1.0, "speaker": 7, "lang": "fr"})" "\n"
        R"({"audio_filepath": "DIR/two.wav", "duration": 3.0, "text": "two", "speaker": "ana", "id": "u2"})" "\r\n"
        R"({"audio_filepath": "audio/one.wav", "text": "broken" )" "\n"
        "\n"
        R"({"text": "no audio"})" "\n"
        R"(["audio/one.wav", 1.0])" "\n"
        R"({"audio_filepath": "nowhere.wav", "text": "x"})" "\n"
        R"({"audio_filepath": "two.wav", "duration": "long"})" "\n"
        R"({"audio_filepath": "two.wav"})";
    const fs::path file = write(dir + "/train_manifest.json", QString(lines).replace("DIR", dir).toUtf8());

    std::vector<std::string> problems;
    const std::vector<ManifestEntry> entries = readNemoManifest(file, &problems);
    QCOMPARE(entries.size(), std::size_t(3));
    QCOMPARE(fromPath(entries[0].audio), dir + "/audio/one.wav");
    QCOMPARE(QString::fromStdString(entries[0].text), QString::fromUtf8("ʃɔ̃ tɛ̃"));
    COMPARE_TIME(*entries[0].start, 1.0);
    COMPARE_TIME(*entries[0].end, 3.5);
    QCOMPARE(QString::fromStdString(entries[0].speaker), QString("7"));
    QCOMPARE(QString::fromStdString(entries[0].language), QString("fr"));
    QCOMPARE(fromPath(entries[1].audio), dir + "/two.wav");
    QVERIFY(!entries[1].start && !entries[1].end); // no offset: the whole file
    QCOMPARE(QString::fromStdString(entries[1].id), QString("u2"));
    QCOMPARE(QString::fromStdString(entries[1].speaker), QString("ana"));
    QVERIFY(entries[2].text.empty()); // unlabelled (self-supervised) data is kept

    const QString name = fromPath(file);
    QCOMPARE(problems.size(), std::size_t(5));
    QVERIFY2(QString::fromStdString(problems[0]).startsWith(name + ":3: invalid JSON"), problems[0].c_str());
    QVERIFY2(QString::fromStdString(problems[1]).startsWith(name + ":5: no \"audio_filepath\""), problems[1].c_str());
    QVERIFY2(QString::fromStdString(problems[2]).startsWith(name + ":6: expected a JSON object"), problems[2].c_str());
    QVERIFY2(QString::fromStdString(problems[3]).startsWith(name + ":7: audio file \"nowhere.wav\""), problems[3].c_str());
    QVERIFY2(QString::fromStdString(problems[4]).startsWith(name + ":8: \"duration\""), problems[4].c_str());
}

void TestAnnotations::manifestErrors_data()
{
    QTest::addColumn<QString>("kind"); // cv, kaldi, nemo
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line"); // 0: no line in the message
    QTest::addColumn<QString>("expected");

    QTest::newRow("cv without sentence column")
        << "cv" << "train.tsv" << QByteArray("client_id\tpath\ttext\nc\ta.mp3\thello\n") << 1
        << "no \"sentence\" column";
    QTest::newRow("cv comma-separated")
        << "cv" << "train.tsv" << QByteArray("\n\nclient_id,path,sentence\n") << 3
        << "no \"path\" column";
    QTest::newRow("cv empty") << "cv" << "train.tsv" << QByteArray("\r\n") << 1 << "empty";
    QTest::newRow("kaldi without wav.scp") << "kaldi" << "text" << QByteArray("utt1 hi\n") << 0
                                           << "no wav.scp";
    QTest::newRow("nemo that is one JSON array")
        << "nemo" << "manifest.json"
        << QByteArray("\n[{\"audio_filepath\": \"a.wav\",\n  \"text\": \"x\"}]\n") << 2
        << "not a NeMo manifest";
}

void TestAnnotations::manifestErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, expected);
    const QString dir = freshDir();
    const fs::path file = write(dir + '/' + fileName, content);
    std::vector<std::string> problems;
    const QString message = errorOf([&] {
        if (kind == "cv")
            readCommonVoiceTsv(file, &problems);
        else if (kind == "kaldi")
            readKaldiDir(toPath(dir), &problems);
        else
            readNemoManifest(file, &problems);
    });
    const QString where = kind == "kaldi" ? dir : fromPath(file);
    const QString prefix = line ? where + ':' + QString::number(line) + ": " : where + ": ";
    QVERIFY2(message.startsWith(prefix), qPrintable(message + " (expected " + prefix + ")"));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestAnnotations::plainTranscript_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("firstText");
    QTest::addColumn<double>("firstStart");
    QTest::addColumn<double>("firstEnd");

    QTest::newRow("one line") << QByteArray("  ʃɔ̃ tɛ̃ \n") << "text" << 1 << QString::fromUtf8("ʃɔ̃ tɛ̃")
                              << 0.0 << 0.0;
    QTest::newRow("lines joined, BOM, CRLF")
        << QByteArray("\xEF\xBB\xBFhello\r\n\r\n  world \r\nagain") << "text" << 1
        << "hello world again" << 0.0 << 0.0;
    QTest::newRow("UTF-16LE with BOM") << utf16Bytes("hi there\r\n", false, true) << "text" << 1
                                       << "hi there" << 0.0 << 0.0;
    QTest::newRow("empty") << QByteArray(" \n\n") << "text" << 0 << QString() << 0.0 << 0.0;
    QTest::newRow("numbers in a sentence") << QByteArray("3 4 5 go\nand more") << "text" << 1
                                           << "3 4 5 go and more" << 0.0 << 0.0;
    QTest::newRow("HTK lab, 100 ns units")
        << QByteArray("0 5000000 sil\n5000000 12500000 h e l l o\n12500000 20000000 sil\n")
        << "interval" << 3 << "sil" << 0.0 << 0.5;
    QTest::newRow("HTK lab, unsorted, CRLF")
        << QByteArray("5000000 12500000 b\r\n0 5000000 a\r\n") << "interval" << 2 << "a" << 0.0 << 0.5;
    QTest::newRow("Audacity labels, seconds")
        << QByteArray("0.250000\t1.500000\tfirst word\n\\\t100.0\t2000.0\n1.5\t2.0\tsecond\n")
        << "interval" << 2 << "first word" << 0.25 << 1.5;
}

void TestAnnotations::plainTranscript()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, type);
    QFETCH(int, count);
    QFETCH(QString, firstText);
    QFETCH(double, firstStart);
    QFETCH(double, firstEnd);
    const fs::path file = write(freshDir() + "/rec.lab", content);
    const AnnotationTier tier = readPlainTranscript(file);
    QCOMPARE(QString::fromStdString(tier.name), QString("text"));
    QCOMPARE(QString::fromStdString(tier.type), type);
    QVERIFY(!tier.isPointTier);
    QCOMPARE(int(tier.intervals.size()), count);
    if (count == 0)
        return;
    QCOMPARE(QString::fromStdString(tier.intervals[0].text), firstText);
    COMPARE_TIME(tier.intervals[0].start, firstStart);
    COMPARE_TIME(tier.intervals[0].end, firstEnd);
}

void TestAnnotations::plainTranscriptInvalidUtf8()
{
    const fs::path file = write(freshDir() + "/rec.txt", "good line\ncaf\xE9 latin-1\n");
    const QString message = errorOf([&] { readPlainTranscript(file); });
    QVERIFY2(message.startsWith(fromPath(file) + ":2: not valid UTF-8"), qPrintable(message));

    const fs::path htk = write(freshDir() + "/bad.lab", "0 100 a\n900 100 b\n");
    const QString reversed = errorOf([&] { readPlainTranscript(htk); });
    QVERIFY2(reversed.startsWith(fromPath(htk) + ":2: "), qPrintable(reversed));
}

QTEST_GUILESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
