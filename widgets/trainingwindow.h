#pragma once

#include <QMainWindow>
#include <QPointer>

class QAction;
class QTableView;

namespace fieldbench {

class NewRunDialog;
class RunController;
class RunMonitor;
class RunPlot;
class RunView;
class RunsModel;

// Training: the runs panel (RunsModel in a table), two live plots of the selected runs
// (several selected runs are overlaid), and the current run's progress, warnings, log and
// decoded examples. Actions: New Run, Open Run Folder, Stop, Resume, Duplicate with Changes,
// Delete. Opened from the main window's Training menu; follows <project>/runs when a
// project is set, and any other run folder opened. Closing it (or the application) leaves
// the trainers running; reopening reattaches through the run folders.
class TrainingWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit TrainingWindow(QWidget *parent = nullptr);
    ~TrainingWindow() override;

    // Follows the runs of this project (empty: none); new runs go to <project>/runs.
    void setProjectDir(const QString &dir);
    QString projectDir() const;

    RunsModel *model() const { return m_model; }
    RunController *controller() const { return m_controller; }
    RunPlot *plot(int i) const { return i == 0 ? m_topPlot : m_bottomPlot; }
    RunView *runView() const { return m_view; }
    QTableView *runsView() const { return m_table; }

    // Selects rows (the first is the current run; all are plotted).
    void selectRuns(const QList<int> &rows);
    RunMonitor *currentRun() const;
    int currentRow() const;

    // Opens the New run dialog (non-modal); `from` pre-fills it from a run's config
    // (duplicate with changes). Returns the dialog (deleted on close).
    NewRunDialog *newRun(RunMonitor *from = nullptr);
    NewRunDialog *newRunDialog() const;

    // Actions on the current run; interactive ones ask (delete) or report errors in a box.
    bool stopCurrent();
    bool resumeCurrent();
    bool deleteCurrent(bool confirm = true);
    int openRunFolder(const QString &dir);

private:
    void createActions();
    void onSelectionChanged();
    void updateActions();
    void showError(const QString &title, const QString &text);

    RunsModel *m_model;
    RunController *m_controller;
    QTableView *m_table;
    RunPlot *m_topPlot;
    RunPlot *m_bottomPlot;
    RunView *m_view;
    QPointer<NewRunDialog> m_dialog;

    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_resumeAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_deleteAction = nullptr;
};

} // namespace fieldbench
