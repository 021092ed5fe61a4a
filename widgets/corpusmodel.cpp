#include "corpusmodel.h"

#include "convert.h"

#include "fieldbench/corpus/project.h"

#include <QHash>

namespace fieldbench {

CorpusModel::CorpusModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

CorpusModel::~CorpusModel() = default;

void CorpusModel::reload(const Project &project)
{
    // Read everything first so that a throwing Project leaves the model as it was.
    QStringList tiers;
    for (const std::string &tier : project.tiers())
        tiers << toQString(tier);
    // The orthographic tier reads best first; the rest keep the catalog's order.
    if (const int text = int(tiers.indexOf(QStringLiteral("text"))); text > 0)
        tiers.move(text, 0);
    QHash<QString, int> tierIndex;
    for (int i = 0; i < tiers.size(); ++i)
        tierIndex.insert(tiers[i], i);

    const std::vector<SegmentRow> source = project.segmentRows();
    std::vector<Row> rows;
    rows.reserve(source.size());
    for (const SegmentRow &s : source) {
        Row r;
        r.segmentId = s.segmentId;
        r.recordingId = s.recordingId;
        r.recording = toQString(s.recordingName);
        r.audioFile = toQString(project.absolute(s.audioFile));
        r.languageCode = toQString(s.languageCode);
        r.languageName = toQString(s.languageName);
        r.speaker = toQString(s.speaker);
        r.start = s.start;
        r.end = s.end;
        for (int i = 0; i < tiers.size(); ++i)
            r.texts << QString();
        for (const Transcript &t : s.transcripts) {
            const QString tier = toQString(t.tier);
            auto it = tierIndex.constFind(tier);
            if (it == tierIndex.constEnd()) {
                // A tier that tiers() did not report; give it a column rather than lose it.
                it = tierIndex.insert(tier, int(tiers.size()));
                tiers << tier;
                for (Row &earlier : rows)
                    earlier.texts << QString();
                r.texts << QString();
            }
            QString &cell = r.texts[*it];
            cell = cell.isEmpty() ? toQString(t.text) : cell + QLatin1Char(' ') + toQString(t.text);
        }
        QStringList parts{r.recording, r.languageCode, r.languageName, r.speaker};
        parts += r.texts;
        r.filterText = parts.join(QLatin1Char('\n')).toCaseFolded();
        rows.push_back(std::move(r));
    }

    beginResetModel();
    m_rows = std::move(rows);
    m_tiers = tiers;
    endResetModel();
}

void CorpusModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_tiers.clear();
    endResetModel();
}

int CorpusModel::tierColumn(const QString &tier) const
{
    const int i = int(m_tiers.indexOf(tier));
    return i < 0 ? -1 : FirstTierColumn + i;
}

int CorpusModel::rowOfSegment(qint64 segmentId) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].segmentId == segmentId)
            return int(i);
    return -1;
}

int CorpusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CorpusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstTierColumn + int(m_tiers.size());
}

QVariant CorpusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (column) {
        case RecordingColumn: return r.recording;
        case LanguageColumn: return r.languageName.isEmpty() ? r.languageCode : r.languageName;
        case SpeakerColumn: return r.speaker;
        case StartColumn: return formatTime(r.start);
        case DurationColumn: return QString::number(r.end - r.start, 'f', 2);
        default: return r.texts.value(column - FirstTierColumn);
        }
    case SortRole:
        switch (column) {
        case RecordingColumn: return r.recording;
        case LanguageColumn: return r.languageName.isEmpty() ? r.languageCode : r.languageName;
        case SpeakerColumn: return r.speaker;
        case StartColumn: return r.start;
        case DurationColumn: return r.end - r.start;
        default: return r.texts.value(column - FirstTierColumn);
        }
    case Qt::ToolTipRole:
        switch (column) {
        case RecordingColumn: return r.audioFile;
        case LanguageColumn: return QStringLiteral("%1 (%2)").arg(r.languageName, r.languageCode);
        case StartColumn:
        case DurationColumn:
            return tr("%1 s to %2 s").arg(r.start, 0, 'f', 3).arg(r.end, 0, 'f', 3);
        default: {
            const QString text = r.texts.value(column - FirstTierColumn);
            return text.isEmpty() ? QVariant() : QVariant(text);
        }
        }
    case Qt::TextAlignmentRole:
        if (column == StartColumn || column == DurationColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FilterRole: return r.filterText;
    case SegmentIdRole: return r.segmentId;
    case RecordingIdRole: return r.recordingId;
    case LanguageCodeRole: return r.languageCode;
    case AudioFileRole: return r.audioFile;
    case StartRole: return r.start;
    case EndRole: return r.end;
    default: return {};
    }
}

QVariant CorpusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case RecordingColumn: return tr("Recording");
        case LanguageColumn: return tr("Language");
        case SpeakerColumn: return tr("Speaker");
        case StartColumn: return tr("Start");
        case DurationColumn: return tr("Duration (s)");
        default: return m_tiers.value(section - FirstTierColumn);
        }
    }
    if (role == Qt::ToolTipRole && section >= FirstTierColumn)
        return tr("Transcript tier \"%1\"").arg(m_tiers.value(section - FirstTierColumn));
    if (role == Qt::TextAlignmentRole && (section == StartColumn || section == DurationColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace fieldbench
