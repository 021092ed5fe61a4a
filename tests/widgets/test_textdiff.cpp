// Edit-distance alignment of references and hypotheses (the decoded-examples view).

#include "textdiff.h"

#include <QtTest>

using namespace fieldbench;

class TestTextDiff : public QObject
{
    Q_OBJECT

private slots:
    void align_data();
    void align();
    void html();
};

void TestTextDiff::align_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("hypothesis");
    QTest::addColumn<bool>("byCharacter");
    QTest::addColumn<int>("distance");
    QTest::addColumn<QString>("ops"); // M match, S substitution, I insertion, D deletion

    QTest::newRow("same phones") << "h a l o" << "h a l o" << false << 0 << "MMMM";
    QTest::newRow("one substitution") << "h a l o" << "h e l o" << false << 1 << "MSMM";
    QTest::newRow("deletion") << "h a l o" << "h l o" << false << 1 << "MDMM";
    QTest::newRow("insertion") << "h a l o" << "h a l o x" << false << 1 << "MMMMI";
    QTest::newRow("empty hypothesis") << "a b c" << "" << false << 3 << "DDD";
    QTest::newRow("empty reference") << "" << "a b" << false << 2 << "II";
    QTest::newRow("multi-character phones") << "t͡ʃ aː | ŋ" << "t͡ʃ a | ŋ" << false << 1 << "MSMM";
    QTest::newRow("characters") << "kitten" << "sitting" << true << 3 << "SMMMSMI";
    QTest::newRow("combining marks stay with their letter") << "e\u0301te\u0301" << "ete\u0301" << true << 1 << "SMM";
}

void TestTextDiff::align()
{
    QFETCH(QString, reference);
    QFETCH(QString, hypothesis);
    QFETCH(bool, byCharacter);
    QFETCH(int, distance);
    QFETCH(QString, ops);
    const QVector<AlignedToken> a = alignTokens(tokenize(reference, byCharacter), tokenize(hypothesis, byCharacter));
    QCOMPARE(editDistance(a), distance);
    QString got;
    for (const AlignedToken &t : a)
        got += QLatin1Char("MSID"[int(t.op)]);
    QCOMPARE(got, ops);
}

void TestTextDiff::html()
{
    QString ref;
    QString hyp;
    int errors = 0;
    int length = 0;
    diffHtml(QStringLiteral("a <b> c"), QStringLiteral("a <x> c d"), false, &ref, &hyp, &errors, &length);
    QCOMPARE(errors, 2);
    QCOMPARE(length, 3);
    QVERIFY(ref.contains(QStringLiteral("&lt;b&gt;"))); // escaped
    QVERIFY(hyp.contains(QStringLiteral("#ffd8a8")));   // substitution
    QVERIFY(hyp.contains(QStringLiteral("#c3fac8")));   // insertion
    QVERIFY(!ref.contains(QStringLiteral("#c3fac8")));
}

QTEST_MAIN(TestTextDiff)
#include "test_textdiff.moc"
