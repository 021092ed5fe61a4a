#include "languagesearchmodel.h"

#include "convert.h"

#include "fieldbench/corpus/languages.h"

namespace fieldbench {

LanguageSearchModel::LanguageSearchModel(const LanguageCatalog *catalog, QObject *parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog ? catalog : &LanguageCatalog::system())
{}

LanguageSearchModel::~LanguageSearchModel() = default;

void LanguageSearchModel::setQuery(const QString &query)
{
    m_query = query;
    refresh();
}

void LanguageSearchModel::setPreferred(const QStringList &codes)
{
    m_preferred = codes;
    if (m_query.trimmed().isEmpty())
        refresh();
}

QString LanguageSearchModel::code(int row) const
{
    if (row < 0 || row >= int(m_results.size()))
        return {};
    return toQString(m_results[std::size_t(row)].code);
}

int LanguageSearchModel::rowOfCode(const QString &code) const
{
    const std::string c = code.toStdString();
    for (std::size_t i = 0; i < m_results.size(); ++i)
        if (m_results[i].code == c)
            return int(i);
    return -1;
}

void LanguageSearchModel::refresh()
{
    std::vector<IsoLanguage> results;
    const std::string q = m_query.trimmed().toStdString();
    auto add = [&results](const IsoLanguage &language) {
        for (const IsoLanguage &r : results)
            if (r.code == language.code)
                return;
        results.push_back(language);
    };
    if (q.empty()) {
        for (const QString &code : m_preferred)
            if (auto language = m_catalog->find(code.toStdString()))
                add(*language);
    } else {
        // A code (639-3, 639-1 or a locale) that names a language comes first: "es" is
        // Spanish even though many names contain "es".
        if (auto language = m_catalog->find(q))
            add(*language);
        for (const IsoLanguage &language : m_catalog->search(q, std::size_t(m_limit)))
            add(language);
    }
    if (int(results.size()) > m_limit)
        results.resize(std::size_t(m_limit));

    beginResetModel();
    m_results = std::move(results);
    endResetModel();
}

int LanguageSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

QVariant LanguageSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const IsoLanguage &l = m_results[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (l.code2.empty())
            return QStringLiteral("%1 \u2014 %2").arg(toQString(l.name), toQString(l.code));
        return QStringLiteral("%1 \u2014 %2 (%3)").arg(toQString(l.name), toQString(l.code), toQString(l.code2));
    case CodeRole: return toQString(l.code);
    case NameRole: return toQString(l.name);
    default: return {};
    }
}

} // namespace fieldbench
