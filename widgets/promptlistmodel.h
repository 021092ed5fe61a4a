#pragma once

#include <QAbstractListModel>

#include "fieldbench/corpus/recordingsession.h"

#include <vector>

namespace fieldbench {

// The prompts of a recording session as a list: "12. text", with the status (done,
// skipped, pending), the number of takes, and the current prompt in bold. A copy of the
// session's prompts, refreshed by setPrompts() after every change. GUI thread only.
class PromptListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Roles { StatusRole = Qt::UserRole + 1, TakesRole, TextRole };

    explicit PromptListModel(QObject *parent = nullptr);

    void setPrompts(const std::vector<SessionPrompt> &prompts, int current);
    int current() const { return m_current; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<SessionPrompt> m_prompts;
    int m_current = -1;
};

} // namespace fieldbench
