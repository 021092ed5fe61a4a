// The New run dialog edits TrainConfig without defaults of its own: presets are core's,
// every advanced field of trainConfigFieldDocs() has a generated editor that writes the
// config, languages show their hours and the sampling shares alpha gives (as core's
// samplingProbabilities computes them), the starting model folder is validated by
// `fieldbench-cli model info --json`, devices come from core's runtime, the time estimate
// comes from `train --estimate`.

#include "newrundialog.h"
#include "testdata.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/train/sampling.h"
#include "fieldbench/train/trainconfig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace fieldbench;

namespace {

// A project with three languages of 2, 0.5 and 0.125 hours and a few speakers; the audio
// files are placeholders (the dialog reads the catalog only).
void makeProject(const QString &dir)
{
    Project project = Project::create(fieldbench::testing::toPath(dir), "dialog test");
    struct L
    {
        const char *code;
        double hours;
        const char *speakers[2];
    };
    const L languages[] = {{"deu", 2.0, {"Anna", "Ben"}}, {"fra", 0.5, {"Chloé", nullptr}}, {"ain", 0.125, {"Kayano", nullptr}}};
    int n = 0;
    for (const L &l : languages) {
        for (const char *speaker : l.speakers) {
            if (!speaker)
                continue;
            NewRecording r;
            r.languageCode = l.code;
            r.speakerName = speaker;
            r.recording.contentHash = QStringLiteral("hash%1").arg(++n).toStdString();
            r.recording.audioFile = QStringLiteral("audio/hash%1.flac").arg(n).toStdString();
            r.recording.sourcePath = QStringLiteral("/src/%1.wav").arg(n).toStdString();
            r.recording.durationSeconds = l.hours * 3600 / (l.speakers[1] ? 2 : 1);
            fieldbench::testing::writeBytes(dir + QLatin1Char('/') + QString::fromStdString(r.recording.audioFile), "x");
            Segment s;
            s.start = 0;
            s.end = r.recording.durationSeconds;
            s.source = "whole-file";
            s.transcripts.push_back({"ipa", "a b"});
            r.segments.push_back(s);
            project.addRecording(r);
        }
    }
}

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(20);
    }
    return true;
}

} // namespace

class TestNewRunDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void presets_data();
    void presets();
    void advancedFieldsFromDocs();
    void samplingShares_data();
    void samplingShares();
    void languageAndSpeakerChoice();
    void devices();
    void modelFolderValidated();
    void estimate();
    void invalidValuesBlockStart();
    void screenshot();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestNewRunDialog::initTestCase()
{
    m_project = m_dir.filePath(QStringLiteral("project"));
    makeProject(m_project);
}

void TestNewRunDialog::presets_data()
{
    QTest::addColumn<QString>("name");
    for (const std::string &name : TrainConfig::presetNames())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestNewRunDialog::presets()
{
    QFETCH(QString, name);
    NewRunDialog dialog(m_project);
    dialog.selectPreset(name.toStdString());
    TrainConfig expected = TrainConfig::fromPreset(name.toStdString());
    expected.project = m_project.toStdString();
    expected.device = dialog.config().device; // the dialog keeps the chosen device
    QCOMPARE(QString::fromStdString(dialog.config().toJson()), QString::fromStdString(expected.toJson()));
    QVERIFY(!NewRunDialog::presetTitle(name.toStdString()).isEmpty());
    QVERIFY(NewRunDialog::presetTitle(name.toStdString()) != name); // a title a linguist understands
    // The form shows the preset's values (no defaults of the dialog's own).
    auto *lr = dialog.findChild<QLineEdit *>(QStringLiteral("optim.learning_rate"));
    QVERIFY(lr);
    QCOMPARE(lr->text().toDouble(), expected.optim.learningRate);
    auto *objective = dialog.findChild<QComboBox *>(QStringLiteral("objective"));
    QVERIFY(objective);
    QCOMPARE(objective->currentText(), QString::fromStdString(expected.objective));
}

void TestNewRunDialog::advancedFieldsFromDocs()
{
    NewRunDialog dialog(m_project);
    dialog.show();
    QVERIFY(!dialog.advancedVisible());
    dialog.setAdvancedVisible(true);
    QVERIFY(dialog.advancedVisible());
    int advanced = 0;
    for (const ConfigFieldDoc &doc : trainConfigFieldDocs()) {
        if (!doc.advanced)
            continue;
        ++advanced;
        QWidget *editor = dialog.findChild<QWidget *>(QString::fromStdString(doc.key));
        QVERIFY2(editor, doc.key.c_str());
        QCOMPARE(editor->toolTip(), QString::fromStdString(doc.description));
    }
    QVERIFY(advanced > 20);
    // Typing into generated editors changes the config (number, bool, string).
    auto *beta2 = dialog.findChild<QLineEdit *>(QStringLiteral("optim.beta2"));
    beta2->setFocus();
    beta2->selectAll();
    QTest::keyClicks(beta2, QStringLiteral("0.95"));
    QCOMPARE(dialog.config().optim.beta2, 0.95);
    auto *crop = dialog.findChild<QCheckBox *>(QStringLiteral("data.crop_to_shortest"));
    const bool before = dialog.config().data.cropToShortest;
    crop->click();
    QCOMPARE(dialog.config().data.cropToShortest, !before);
    auto *schedule = dialog.findChild<QComboBox *>(QStringLiteral("optim.schedule"));
    schedule->setCurrentText(QStringLiteral("cosine"));
    QCOMPARE(dialog.config().optim.schedule, std::string("cosine"));
    QVERIFY(dialog.setValue(QStringLiteral("seed"), QStringLiteral("18446744073709551615")));
    QCOMPARE(dialog.config().seed, std::uint64_t(18446744073709551615ULL));
}

void TestNewRunDialog::samplingShares_data()
{
    QTest::addColumn<double>("alpha");
    QTest::newRow("as in the data") << 1.0;
    QTest::newRow("XLSR") << 0.5;
    QTest::newRow("uniform") << 0.0;
    QTest::newRow("0.3") << 0.3;
}

void TestNewRunDialog::samplingShares()
{
    QFETCH(double, alpha);
    NewRunDialog dialog(m_project);
    QCOMPARE(dialog.languageHours(QStringLiteral("deu")), 2.0);
    QCOMPARE(dialog.languageHours(QStringLiteral("ain")), 0.125);
    auto *spin = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("alpha"));
    QVERIFY(spin);
    spin->setValue(alpha);
    QCOMPARE(dialog.config().data.samplingAlpha, alpha);
    const std::vector<double> expected = samplingProbabilities({0.125, 2.0, 0.5}, alpha); // ain, deu, fra
    QVERIFY(std::abs(dialog.samplingShare(QStringLiteral("ain")) - expected[0]) < 1e-12);
    QVERIFY(std::abs(dialog.samplingShare(QStringLiteral("deu")) - expected[1]) < 1e-12);
    QVERIFY(std::abs(dialog.samplingShare(QStringLiteral("fra")) - expected[2]) < 1e-12);
    if (alpha == 0.0)
        QVERIFY(std::abs(dialog.samplingShare(QStringLiteral("ain")) - 1.0 / 3) < 1e-12);
}

void TestNewRunDialog::languageAndSpeakerChoice()
{
    NewRunDialog dialog(m_project);
    QCOMPARE(dialog.config().data.languages.size(), std::size_t(0)); // all
    dialog.setLanguageChecked(QStringLiteral("fra"), false);
    QCOMPARE(dialog.config().data.languages, (std::vector<std::string>{"ain", "deu"}));
    QCOMPARE(dialog.samplingShare(QStringLiteral("fra")), 0.0);
    const std::vector<double> two = samplingProbabilities({0.125, 2.0}, dialog.config().data.samplingAlpha);
    QVERIFY(std::abs(dialog.samplingShare(QStringLiteral("ain")) - two[0]) < 1e-12);
    auto *speakers = dialog.findChild<QTableWidget *>(QStringLiteral("speakers"));
    QVERIFY(speakers);
    QCOMPARE(speakers->rowCount(), 4);
    for (int r = 0; r < speakers->rowCount(); ++r)
        if (speakers->item(r, 0)->text() == QLatin1String("Ben"))
            speakers->item(r, 0)->setCheckState(Qt::Unchecked);
    std::vector<std::string> chosen = dialog.config().data.speakers;
    std::sort(chosen.begin(), chosen.end());
    QCOMPARE(chosen, (std::vector<std::string>{"Anna", "Chloé", "Kayano"}));
    // A preset change keeps the data choice.
    dialog.selectPreset("phoneme-recogniser");
    QCOMPARE(dialog.config().data.languages, (std::vector<std::string>{"ain", "deu"}));
    QCOMPARE(dialog.config().data.speakers.size(), std::size_t(3));
}

void TestNewRunDialog::devices()
{
    NewRunDialog dialog(m_project);
    const QStringList ids = dialog.deviceIds();
    QVERIFY(!ids.isEmpty());
    QCOMPARE(ids.first(), QStringLiteral("cpu"));
    for (int i = 1; i < ids.size(); ++i)
        QCOMPARE(ids[i], QStringLiteral("cuda:%1").arg(i - 1));
    auto *device = dialog.findChild<QComboBox *>(QStringLiteral("device"));
    device->setCurrentIndex(device->count() - 1);
    QCOMPARE(QString::fromStdString(dialog.config().device), ids.last());
}

void TestNewRunDialog::modelFolderValidated()
{
    const QString cli = fieldbench::testing::cliPath();
    const QString model = m_dir.filePath(QStringLiteral("tiny-model"));
    QString error;
    if (!QFileInfo::exists(model))
        QVERIFY2(fieldbench::testing::run({cli, QStringLiteral("model"), QStringLiteral("init"), QStringLiteral("--preset"),
                                           QStringLiteral("tiny"), QStringLiteral("--out"), model},
                                          &error),
                 qPrintable(error));
    NewRunDialog dialog(m_project);
    dialog.setCliPath(cli);
    dialog.selectPreset("continue-pretraining");
    QSignalSpy checked(&dialog, &NewRunDialog::modelChecked);
    dialog.setModelDir(model);
    QVERIFY(dialog.modelChecking());
    QVERIFY(dialog.problems().join(QLatin1Char(' ')).contains(QStringLiteral("Checking")));
    QVERIFY(checked.wait(60000));
    QVERIFY2(checked.first().at(0).toBool(), qPrintable(checked.first().at(1).toString()));
    const QString summary = dialog.modelSummary();
    QVERIFY2(summary.contains(QStringLiteral("Wav2Vec2ForPreTraining")), qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("parameters")));
    QVERIFY(summary.contains(QStringLiteral("layers")));
    QCOMPARE(QString::fromStdString(dialog.config().model), model);
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join(QLatin1Char('\n'))));

    // A folder that is not a model: refused with the CLI's reason.
    checked.clear();
    dialog.setModelDir(m_dir.path());
    QVERIFY(checked.wait(60000));
    QVERIFY(!checked.first().at(0).toBool());
    QVERIFY(!dialog.modelValid());
    QVERIFY(dialog.problems().join(QLatin1Char(' ')).contains(QStringLiteral("starting model")));
}

void TestNewRunDialog::estimate()
{
    NewRunDialog dialog(m_project);
    dialog.setCliPath(QStringLiteral(FIELDBENCH_FAKECLI));
    QSignalSpy done(&dialog, &NewRunDialog::estimateFinished);
    dialog.estimate();
    QVERIFY(done.wait(30000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
    // The fake measures 0.8 s a step and 850 steps an epoch: 680 s.
    QVERIFY2(dialog.estimateText().contains(QStringLiteral("0:11:20 per epoch")), qPrintable(dialog.estimateText()));
    // Without a trainer the estimate says why.
    NewRunDialog without(m_project);
    without.setCliPath(m_dir.filePath(QStringLiteral("no-such-program")));
    QSignalSpy failed(&without, &NewRunDialog::estimateFinished);
    without.estimate();
    QVERIFY(failed.wait(30000));
    QVERIFY(!failed.first().at(0).toBool());
}

void TestNewRunDialog::invalidValuesBlockStart()
{
    NewRunDialog dialog(m_project);
    QVERIFY2(dialog.problems().isEmpty() || dialog.config().objective == "pretrain",
             qPrintable(dialog.problems().join(QLatin1Char('\n'))));
    dialog.selectPreset("pretrain-small");
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join(QLatin1Char('\n'))));
    QVERIFY(dialog.setValue(QStringLiteral("optim.learning_rate"), QStringLiteral("-1")));
    QVERIFY(dialog.problems().join(QLatin1Char(' ')).contains(QStringLiteral("optim.learning_rate must be > 0")));
    QVERIFY(!dialog.setValue(QStringLiteral("max_steps"), QStringLiteral("many")));
    QVERIFY(!dialog.setValue(QStringLiteral("no.such.key"), QStringLiteral("1")));
    QVERIFY(dialog.setValue(QStringLiteral("optim.learning_rate"), QStringLiteral("3e-4")));
    QVERIFY(dialog.problems().isEmpty());
    dialog.setRunName(QStringLiteral("../escape"));
    QVERIFY(!dialog.problems().isEmpty());
    // A recogniser needs a starting model.
    dialog.setRunName(QStringLiteral("ok"));
    dialog.selectPreset("character-recogniser");
    QVERIFY(dialog.problems().join(QLatin1Char(' ')).contains(QStringLiteral("pretrained model")));
}

void TestNewRunDialog::screenshot()
{
    const QString out = qEnvironmentVariable("FIELDBENCH_SCREENSHOT_DIR");
    NewRunDialog dialog(m_project);
    dialog.setCliPath(QStringLiteral(FIELDBENCH_FAKECLI));
    dialog.selectPreset("continue-pretraining");
    const QString cli = fieldbench::testing::cliPath();
    const QString model = m_dir.filePath(QStringLiteral("tiny-model"));
    if (QFileInfo::exists(model)) {
        dialog.setCliPath(cli);
        QSignalSpy checked(&dialog, &NewRunDialog::modelChecked);
        dialog.setModelDir(model);
        checked.wait(60000);
        dialog.setCliPath(QStringLiteral(FIELDBENCH_FAKECLI));
    }
    QSignalSpy done(&dialog, &NewRunDialog::estimateFinished);
    dialog.estimate();
    QVERIFY(done.wait(30000));
    dialog.resize(1250, 800);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    if (!out.isEmpty()) {
        QDir().mkpath(out);
        QVERIFY(dialog.grab().save(out + QStringLiteral("/new-run-dialog.png")));
        dialog.setAdvancedVisible(true);
        QTest::qWait(100);
        QVERIFY(dialog.grab().save(out + QStringLiteral("/new-run-dialog-advanced.png")));
    }
}

QTEST_MAIN(TestNewRunDialog)
#include "test_newrundialog.moc"
