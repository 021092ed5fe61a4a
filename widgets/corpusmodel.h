#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace fieldbench {

class Project;
struct SegmentRow;

// The segments of a project as a table: recording, language, speaker, start, duration and
// one column per transcript tier. A snapshot of Project::segmentRows(), refreshed by
// reload(); GUI thread only.
class CorpusModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        RecordingColumn,
        LanguageColumn,
        SpeakerColumn,
        StartColumn,
        DurationColumn,
        FirstTierColumn // one column per tier from here on: "text" first, then Project::tiers() order
    };

    enum Role {
        SortRole = Qt::UserRole + 1, // raw value: QString or double (seconds)
        FilterRole,                  // on any column: all searchable text of the row
        SegmentIdRole,               // qint64
        RecordingIdRole,             // qint64
        LanguageCodeRole,            // ISO 639-3
        AudioFileRole,               // absolute path of the project FLAC
        StartRole,                   // seconds
        EndRole                      // seconds
    };

    struct Row
    {
        qint64 segmentId = 0;
        qint64 recordingId = 0;
        QString recording;
        QString audioFile; // absolute
        QString languageCode;
        QString languageName;
        QString speaker;
        double start = 0; // seconds
        double end = 0;   // seconds
        QStringList texts; // one per tier, "" when the segment has none on that tier
        QString filterText; // lower-case concatenation used by FilterRole
    };

    explicit CorpusModel(QObject *parent = nullptr);
    ~CorpusModel() override;

    // Reads the project's segments again (a full model reset). Throws what Project throws.
    void reload(const Project &project);
    void clear();

    const Row &row(int row) const { return m_rows[std::size_t(row)]; }
    QStringList tiers() const { return m_tiers; }
    // Column of a tier, or -1.
    int tierColumn(const QString &tier) const;
    // Source row of a segment id, or -1.
    int rowOfSegment(qint64 segmentId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
    QStringList m_tiers;
};

} // namespace fieldbench
