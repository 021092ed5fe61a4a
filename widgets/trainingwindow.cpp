#include "trainingwindow.h"

#include "convert.h"
#include "newrundialog.h"
#include "runcontroller.h"
#include "runmonitor.h"
#include "runplot.h"
#include "runsmodel.h"
#include "runview.h"

#include "fieldbench/train/trainconfig.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>

#include <algorithm>

namespace fieldbench {

TrainingWindow::TrainingWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new RunsModel(this))
    , m_controller(new RunController(m_model, this))
    , m_table(new QTableView(this))
    , m_topPlot(new RunPlot(this))
    , m_bottomPlot(new RunPlot(this))
    , m_view(new RunView(this))
{
    setObjectName(QStringLiteral("trainingWindow"));
    setWindowTitle(tr("Training \u2014 Fieldbench"));

    m_table->setObjectName(QStringLiteral("runsView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Few rows: every column fits its contents (step, best dev metric and ETA change live).
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Select several runs (Ctrl/Shift) to overlay their curves."));
    m_table->setWordWrap(false);

    m_topPlot->setObjectName(QStringLiteral("topPlot"));
    m_bottomPlot->setObjectName(QStringLiteral("bottomPlot"));
    m_topPlot->setGroup(QStringLiteral("loss"));
    m_bottomPlot->setGroup(QStringLiteral("perplexity"));
    m_bottomPlot->setLogScale(false);

    auto *plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(m_topPlot);
    plots->addWidget(m_bottomPlot);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(plots);
    right->addWidget(m_view);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    auto *left = new QSplitter(Qt::Horizontal, this);
    left->addWidget(m_table);
    left->addWidget(right);
    left->setStretchFactor(0, 2);
    left->setStretchFactor(1, 5);
    // Stretch factors only share out space beyond the plots' large size hints: without
    // explicit sizes the runs panel shrank to a sliver that cut its Status column.
    m_table->setMinimumWidth(260);
    left->setSizes({440, 1060});
    setCentralWidget(left);

    createActions();
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TrainingWindow::onSelectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TrainingWindow::onSelectionChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TrainingWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TrainingWindow::onSelectionChanged);
    connect(m_controller, &RunController::runStarted, this, [this](int row) { selectRuns({row}); });
    // A new run of a recogniser: show its dev error rates below the loss.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (RunMonitor *run = currentRun())
            if (run->objective() == QLatin1String("ctc") && m_bottomPlot->group() == QLatin1String("perplexity"))
                m_bottomPlot->setGroup(QStringLiteral("dev_error"));
    });

    resize(1500, 950);
    updateActions();
}

TrainingWindow::~TrainingWindow() = default;

NewRunDialog *TrainingWindow::newRunDialog() const
{
    return m_dialog;
}

void TrainingWindow::createActions()
{
    QToolBar *bar = addToolBar(tr("Runs"));
    bar->setObjectName(QStringLiteral("runsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_newAction = bar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("New Run\u2026"), this,
                                 [this] { newRun(); });
    m_newAction->setShortcut(QKeySequence::New);
    m_openAction = bar->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open Run Folder\u2026"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"), m_controller->runsDir());
        if (!dir.isEmpty())
            openRunFolder(dir);
    });
    bar->addSeparator();
    m_stopAction = bar->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"), this, &TrainingWindow::stopCurrent);
    m_stopAction->setToolTip(tr("Save a checkpoint and stop; Resume continues from it"));
    m_resumeAction = bar->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Resume"), this,
                                    &TrainingWindow::resumeCurrent);
    m_duplicateAction = bar->addAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("Duplicate\u2026"), this,
                                       [this] {
                                           if (RunMonitor *run = currentRun())
                                               newRun(run);
                                       });
    m_duplicateAction->setToolTip(tr("A new run with this run's settings, to change some of them"));
    m_deleteAction = bar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("Delete\u2026"), this,
                                    [this] { deleteCurrent(true); });
}

void TrainingWindow::setProjectDir(const QString &dir)
{
    if (dir == m_controller->projectDir())
        return;
    m_model->clear();
    m_controller->setProjectDir(dir);
    m_controller->scanProjectRuns();
    if (m_model->rowCount() > 0)
        selectRuns({m_model->rowCount() - 1});
    updateActions();
}

QString TrainingWindow::projectDir() const
{
    return m_controller->projectDir();
}

void TrainingWindow::selectRuns(const QList<int> &rows)
{
    QItemSelectionModel *sel = m_table->selectionModel();
    sel->clearSelection();
    for (int row : rows)
        sel->select(m_model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    if (!rows.isEmpty())
        sel->setCurrentIndex(m_model->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
    onSelectionChanged();
}

int TrainingWindow::currentRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), {}))
        return current.row();
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

RunMonitor *TrainingWindow::currentRun() const
{
    return m_model->monitor(currentRow());
}

void TrainingWindow::onSelectionChanged()
{
    QList<RunMonitor *> runs;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &i : rows)
        runs << m_model->monitor(i.row());
    if (runs != m_topPlot->runs()) {
        m_topPlot->setRuns(runs);
        m_bottomPlot->setRuns(runs);
    }
    RunMonitor *current = currentRun();
    if (current != m_view->run())
        m_view->setRun(current);
    if (current && current->objective() == QLatin1String("ctc") && m_bottomPlot->group() == QLatin1String("perplexity"))
        m_bottomPlot->setGroup(QStringLiteral("dev_error"));
    updateActions();
}

void TrainingWindow::updateActions()
{
    RunMonitor *run = currentRun();
    const bool active = run && run->isActive();
    m_newAction->setEnabled(!m_controller->projectDir().isEmpty());
    m_stopAction->setEnabled(run && active && run->state() != QLatin1String("stopping"));
    m_resumeAction->setEnabled(run && !active && run->state() != QLatin1String("finished") && !run->configJson().isEmpty());
    m_duplicateAction->setEnabled(run && !run->configJson().isEmpty() && !m_controller->projectDir().isEmpty());
    m_deleteAction->setEnabled(run && !active);
}

NewRunDialog *TrainingWindow::newRun(RunMonitor *from)
{
    if (m_controller->projectDir().isEmpty()) {
        showError(tr("New Run"), tr("Open a project first: a run trains on a project's recordings."));
        return nullptr;
    }
    if (m_dialog)
        m_dialog->reject();
    auto *dialog = new NewRunDialog(m_controller->projectDir(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCliPath(m_controller->cliPath());
    if (from) {
        try {
            TrainConfig config = TrainConfig::fromJson(from->configJson().toStdString(),
                                                       (from->dir() + QStringLiteral("/config.json")).toStdString());
            dialog->setConfig(config);
            dialog->setRunName(m_controller->uniqueRunName(from->name()));
            dialog->setWindowTitle(tr("Duplicate %1 with Changes").arg(from->name()));
        } catch (const std::exception &e) {
            delete dialog;
            showError(tr("Duplicate Run"), QString::fromUtf8(e.what()));
            return nullptr;
        }
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString error;
        int row = -1;
        try {
            row = m_controller->startRun(dialog->config(), dialog->runName(), &error);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (row < 0)
            showError(tr("New Run"), error);
        else
            statusBar()->showMessage(tr("Started %1").arg(dialog->runName()), 8000);
    });
    m_dialog = dialog;
    dialog->open();
    return dialog;
}

bool TrainingWindow::stopCurrent()
{
    QString error;
    if (!m_controller->stopRun(currentRow(), &error)) {
        if (!error.isEmpty())
            showError(tr("Stop"), error);
        return false;
    }
    statusBar()->showMessage(tr("Asked the trainer to save a checkpoint and stop."), 8000);
    updateActions();
    return true;
}

bool TrainingWindow::resumeCurrent()
{
    QString error;
    if (!m_controller->resumeRun(currentRow(), &error)) {
        if (!error.isEmpty())
            showError(tr("Resume"), error);
        return false;
    }
    updateActions();
    return true;
}

bool TrainingWindow::deleteCurrent(bool confirm)
{
    RunMonitor *run = currentRun();
    if (!run)
        return false;
    if (confirm) {
        const auto answer = QMessageBox::question(
            this, tr("Delete Run"),
            tr("Delete the run \"%1\" and every checkpoint in\n%2?\n\nThis cannot be undone.")
                .arg(run->name(), QDir::toNativeSeparators(run->dir())),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
    }
    QString error;
    if (!m_controller->deleteRun(currentRow(), &error)) {
        showError(tr("Delete Run"), error);
        return false;
    }
    return true;
}

int TrainingWindow::openRunFolder(const QString &dir)
{
    QString error;
    const int row = m_controller->openRun(dir, &error);
    if (row < 0) {
        showError(tr("Open Run Folder"), error);
        return -1;
    }
    selectRuns({row});
    return row;
}

void TrainingWindow::showError(const QString &title, const QString &text)
{
    statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), 8000);
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace fieldbench
