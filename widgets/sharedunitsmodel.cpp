#include "sharedunitsmodel.h"

#include "convert.h"

namespace fieldbench {

QString codewordName(const std::vector<int> &indices)
{
    QStringList parts;
    for (int i : indices)
        parts << QString::number(i);
    return parts.join(QLatin1Char('-'));
}

SharedUnitsModel::SharedUnitsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SharedUnitsModel::setReport(std::shared_ptr<const CodebookReport> report)
{
    beginResetModel();
    m_report = std::move(report);
    endResetModel();
}

const SharedUnit *SharedUnitsModel::unit(int row) const
{
    if (!m_report || row < 0 || row >= int(m_report->sharedUnits.size()))
        return nullptr;
    return &m_report->sharedUnits[std::size_t(row)];
}

int SharedUnitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_report ? 0 : int(m_report->sharedUnits.size());
}

int SharedUnitsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SharedUnitsModel::data(const QModelIndex &index, int role) const
{
    const SharedUnit *u = unit(index.row());
    if (!u)
        return {};
    double mean = 0;
    for (const auto &kv : u->frequency)
        mean += kv.second;
    mean = u->languages.empty() ? 0.0 : mean / double(u->languages.size());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case CodewordColumn: return codewordName(u->indices);
        case LanguageCountColumn: return QStringLiteral("%1 / %2").arg(u->languages.size()).arg(m_report->languages.size());
        case LanguagesColumn: {
            QStringList codes;
            for (const auto &c : u->languages)
                codes << toQString(c);
            return codes.join(QLatin1Char(' '));
        }
        case FrequencyColumn: return QStringLiteral("%1 %").arg(100.0 * mean, 0, 'f', 2);
        }
    } else if (role == SortRole) {
        switch (index.column()) {
        case CodewordColumn: return qulonglong(u->code);
        case LanguageCountColumn: return int(u->languages.size());
        case LanguagesColumn: return data(index, Qt::DisplayRole);
        case FrequencyColumn: return mean;
        }
    } else if (role == Qt::ToolTipRole && index.column() == CodewordColumn) {
        return tr("Joint codeword %1 (one index per codebook group)").arg(qulonglong(u->code));
    } else if (role == Qt::TextAlignmentRole && index.column() != LanguagesColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant SharedUnitsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CodewordColumn: return tr("Codeword");
    case LanguageCountColumn: return tr("Languages");
    case LanguagesColumn: return tr("Used by");
    case FrequencyColumn: return tr("Mean share of frames");
    }
    return {};
}

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
