#include "transcriptionmodel.h"

#include "convert.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace fieldbench {

TranscriptionModel::TranscriptionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TranscriptionModel::setRows(std::vector<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int TranscriptionModel::rowOfSegment(qint64 segmentId) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].segmentId == segmentId)
            return int(i);
    return -1;
}

void TranscriptionModel::setResult(qint64 segmentId, const TranscribedSegment &result)
{
    const int r = rowOfSegment(segmentId);
    if (r < 0)
        return;
    Row &row = m_rows[std::size_t(r)];
    row.done = true;
    row.hypothesis = toQString(result.text);
    row.corrected = row.hypothesis;
    row.confidence = result.confidence;
    row.tokens = result.tokens;
    emit dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

int TranscriptionModel::changedCount() const
{
    int n = 0;
    for (const Row &r : m_rows)
        n += r.done && r.corrected != r.existing;
    return n;
}

int TranscriptionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TranscriptionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TranscriptionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case RecordingColumn: return r.recording;
        case StartColumn: return formatTime(r.start);
        case EndColumn: return formatTime(r.end);
        case TranscriptColumn: return r.done ? r.corrected : (role == Qt::EditRole ? QString() : tr("(waiting)"));
        case ConfidenceColumn: return r.done ? QString::number(r.confidence, 'f', 2) : QString();
        case ExistingColumn: return r.existing;
        }
    }
    if (role == Qt::ForegroundRole && index.column() == TranscriptColumn && !r.done)
        return QBrush(QColor(Qt::gray));
    if (role == Qt::FontRole && index.column() == TranscriptColumn && r.done && r.corrected != r.hypothesis) {
        QFont f;
        f.setItalic(true); // corrected by hand
        return f;
    }
    if (role == Qt::ToolTipRole && index.column() == TranscriptColumn && r.done)
        return tr("Model: %1").arg(r.hypothesis);
    return {};
}

bool TranscriptionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.column() != TranscriptColumn)
        return false;
    Row &r = m_rows[std::size_t(index.row())];
    if (!r.done)
        return false;
    r.corrected = value.toString().simplified();
    emit dataChanged(index, index);
    return true;
}

Qt::ItemFlags TranscriptionModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == TranscriptColumn && m_rows[std::size_t(index.row())].done)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant TranscriptionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RecordingColumn: return tr("Recording");
    case StartColumn: return tr("Start");
    case EndColumn: return tr("End");
    case TranscriptColumn: return tr("Transcript (editable)");
    case ConfidenceColumn: return tr("Confidence");
    case ExistingColumn: return tr("Saved now");
    }
    return {};
}

} // namespace fieldbench
