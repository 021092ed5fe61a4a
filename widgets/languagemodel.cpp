#include "languagemodel.h"

#include "convert.h"

#include "fieldbench/corpus/project.h"

namespace fieldbench {

LanguageModel::LanguageModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

LanguageModel::~LanguageModel() = default;

void LanguageModel::reload(const Project &project)
{
    std::vector<LanguageStats> stats = project.stats().languages;
    beginResetModel();
    m_stats = std::move(stats);
    endResetModel();
}

void LanguageModel::clear()
{
    beginResetModel();
    m_stats.clear();
    endResetModel();
}

int LanguageModel::rowOfCode(const QString &code) const
{
    const std::string c = code.toStdString();
    for (std::size_t i = 0; i < m_stats.size(); ++i)
        if (m_stats[i].language.code == c)
            return int(i);
    return -1;
}

int LanguageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_stats.size());
}

int LanguageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LanguageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LanguageStats &s = m_stats[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CodeColumn: return toQString(s.language.code);
        case NameColumn: return toQString(s.language.name);
        case AudioColumn: return formatHours(s.audioSeconds);
        case SegmentsColumn: return QString::number(s.segments);
        case SpeakersColumn: return QString::number(s.speakers);
        case SentencesColumn: return QString::number(s.textSentences);
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case CodeColumn: return toQString(s.language.code);
        case NameColumn: return toQString(s.language.name);
        case AudioColumn: return s.audioSeconds;
        case SegmentsColumn: return qint64(s.segments);
        case SpeakersColumn: return qint64(s.speakers);
        case SentencesColumn: return qint64(s.textSentences);
        }
        return {};
    case Qt::ToolTipRole:
        return tr("%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, "
                  "%7 speakers, %8 text documents with %9 words")
            .arg(toQString(s.language.name), toQString(s.language.code))
            .arg(s.recordings)
            .arg(s.audioSeconds / 3600.0, 0, 'f', 2)
            .arg(s.transcribedSegments)
            .arg(s.segments)
            .arg(s.speakers)
            .arg(s.textDocuments)
            .arg(s.textWords);
    case Qt::TextAlignmentRole:
        if (index.column() >= AudioColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case CodeRole: return toQString(s.language.code);
    default: return {};
    }
}

QVariant LanguageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case CodeColumn: return tr("Code");
        case NameColumn: return tr("Language");
        case AudioColumn: return tr("Audio");
        case SegmentsColumn: return tr("Segments");
        case SpeakersColumn: return tr("Speakers");
        case SentencesColumn: return tr("Sentences");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CodeColumn: return tr("ISO 639-3 code");
        case AudioColumn: return tr("Hours:minutes:seconds of recorded audio");
        case SentencesColumn: return tr("Sentences of imported text documents");
        }
    }
    if (role == Qt::TextAlignmentRole && section >= AudioColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace fieldbench
