// Atomic writes, hashing and process helpers.

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/process.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldbench;

class TestFileUtil : public QObject
{
    Q_OBJECT

private slots:
    void atomicWriteReplacesWholeFile()
    {
        QTemporaryDir dir;
        const std::filesystem::path p = dir.filePath("a.txt").toStdString();
        writeFileAtomically(p, "first version, longer");
        writeFileAtomically(p, "second");
        QCOMPARE(QString::fromStdString(readFile(p)), QStringLiteral("second"));
        // No temporary files are left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void hashesAreContentHashes()
    {
        QTemporaryDir dir;
        const std::filesystem::path a = dir.filePath("a").toStdString(), b = dir.filePath("b").toStdString();
        writeFileAtomically(a, "same bytes");
        writeFileAtomically(b, "same bytes");
        QCOMPARE(hashFile(a), hashFile(b));
        QCOMPARE(hashFile(a), hashBytes("same bytes"));
        QCOMPARE(int(hashFile(a).size()), 32);
        QVERIFY(hashBytes("same bytes") != hashBytes("same byteS"));
    }

    void missingFileIsAnError()
    {
        QVERIFY_THROWS_EXCEPTION(Error, readFile("/nonexistent/file"));
        QVERIFY_THROWS_EXCEPTION(Error, hashFile("/nonexistent/file"));
    }

    void runProcessCapturesOutput()
    {
        const ProcessResult r = runProcess({"sh", "-c", "echo out; echo err >&2; exit 3"});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(QString::fromStdString(r.standardOutput), QStringLiteral("out\n"));
        QCOMPARE(QString::fromStdString(r.standardError), QStringLiteral("err\n"));
    }

    void missingProgramNamesThePackage()
    {
        try {
            runProcess({"no-such-program-xyz"}, "some-package");
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains("apt-get install some-package"));
        }
    }

    void lowerExtension()
    {
        QCOMPARE(QString::fromStdString(fieldbench::lowerExtension("a/B.TextGrid")), QStringLiteral("textgrid"));
        QCOMPARE(QString::fromStdString(fieldbench::lowerExtension("noext")), QString());
    }
};

QTEST_GUILESS_MAIN(TestFileUtil)
#include "test_fileutil.moc"
