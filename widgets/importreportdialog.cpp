#include "importreportdialog.h"

#include "convert.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace fieldbench {

ImportReportDialog::ImportReportDialog(const ImportSummary &summary, QWidget *parent)
    : QDialog(parent)
    , m_issues(new QStandardItemModel(0, 3, this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("importReportDialog"));
    setWindowTitle(summary.cancelled ? tr("Import Cancelled") : tr("Import Finished"));

    m_issues->setHorizontalHeaderLabels({tr("Severity"), tr("File"), tr("Problem")});
    const QIcon errorIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warningIcon = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const ImportIssue &issue : summary.issues) {
        const bool error = issue.severity == ImportIssue::Severity::Error;
        auto *severity = new QStandardItem(error ? errorIcon : warningIcon,
                                           error ? tr("Error") : tr("Warning"));
        auto *file = new QStandardItem(toQString(issue.file));
        file->setToolTip(toQString(issue.file));
        auto *message = new QStandardItem(toQString(issue.message));
        message->setToolTip(toQString(issue.message));
        for (QStandardItem *item : {severity, file, message})
            item->setEditable(false);
        m_issues->appendRow({severity, file, message});
    }

    m_view->setObjectName(QStringLiteral("issueView"));
    m_view->setModel(m_issues);
    m_view->sortByColumn(1, Qt::AscendingOrder); // by file
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setIconSize(QSize(16, 16));
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->resizeColumnsToContents();
    m_view->setColumnWidth(1, qMin(m_view->columnWidth(1), 320));

    auto *summaryLabel = new QLabel(summaryText(summary), this);
    summaryLabel->setObjectName(QStringLiteral("summary"));
    summaryLabel->setWordWrap(true);
    QFont bold = summaryLabel->font();
    bold.setBold(true);
    summaryLabel->setFont(bold);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy Problems"), QDialogButtonBox::ActionRole);
    copy->setEnabled(!summary.issues.empty());
    connect(copy, &QPushButton::clicked, this, [this] {
        QStringList lines;
        for (int row = 0; row < m_issues->rowCount(); ++row)
            lines << QStringLiteral("%1\t%2\t%3").arg(m_issues->item(row, 0)->text(),
                                                     m_issues->item(row, 1)->text(),
                                                     m_issues->item(row, 2)->text());
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);
    buttons->button(QDialogButtonBox::Close)->setFocus();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summaryLabel);
    if (summary.issues.empty()) {
        m_view->hide();
        layout->addWidget(new QLabel(tr("No problems were found."), this));
    } else {
        layout->addWidget(new QLabel(tr("These files had problems:"), this));
        layout->addWidget(m_view, 1);
    }
    layout->addWidget(buttons);
    resize(summary.issues.empty() ? QSize(420, 140) : QSize(860, 420));
}

ImportReportDialog::~ImportReportDialog() = default;

int ImportReportDialog::issueCount() const
{
    return m_issues->rowCount();
}

QString ImportReportDialog::summaryText(const ImportSummary &s)
{
    QString text = tr("%1 imported, %2 duplicates, %3 skipped, %4 failed")
                       .arg(s.imported)
                       .arg(s.duplicates)
                       .arg(s.skipped)
                       .arg(s.failed);
    if (s.segments > 0 || s.textDocuments > 0)
        text += tr(" (segments: %1, text documents: %2, audio: %3)")
                    .arg(s.segments)
                    .arg(s.textDocuments)
                    .arg(formatDuration(s.audioSeconds));
    if (s.cancelled)
        text += tr("; cancelled");
    return text;
}

} // namespace fieldbench
