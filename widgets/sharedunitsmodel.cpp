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

} // namespace fieldbench
