#include "corpusbrowser.h"

#include "convert.h"
#include "corpusfilterproxy.h"
#include "corpusmodel.h"

#include "fieldbench/corpus/project.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace fieldbench {

CorpusBrowser::CorpusBrowser(QWidget *parent)
    : QWidget(parent)
    , m_model(new CorpusModel(this))
    , m_proxy(new CorpusFilterProxy(this))
    , m_filter(new QLineEdit(this))
    , m_language(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("corpusBrowser"));
    m_proxy->setSourceModel(m_model);

    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter by recording, speaker or transcript\u2026"));
    m_filter->setClearButtonEnabled(true);
    // Files dropped here go to the main window (import), not into the text.
    m_filter->setAcceptDrops(false);
    m_language->setObjectName(QStringLiteral("languageFilter"));
    m_language->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_language->addItem(tr("All languages"), QString());
    m_count->setObjectName(QStringLiteral("count"));

    m_view->setObjectName(QStringLiteral("corpusView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    // By recording; the segments of a recording keep the catalog's order (by start time)
    // because the proxy's sort is stable.
    m_view->sortByColumn(CorpusModel::RecordingColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several rows at once (Training > Transcribe Selected Segments); the current row is what
    // the details pane shows.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setAcceptDrops(false);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_language);
    bar->addWidget(m_count);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &CorpusBrowser::setTextFilter);
    connect(m_language, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int index) { m_proxy->setLanguage(m_language->itemData(index).toString()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CorpusBrowser::onCurrentChanged);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &CorpusBrowser::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &CorpusBrowser::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CorpusBrowser::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &CorpusBrowser::updateCount);
    updateCount();
}

CorpusBrowser::~CorpusBrowser() = default;

void CorpusBrowser::reload(const Project &project)
{
    const qint64 selected = currentSegmentId();
    const QString language = languageFilter();
    const std::vector<Language> languages = project.languages();
    m_model->reload(project);

    {
        const QSignalBlocker blocker(m_language);
        m_language->clear();
        m_language->addItem(tr("All languages"), QString());
        for (const Language &l : languages)
            m_language->addItem(QStringLiteral("%1 (%2)").arg(toQString(l.name), toQString(l.code)),
                                toQString(l.code));
        const int index = m_language->findData(language);
        m_language->setCurrentIndex(index < 0 ? 0 : index);
    }
    m_proxy->setLanguage(m_language->currentData().toString());

    if (!m_fitted && m_model->rowCount() > 0) {
        fitColumns();
        m_fitted = true;
    }
    if (!(selected && selectSegment(selected)) && m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(0, 0));
    updateCount();
}

void CorpusBrowser::clear()
{
    m_model->clear();
    const QSignalBlocker blocker(m_language);
    m_language->clear();
    m_language->addItem(tr("All languages"), QString());
    m_proxy->setLanguage(QString());
    m_fitted = false;
    updateCount();
}

void CorpusBrowser::setLanguageFilter(const QString &code)
{
    const int index = m_language->findData(code);
    m_language->setCurrentIndex(index < 0 ? 0 : index); // updates the proxy
}

QString CorpusBrowser::languageFilter() const
{
    return m_language->currentData().toString();
}

void CorpusBrowser::setTextFilter(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text); // comes back here through textChanged
    m_proxy->setText(text);
}

qint64 CorpusBrowser::currentSegmentId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(CorpusModel::SegmentIdRole).toLongLong() : 0;
}

bool CorpusBrowser::selectSegment(qint64 segmentId)
{
    const int sourceRow = m_model->rowOfSegment(segmentId);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

void CorpusBrowser::onCurrentChanged()
{
    const QModelIndex current = m_view->currentIndex();
    emit currentRowChanged(current.isValid() ? m_proxy->mapToSource(current).row() : -1);
}

void CorpusBrowser::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("Segments: %1").arg(total)
                                    : tr("Segments: %1 of %2").arg(shown).arg(total));
}

void CorpusBrowser::fitColumns()
{
    // Size the descriptive columns to their contents (sampling at most 500 rows), within
    // bounds; the transcript columns share what is left, the last one stretching.
    QHeaderView *header = m_view->horizontalHeader();
    header->setResizeContentsPrecision(500);
    const int fixedColumns = CorpusModel::FirstTierColumn;
    int used = 0;
    for (int column = 0; column < fixedColumns; ++column) {
        m_view->resizeColumnToContents(column);
        const int width = qBound(60, m_view->columnWidth(column) + 12, 260);
        m_view->setColumnWidth(column, width);
        used += width;
    }
    const int tiers = m_model->columnCount() - fixedColumns;
    if (tiers > 1) {
        const int available = qMax(600, m_view->viewport()->width()) - used;
        for (int column = fixedColumns; column < m_model->columnCount() - 1; ++column)
            m_view->setColumnWidth(column, qMax(160, available / tiers));
    }
}

} // namespace fieldbench
