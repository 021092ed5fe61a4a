#pragma once

#include <QAbstractTableModel>

#include "fieldbench/analysis/codebookanalysis.h"

#include <memory>

namespace fieldbench {

// The shared units of a codebook report: one row per codeword used by several languages
// (codeword, its per-group indices, how many languages use it, which, mean share of
// frames). Read-only; GUI thread.
class SharedUnitsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { CodewordColumn, LanguageCountColumn, LanguagesColumn, FrequencyColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit SharedUnitsModel(QObject *parent = nullptr);

    void setReport(std::shared_ptr<const CodebookReport> report);
    const SharedUnit *unit(int row) const; // null outside the rows

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const CodebookReport> m_report;
};

// "12-87": the per-group indices of a codeword.
QString codewordName(const std::vector<int> &indices);

} // namespace fieldbench
