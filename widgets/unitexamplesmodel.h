#pragma once

#include <QAbstractTableModel>

#include "fieldbench/analysis/codebookanalysis.h"

#include <vector>

namespace fieldbench {

// The example stretches of one shared unit: one row per (language, stretch) with the
// segment and the times in its recording. Read-only; GUI thread.
class UnitExamplesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { LanguageColumn, SegmentColumn, StartColumn, LengthColumn, ColumnCount };

    explicit UnitExamplesModel(QObject *parent = nullptr);

    // `unit` must outlive the model's use of it (it points into the page's report).
    void setUnit(const SharedUnit *unit);
    struct Row
    {
        QString language;
        UnitExample example;
    };
    const Row *row(int r) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
};

} // namespace fieldbench
