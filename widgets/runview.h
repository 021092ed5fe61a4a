#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;
class QTextBrowser;

namespace fieldbench {

class RunMonitor;

// The followed run's state below the plots: status line (failed runs say why), a progress
// bar with ETA and audio hours seen, the practitioner warnings, and tabs with the log, the
// decoded examples of the latest evaluation next to their references (differences
// highlighted by an edit-distance alignment), the events and the config. GUI thread only.
class RunView : public QWidget
{
    Q_OBJECT

public:
    explicit RunView(QWidget *parent = nullptr);

    void setRun(RunMonitor *run);
    RunMonitor *run() const { return m_run; }

    QString statusText() const;
    QString progressText() const;
    int progressValue() const;
    QStringList warningTexts() const;
    QString logText() const;
    QString examplesHtml() const;

private:
    void updateStatus();
    void updateWarnings();
    void updateExamples();
    void updateEvents();
    void updateConfig();

    QPointer<RunMonitor> m_run;
    QLabel *m_title;
    QLabel *m_status;
    QProgressBar *m_progress;
    QListWidget *m_warnings;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_log;
    QTextBrowser *m_examples;
    QListWidget *m_events;
    QPlainTextEdit *m_config;
};

} // namespace fieldbench
