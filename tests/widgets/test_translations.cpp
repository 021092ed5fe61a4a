// The interface catalogues (translations/fieldbench_<lang>.ts): every one lists exactly the
// strings the GUI sources pass to tr() (lupdate run again into a copy must not add or drop
// any), finished translations keep the source's %N placeholders and its & mnemonic, the
// compiled catalogues are embedded and load, and UiLanguage picks the language the system
// asks for.

#include "settingsdialog.h"
#include "uilanguage.h"

#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

#include <map>
#include <set>

using namespace fieldbench;

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    QString translation;
    bool finished = false;
};

using Key = std::tuple<QString, QString, QString>; // context, source, comment

std::map<Key, Message> readTs(const QString &file, QString *language = nullptr)
{
    std::map<Key, Message> messages;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS") && language)
            *language = xml.attributes().value(QLatin1String("language")).toString();
        else if (name == QLatin1String("name"))
            context = xml.readElementText();
        else if (name == QLatin1String("message"))
            m = Message{context, {}, {}, {}, false};
        else if (name == QLatin1String("source"))
            m.source = xml.readElementText();
        else if (name == QLatin1String("comment"))
            m.comment = xml.readElementText();
        else if (name == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            m.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            m.finished = type.isEmpty() && !m.translation.isEmpty();
            messages[{m.context, m.source, m.comment}] = m;
        }
    }
    return messages;
}

QStringList languages()
{
    return QStringLiteral(FIELDBENCH_UI_LANGUAGES).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

QString tsFile(const QString &language)
{
    return QStringLiteral(FIELDBENCH_SOURCE_DIR "/translations/fieldbench_%1.ts").arg(language);
}

// Every C++ file whose strings can reach the interface: all of widgets/ and app/gui/,
// found here rather than taken from the CMake lists, so that a source missing from the
// build's lupdate list shows up as well.
QStringList guiSources()
{
    QStringList files;
    for (const char *dir : {"/widgets", "/app/gui"}) {
        QDirIterator it(QStringLiteral(FIELDBENCH_SOURCE_DIR) + QLatin1String(dir),
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
    }
    files.sort();
    return files;
}

QString describe(const Key &k)
{
    return QStringLiteral("%1: \"%2\"").arg(std::get<0>(k), std::get<1>(k).left(70));
}

// %1..%99 placeholders, as a sorted list (a placeholder may appear twice).
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

int mnemonics(const QString &text)
{
    int n = 0;
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i; // "&&" is a literal ampersand
            continue;
        }
        if (!text[i + 1].isSpace())
            ++n;
    }
    return n;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void upToDate_data();
    void upToDate();
    void placeholdersKept_data();
    void placeholdersKept();
    void catalogueEmbedded_data();
    void catalogueEmbedded();
    void resolve_data();
    void resolve();
    void settingsDialogStoresChoice();

private:
    QTemporaryDir m_dir;
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("fieldbench-test-translations"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo::exists(QStringLiteral(FIELDBENCH_LUPDATE)), FIELDBENCH_LUPDATE);

    // lupdate over the sources into copies of the catalogues, with the build's options.
    QStringList copies;
    for (const QString &language : languages()) {
        const QString copy = m_dir.filePath(QFileInfo(tsFile(language)).fileName());
        QVERIFY2(QFile::copy(tsFile(language), copy), qPrintable(tsFile(language) + " is missing"));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        copies << copy;
    }
    QFile list(m_dir.filePath(QStringLiteral("sources.lst")));
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write(guiSources().join(QLatin1Char('\n')).toUtf8());
    list.close();
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(FIELDBENCH_LUPDATE),
                  QStringList{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                              QStringLiteral("-silent"), QLatin1Char('@') + list.fileName(), QStringLiteral("-ts")}
                      + copies);
    QVERIFY(lupdate.waitForFinished(60000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
}

void TestTranslations::upToDate_data()
{
    QTest::addColumn<QString>("language");
    for (const QString &language : languages())
        QTest::newRow(qPrintable(language)) << language;
}

void TestTranslations::upToDate()
{
    QFETCH(QString, language);
    QString declared;
    const auto committed = readTs(tsFile(language), &declared);
    const auto current = readTs(m_dir.filePath(QFileInfo(tsFile(language)).fileName()));
    QVERIFY(!current.empty());
    QVERIFY2(declared.startsWith(language.section(QLatin1Char('_'), 0, 0)),
             qPrintable(QStringLiteral("language=\"%1\" in %2").arg(declared, tsFile(language))));

    QStringList problems;
    for (const auto &[key, m] : current)
        if (!committed.count(key))
            problems << QStringLiteral("  not in the .ts: ") + describe(key);
    for (const auto &[key, m] : committed)
        if (!current.count(key))
            problems << QStringLiteral("  no longer in the sources: ") + describe(key);
    if (!problems.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1 is out of date with the sources (run `cmake --build build "
                                        "--target update_translations` and commit it):\n%2")
                             .arg(tsFile(language), problems.join(QLatin1Char('\n')))));
}

void TestTranslations::placeholdersKept_data()
{
    upToDate_data();
}

void TestTranslations::placeholdersKept()
{
    QFETCH(QString, language);
    QStringList problems;
    int finished = 0;
    for (const auto &[key, m] : readTs(tsFile(language))) {
        if (!m.finished)
            continue;
        ++finished;
        if (placeholders(m.source) != placeholders(m.translation))
            problems << QStringLiteral("  placeholders differ: %1 -> \"%2\"").arg(describe(key), m.translation);
        const int want = mnemonics(m.source);
        if (want > 0 && mnemonics(m.translation) != want)
            problems << QStringLiteral("  mnemonic (&) missing or doubled: %1 -> \"%2\"").arg(describe(key), m.translation);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(finished > 0, "no finished translation at all");
}

void TestTranslations::catalogueEmbedded_data()
{
    upToDate_data();
}

// lrelease's output is in the library's resources, and a finished string comes back
// translated from it.
void TestTranslations::catalogueEmbedded()
{
    QFETCH(QString, language);
    QVERIFY(UiLanguage::available().contains(language));
    QTranslator translator;
    QVERIFY2(translator.load(QStringLiteral(":/i18n/fieldbench_%1.qm").arg(language)), qPrintable(language));
    int checked = 0;
    for (const auto &[key, m] : readTs(tsFile(language))) {
        if (!m.finished)
            continue;
        QCOMPARE(translator.translate(qPrintable(m.context), qPrintable(m.source),
                                      m.comment.isEmpty() ? nullptr : qPrintable(m.comment)),
                 m.translation);
        ++checked;
    }
    QVERIFY(checked > 0);
}

void TestTranslations::resolve_data()
{
    QTest::addColumn<QString>("choice");
    QTest::addColumn<QStringList>("system");
    QTest::addColumn<QString>("expected");

    QTest::newRow("system: Spanish (Mexico)") << QString() << QStringList{"es-MX", "es"} << "es";
    QTest::newRow("system: Brazilian Portuguese") << QString() << QStringList{"pt-BR", "pt"} << "pt_BR";
    QTest::newRow("system: European Portuguese gets pt_BR") << QString() << QStringList{"pt-PT", "pt"} << "pt_BR";
    QTest::newRow("system: French (Canada)") << QString() << QStringList{"fr-CA"} << "fr";
    QTest::newRow("system: Swahili (Tanzania)") << QString() << QStringList{"sw-TZ"} << "sw";
    QTest::newRow("system: Indonesian") << QString() << QStringList{"id-ID"} << "id";
    QTest::newRow("system: Japanese, then Spanish") << QString() << QStringList{"ja-JP", "es"} << "es";
    QTest::newRow("system: English before Spanish") << QString() << QStringList{"en-GB", "es"} << "en";
    QTest::newRow("system: C locale") << QString() << QStringList{"C"} << "en";
    QTest::newRow("system: nothing") << QString() << QStringList{} << "en";
    QTest::newRow("chosen over the system") << "sw" << QStringList{"es-ES"} << "sw";
    QTest::newRow("chosen English") << "en" << QStringList{"fr-FR"} << "en";
    QTest::newRow("chosen, no catalogue") << "xx" << QStringList{"fr-FR"} << "en";
}

void TestTranslations::resolve()
{
    QFETCH(QString, choice);
    QFETCH(QStringList, system);
    QFETCH(QString, expected);
    QCOMPARE(UiLanguage::resolve(choice, system), expected);
}

void TestTranslations::settingsDialogStoresChoice()
{
    UiLanguage::setSetting(QString());
    {
        SettingsDialog dialog;
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("language"));
        QVERIFY(combo);
        QCOMPARE(combo->count(), int(UiLanguage::available().size()) + 1); // + "System default"
        QCOMPARE(dialog.language(), QString());
        const int pt = combo->findData(QStringLiteral("pt_BR"));
        QVERIFY(pt > 0);
        QVERIFY(combo->itemText(pt).startsWith(QStringLiteral("Português")));
        combo->setCurrentIndex(pt);
        dialog.reject(); // Cancel stores nothing
    }
    QCOMPARE(UiLanguage::setting(), QString());
    {
        SettingsDialog dialog;
        dialog.setLanguage(QStringLiteral("pt_BR"));
        dialog.accept();
    }
    QCOMPARE(UiLanguage::setting(), QStringLiteral("pt_BR"));
    QCOMPARE(SettingsDialog().language(), QStringLiteral("pt_BR")); // shown again next time
    {
        SettingsDialog dialog;
        dialog.setLanguage(QString());
        dialog.accept();
    }
    QCOMPARE(UiLanguage::setting(), QString());
}

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
