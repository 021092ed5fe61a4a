#include "runview.h"

#include "runmonitor.h"
#include "runsmodel.h"
#include "textdiff.h"

#include <QDir>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollBar>
#include <QStyle>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <climits>
#include <cmath>

namespace fieldbench {

RunView::RunView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_warnings(new QListWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_log(new QPlainTextEdit(this))
    , m_examples(new QTextBrowser(this))
    , m_events(new QListWidget(this))
    , m_config(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("runView"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setObjectName(QStringLiteral("runTitle"));
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setTextVisible(true);
    m_warnings->setObjectName(QStringLiteral("runWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setMaximumHeight(90);
    m_warnings->setStyleSheet(QStringLiteral("QListWidget { background: #fff4d6; }"));
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_examples->setObjectName(QStringLiteral("runExamples"));
    m_events->setObjectName(QStringLiteral("runEvents"));
    m_config->setObjectName(QStringLiteral("runConfig"));
    m_config->setReadOnly(true);
    m_config->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(m_examples, tr("Decoded examples"));
    m_tabs->addTab(m_events, tr("Events"));
    m_tabs->addTab(m_config, tr("Settings"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_warnings);
    layout->addWidget(m_tabs, 1);
    setRun(nullptr);
}

void RunView::setRun(RunMonitor *run)
{
    if (m_run)
        disconnect(m_run, nullptr, this, nullptr);
    m_run = run;
    m_log->clear();
    if (run) {
        connect(run, &RunMonitor::statusChanged, this, &RunView::updateStatus);
        connect(run, &RunMonitor::appended, this, [this] {
            // The progress follows the train lines; cheap, but not more than the row updates.
            updateStatus();
        });
        connect(run, &RunMonitor::warningsChanged, this, &RunView::updateWarnings);
        connect(run, &RunMonitor::examplesChanged, this, &RunView::updateExamples);
        connect(run, &RunMonitor::eventsAppended, this, &RunView::updateEvents);
        connect(run, &RunMonitor::configChanged, this, &RunView::updateConfig);
        connect(run, &RunMonitor::logAppended, this, [this](const QString &text) {
            QScrollBar *bar = m_log->verticalScrollBar();
            const bool atEnd = bar->value() == bar->maximum();
            m_log->moveCursor(QTextCursor::End);
            m_log->insertPlainText(text);
            if (atEnd)
                bar->setValue(bar->maximum());
        });
        m_log->setPlainText(run->logText().isEmpty() ? run->stderrText() : run->logText());
        m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
    }
    updateStatus();
    updateWarnings();
    updateExamples();
    updateEvents();
    updateConfig();
}

void RunView::updateStatus()
{
    if (!m_run) {
        m_title->setText(tr("No run selected"));
        m_status->setText(tr("Start a new run, or open a run folder (also one another machine writes to a shared folder)."));
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        m_progress->setFormat(QString());
        return;
    }
    const RunMonitor &run = *m_run;
    m_title->setText(tr("%1 \u2014 %2").arg(run.name(), QDir::toNativeSeparators(run.dir())));
    QString status = RunsModel::statusText(run);
    if (!run.status().host.isEmpty())
        status += tr(" (on %1)").arg(run.status().host);
    m_status->setText(status);
    m_status->setStyleSheet(run.state() == QLatin1String("failed") ? QStringLiteral("color: #b02020;") : QString());

    const qint64 max = run.maxSteps();
    const qint64 step = std::max<qint64>(0, std::max(run.snapshot().step, run.status().step));
    m_progress->setRange(0, int(std::max<qint64>(1, std::min<qint64>(max, INT_MAX))));
    m_progress->setValue(int(std::min<qint64>(step, std::max<qint64>(1, max))));
    m_progress->setFormat(progressText());
}

QString RunView::progressText() const
{
    if (!m_run)
        return QString();
    const RunMonitor &run = *m_run;
    const qint64 max = run.maxSteps();
    const qint64 step = std::max<qint64>(0, std::max(run.snapshot().step, run.status().step));
    QString text = max > 0 ? tr("step %1 of %2 (%3%)").arg(step).arg(max).arg(100.0 * double(step) / double(max), 0, 'f', 1)
                           : tr("step %1").arg(step);
    text += tr(" \u00b7 epoch %1").arg(run.snapshot().epoch, 0, 'f', 2);
    text += tr(" \u00b7 elapsed %1").arg(formatClock(run.elapsedSeconds()));
    const double eta = run.etaSeconds();
    if (eta >= 0)
        text += tr(" \u00b7 ETA %1").arg(formatClock(eta));
    text += tr(" \u00b7 %1 h of audio seen").arg(run.snapshot().audioHoursSeen, 0, 'f', 2);
    return text;
}

int RunView::progressValue() const
{
    return m_progress->value();
}

QString RunView::statusText() const
{
    return m_status->text();
}

void RunView::updateWarnings()
{
    m_warnings->clear();
    if (m_run)
        for (const RunWarning &w : m_run->warnings()) {
            auto *item = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxWarning),
                                             tr("Step %1: %2").arg(w.step).arg(w.message), m_warnings);
            item->setData(Qt::UserRole, int(w.kind));
        }
    m_warnings->setVisible(m_warnings->count() > 0);
}

QStringList RunView::warningTexts() const
{
    QStringList out;
    for (int i = 0; i < m_warnings->count(); ++i)
        out << m_warnings->item(i)->text();
    return out;
}

QString RunView::logText() const
{
    return m_log->toPlainText();
}

void RunView::updateExamples()
{
    if (!m_run || m_run->examples().isEmpty()) {
        m_examples->setHtml(tr("<p>No decoded examples yet: a recogniser's evaluations show some of the dev "
                               "utterances here, its output next to the reference.</p>"));
        return;
    }
    // Phones are space-separated tokens; anything else is compared character by character.
    bool byCharacter = true;
    const nlohmann::json cfg = nlohmann::json::parse(m_run->configJson().constBegin(), m_run->configJson().constEnd(),
                                                     nullptr, false);
    if (cfg.is_object() && cfg.contains("ctc") && cfg["ctc"].is_object())
        byCharacter = cfg["ctc"].value("unit", std::string("char")) != "phone";
    QString html = tr("<p>Evaluation at step %1. <span style=\"background-color:#ffd8a8\">substituted</span> "
                      "<span style=\"background-color:#ffc9c9;text-decoration:line-through\">missed</span> "
                      "<span style=\"background-color:#c3fac8\">inserted</span></p>")
                       .arg(m_run->examplesStep());
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"4\" border=\"1\" style=\"border-collapse:collapse\">");
    html += tr("<tr><th>Language</th><th>Reference / recognised</th><th>Errors</th></tr>");
    for (const DecodedExample &e : m_run->examples()) {
        QString ref;
        QString hyp;
        int errors = 0;
        int length = 0;
        diffHtml(e.reference, e.hypothesis, byCharacter, &ref, &hyp, &errors, &length);
        html += QStringLiteral("<tr><td rowspan=\"2\">%1</td><td>%2</td><td rowspan=\"2\" align=\"right\">%3</td></tr>"
                               "<tr><td>%4</td></tr>")
                    .arg(e.language.toHtmlEscaped(), ref,
                         length ? QStringLiteral("%1/%2 (%3%)").arg(errors).arg(length).arg(100.0 * errors / length, 0, 'f', 0)
                                : QString::number(errors),
                         hyp);
    }
    html += QStringLiteral("</table>");
    m_examples->setHtml(html);
}

QString RunView::examplesHtml() const
{
    return m_examples->toHtml();
}

void RunView::updateEvents()
{
    m_events->clear();
    if (!m_run)
        return;
    for (const RunEvent &e : m_run->events())
        new QListWidgetItem(tr("step %1 \u00b7 %2%3")
                                .arg(e.step)
                                .arg(e.event)
                                .arg(e.message.isEmpty() ? QString() : QStringLiteral(": ") + e.message),
                            m_events);
    m_events->scrollToBottom();
}

void RunView::updateConfig()
{
    m_config->setPlainText(m_run ? QString::fromUtf8(m_run->configJson()) : QString());
}

} // namespace fieldbench
