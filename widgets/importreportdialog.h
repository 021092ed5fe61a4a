#pragma once

#include <QDialog>

#include "fieldbench/corpus/importer.h"

class QStandardItemModel;
class QTableView;

namespace fieldbench {

// The end of an import: the summary line ("N imported, N duplicates, N skipped, N failed")
// and a table of the files with problems (severity, file, message). Not modal.
class ImportReportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportReportDialog(const ImportSummary &summary, QWidget *parent = nullptr);
    ~ImportReportDialog() override;

    // "3 imported, 1 duplicates, 0 skipped, 2 failed" (+ segments, text documents,
    // cancelled).
    static QString summaryText(const ImportSummary &summary);

    QTableView *issueView() const { return m_view; }
    int issueCount() const;

private:
    QStandardItemModel *m_issues;
    QTableView *m_view;
};

} // namespace fieldbench
