#pragma once

#include <QAbstractTableModel>

#include <vector>

namespace fieldbench {

class Project;
struct LanguageStats;

// Per-language totals of a project (Project::stats()): code, name, hours of audio,
// segments, speakers, text sentences. A snapshot refreshed by reload(); GUI thread only.
class LanguageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { CodeColumn, NameColumn, AudioColumn, SegmentsColumn, SpeakersColumn, SentencesColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value for sorting
        CodeRole                     // ISO 639-3 on every column
    };

    explicit LanguageModel(QObject *parent = nullptr);
    ~LanguageModel() override;

    // Throws what Project throws; the model is unchanged then.
    void reload(const Project &project);
    void clear();

    const LanguageStats &stats(int row) const { return m_stats[std::size_t(row)]; }
    int rowOfCode(const QString &code) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<LanguageStats> m_stats;
};

} // namespace fieldbench
