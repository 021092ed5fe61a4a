#include "unitexamplesmodel.h"

#include "convert.h"

namespace fieldbench {

UnitExamplesModel::UnitExamplesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void UnitExamplesModel::setUnit(const SharedUnit *unit)
{
    beginResetModel();
    m_rows.clear();
    if (unit)
        for (const auto &[code, list] : unit->examples)
            for (const UnitExample &e : list)
                m_rows.push_back({toQString(code), e});
    endResetModel();
}

const UnitExamplesModel::Row *UnitExamplesModel::row(int r) const
{
    return r >= 0 && r < int(m_rows.size()) ? &m_rows[std::size_t(r)] : nullptr;
}

int UnitExamplesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UnitExamplesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UnitExamplesModel::data(const QModelIndex &index, int role) const
{
    const Row *r = row(index.row());
    if (!r)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case LanguageColumn: return r->language;
        case SegmentColumn: return qlonglong(r->example.segmentId);
        case StartColumn: return formatTime(r->example.start);
        case LengthColumn: return QStringLiteral("%1 ms").arg(qRound(1000 * (r->example.end - r->example.start)));
        }
    } else if (role == Qt::ToolTipRole) {
        return tr("%1, %2 s to %3 s; double-click to play it with a little context")
            .arg(toQString(r->example.audioFile))
            .arg(r->example.start, 0, 'f', 3)
            .arg(r->example.end, 0, 'f', 3);
    }
    return {};
}

QVariant UnitExamplesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LanguageColumn: return tr("Language");
    case SegmentColumn: return tr("Segment");
    case StartColumn: return tr("At");
    case LengthColumn: return tr("Held for");
    }
    return {};
}

} // namespace fieldbench
