#pragma once

#include <QAbstractTableModel>
#include <QString>

#include "fieldbench/models/transcriber.h"

#include <vector>

namespace fieldbench {

// Segments being transcribed in the TranscribeDialog: where they are, what the model heard
// (text, confidence, tokens with times) and the user's correction (editable). GUI thread
// only; results arrive through setResult().
class TranscriptionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RecordingColumn, StartColumn, EndColumn, TranscriptColumn, ConfidenceColumn, ExistingColumn, ColumnCount };

    struct Row
    {
        qint64 segmentId = 0;
        QString recording;  // file name
        QString audioFile;  // absolute path of the project FLAC
        double start = 0;   // seconds
        double end = 0;
        QString existing;   // the segment's text on the tier it will be saved to, before
        bool done = false;  // the model has transcribed it
        QString hypothesis; // the model's text
        QString corrected;  // what will be saved (the hypothesis until edited)
        double confidence = 0;
        std::vector<TranscribedToken> tokens; // times in the recording
    };

    explicit TranscriptionModel(QObject *parent = nullptr);

    void setRows(std::vector<Row> rows);
    const Row &row(int r) const { return m_rows[std::size_t(r)]; }
    const std::vector<Row> &rows() const { return m_rows; }
    int rowOfSegment(qint64 segmentId) const;
    // Stores the model's result for a segment; the correction starts as the hypothesis.
    void setResult(qint64 segmentId, const TranscribedSegment &result);
    // Rows whose correction differs from what the project has.
    int changedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
};

} // namespace fieldbench
