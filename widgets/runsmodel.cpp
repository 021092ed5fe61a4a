#include "runsmodel.h"

#include "runmonitor.h"

#include <QBrush>
#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

#include <cmath>

namespace fieldbench {

QString formatClock(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return QString();
    const qint64 total = qint64(seconds + 0.5);
    if (total >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(total / 3600)
            .arg((total / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(total % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

RunsModel::RunsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

RunsModel::~RunsModel() = default;

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsModel::statusText(const RunMonitor &run)
{
    const QString state = run.state();
    QString text;
    if (state == QLatin1String("running"))
        text = tr("running");
    else if (state == QLatin1String("starting"))
        text = tr("starting");
    else if (state == QLatin1String("stopping"))
        text = tr("stopping");
    else if (state == QLatin1String("stopped"))
        text = tr("stopped");
    else if (state == QLatin1String("finished"))
        text = tr("finished");
    else if (state == QLatin1String("failed"))
        text = tr("failed");
    else if (state.isEmpty())
        text = tr("not started");
    else
        text = state;
    if (!run.reason().isEmpty() && (state == QLatin1String("failed") || state == QLatin1String("stopped")))
        text = tr("%1: %2").arg(text, run.reason());
    return text;
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const RunMonitor &run = *m_runs[index.row()];
    if (role == DirRole)
        return run.dir();
    if (role == StateRole)
        return run.state();
    if (role == ReasonRole)
        return run.reason();
    if (role == Qt::ToolTipRole) {
        if (index.column() == StatusColumn)
            return statusText(run);
        return QDir::toNativeSeparators(run.dir());
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && run.state() == QLatin1String("failed"))
        return QBrush(QColor(0xc0, 0x1c, 0x28));
    if (role == Qt::TextAlignmentRole && index.column() >= StepColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return run.name();
    case ObjectiveColumn:
        return run.objective();
    case StatusColumn:
        return statusText(run);
    case StepColumn: {
        const qint64 step = std::max(run.snapshot().step, run.status().step);
        if (step < 0)
            return QString();
        const qint64 max = run.maxSteps();
        return max > 0 ? tr("%1 / %2").arg(step).arg(max) : QString::number(step);
    }
    case BestColumn: {
        QString name;
        const double best = run.bestDevMetric(&name);
        if (std::isnan(best))
            return QString();
        // "PER 0.1234" for the error rates; "contrastive accuracy 0.0264" for longer names.
        const QString shown = name.size() <= 3 ? name.toUpper() : QString(name).replace(QLatin1Char('_'), QLatin1Char(' '));
        return tr("%1 %2").arg(shown).arg(best, 0, 'f', 4);
    }
    case ElapsedColumn:
        return formatClock(run.elapsedSeconds());
    case EtaColumn:
        return formatClock(run.etaSeconds());
    }
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Run");
    case ObjectiveColumn:
        return tr("Objective");
    case StatusColumn:
        return tr("Status");
    case StepColumn:
        return tr("Step");
    case BestColumn:
        return tr("Best dev");
    case ElapsedColumn:
        return tr("Elapsed");
    case EtaColumn:
        return tr("ETA");
    }
    return {};
}

int RunsModel::rowOf(const QString &dir) const
{
    const QString clean = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    for (int i = 0; i < m_runs.size(); ++i)
        if (m_runs[i]->dir() == clean)
            return i;
    return -1;
}

int RunsModel::addRun(const QString &dir)
{
    const int existing = rowOf(dir);
    if (existing >= 0)
        return existing;
    const int row = int(m_runs.size());
    beginInsertRows({}, row, row);
    auto *run = new RunMonitor(dir, this, {}, m_pollMs);
    m_runs.push_back(run);
    endInsertRows();
    // Status changes are rare; appended() comes with every chunk: coalesce row updates.
    auto *pending = new QTimer(run);
    pending->setSingleShot(true);
    pending->setInterval(500);
    connect(pending, &QTimer::timeout, this, [this, run] { rowChanged(run); });
    connect(run, &RunMonitor::statusChanged, this, [this, run] { rowChanged(run); });
    connect(run, &RunMonitor::configChanged, this, [this, run] { rowChanged(run); });
    connect(run, &RunMonitor::appended, pending, [pending] {
        if (!pending->isActive())
            pending->start();
    });
    return row;
}

void RunsModel::rowChanged(RunMonitor *run)
{
    const int row = int(m_runs.indexOf(run));
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RunsModel::removeRun(int row)
{
    if (row < 0 || row >= m_runs.size())
        return;
    beginRemoveRows({}, row, row);
    RunMonitor *run = m_runs.takeAt(row);
    endRemoveRows();
    delete run;
}

void RunsModel::clear()
{
    beginResetModel();
    qDeleteAll(m_runs);
    m_runs.clear();
    endResetModel();
}

RunMonitor *RunsModel::monitor(int row) const
{
    return row >= 0 && row < m_runs.size() ? m_runs[row] : nullptr;
}

} // namespace fieldbench
