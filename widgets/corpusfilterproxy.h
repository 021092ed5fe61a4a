#pragma once

#include <QSortFilterProxyModel>

namespace fieldbench {

// Sorts a CorpusModel by raw values (seconds as numbers, names locale-aware) and filters
// it by language code and by a case-insensitive text that may match the recording,
// language, speaker or any transcript.
class CorpusFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit CorpusFilterProxy(QObject *parent = nullptr);

    // ISO 639-3 code; empty shows every language.
    void setLanguage(const QString &code);
    QString language() const { return m_language; }

    // Words that must all occur (in any column); empty shows everything.
    void setText(const QString &text);
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_language;
    QString m_text;
    QStringList m_words; // case-folded words of m_text
};

} // namespace fieldbench
