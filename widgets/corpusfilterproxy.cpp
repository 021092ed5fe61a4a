#include "corpusfilterproxy.h"

#include "corpusmodel.h"


namespace fieldbench {

CorpusFilterProxy::CorpusFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(CorpusModel::SortRole);
    setSortLocaleAware(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void CorpusFilterProxy::setLanguage(const QString &code)
{
    if (code == m_language)
        return;
    m_language = code;
    invalidateFilter();
}

void CorpusFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_words = text.toCaseFolded().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool CorpusFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_language.isEmpty()
        && index.data(CorpusModel::LanguageCodeRole).toString() != m_language)
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(CorpusModel::FilterRole).toString();
    for (const QString &word : m_words)
        if (!haystack.contains(word))
            return false;
    return true;
}

bool CorpusFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.typeId() == QMetaType::Double && r.typeId() == QMetaType::Double)
        return l.toDouble() < r.toDouble();
    const QString ls = l.toString();
    const QString rs = r.toString();
    // Empty cells (no speaker, no transcript) sort last in either order. (A descending
    // sort puts `left` first when lessThan(right, left).)
    if (ls.isEmpty() != rs.isEmpty())
        return sortOrder() == Qt::AscendingOrder ? rs.isEmpty() : ls.isEmpty();
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace fieldbench
