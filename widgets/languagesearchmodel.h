#pragma once

#include <QAbstractListModel>

#include <vector>

namespace fieldbench {

class LanguageCatalog;
struct IsoLanguage;

// ISO 639-3 languages matching a query, best first: the language an ISO 639-3/639-1 code
// or locale names ("spa", "es", "pt-BR"), then LanguageCatalog::search() order (exact
// codes, name prefixes, other matches). With an empty query it lists the "preferred"
// languages (those already in the project). GUI thread only; the catalog is immutable.
class LanguageSearchModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { CodeRole = Qt::UserRole + 1, NameRole };

    // `catalog` must outlive the model; nullptr means LanguageCatalog::system().
    explicit LanguageSearchModel(const LanguageCatalog *catalog = nullptr, QObject *parent = nullptr);
    ~LanguageSearchModel() override;

    void setQuery(const QString &query);
    QString query() const { return m_query; }

    // ISO 639-3 codes listed for an empty query.
    void setPreferred(const QStringList &codes);

    // Maximum number of results.
    void setLimit(int limit) { m_limit = limit; }

    QString code(int row) const;
    int rowOfCode(const QString &code) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void refresh();

    const LanguageCatalog *m_catalog;
    QString m_query;
    QStringList m_preferred;
    int m_limit = 200;
    std::vector<IsoLanguage> m_results;
};

} // namespace fieldbench
