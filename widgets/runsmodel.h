#pragma once

#include <QAbstractTableModel>
#include <QVector>

namespace fieldbench {

class RunMonitor;

// The runs panel: one row per followed run folder (name, objective, status with the failure
// reason, step, best dev metric, elapsed, ETA). Owns the RunMonitor of each row (children of
// the model). GUI thread only. Rows update as their monitors report, at most every 500 ms.
class RunsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ObjectiveColumn, StatusColumn, StepColumn, BestColumn, ElapsedColumn, EtaColumn, ColumnCount };
    enum Roles { DirRole = Qt::UserRole + 1, StateRole, ReasonRole };

    explicit RunsModel(QObject *parent = nullptr);
    ~RunsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Follows `dir` (adds a row) unless it is followed already; returns the row.
    int addRun(const QString &dir);
    void removeRun(int row);
    void clear();
    int rowOf(const QString &dir) const;
    RunMonitor *monitor(int row) const;
    // Poll interval of the monitors made from now on (tests use a short one).
    void setPollInterval(int ms) { m_pollMs = ms; }

    // "running", "failed: reason"... as the Status column shows it.
    static QString statusText(const RunMonitor &run);

private:
    void rowChanged(RunMonitor *run);

    QVector<RunMonitor *> m_runs;
    int m_pollMs = 250;
};

// Seconds as "2:05:09" (h:mm:ss) or "4:09" (m:ss).
QString formatClock(double seconds);

} // namespace fieldbench
