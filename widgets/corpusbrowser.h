#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace fieldbench {

class CorpusFilterProxy;
class CorpusModel;
class Project;

// The corpus table with its filter bar: a text filter (any column), a language combo and
// a "shown of total" count. Owns its CorpusModel and proxy. GUI thread only.
class CorpusBrowser : public QWidget
{
    Q_OBJECT

public:
    explicit CorpusBrowser(QWidget *parent = nullptr);
    ~CorpusBrowser() override;

    // Reads the project again, keeping the filters and, when it still exists, the selected
    // segment (else the first row is selected). Throws what Project throws.
    void reload(const Project &project);
    void clear();

    CorpusModel *model() const { return m_model; }
    CorpusFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }

    // ISO 639-3 code, empty for all languages.
    void setLanguageFilter(const QString &code);
    QString languageFilter() const;
    void setTextFilter(const QString &text);

    // Segment id of the current row, 0 when none.
    qint64 currentSegmentId() const;
    bool selectSegment(qint64 segmentId);

signals:
    // Source row of the CorpusModel, -1 when nothing is selected.
    void currentRowChanged(int sourceRow);

private:
    void onCurrentChanged();
    void updateCount();
    void fitColumns();

    CorpusModel *m_model;
    CorpusFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_language;
    QLabel *m_count;
    QTableView *m_view;
    bool m_fitted = false; // columns sized once per project
};

} // namespace fieldbench
