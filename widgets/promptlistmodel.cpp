#include "promptlistmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace fieldbench {

PromptListModel::PromptListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void PromptListModel::setPrompts(const std::vector<SessionPrompt> &prompts, int current)
{
    if (prompts.size() == m_prompts.size()) {
        m_prompts = prompts;
        m_current = current;
        if (!m_prompts.empty())
            emit dataChanged(index(0), index(int(m_prompts.size()) - 1));
        return;
    }
    beginResetModel();
    m_prompts = prompts;
    m_current = current;
    endResetModel();
}

int PromptListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_prompts.size());
}

QVariant PromptListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_prompts.size()))
        return {};
    const SessionPrompt &p = m_prompts[std::size_t(index.row())];
    const QString text = QString::fromStdString(p.text);
    switch (role) {
    case Qt::DisplayRole: {
        QString s = tr("%1. %2").arg(p.position + 1).arg(text);
        if (p.takes > 1)
            s += tr("  (%n takes)", nullptr, p.takes);
        return s;
    }
    case Qt::ToolTipRole:
        switch (p.status) {
        case PromptStatus::Done: return tr("Recorded (%n take(s))", nullptr, p.takes);
        case PromptStatus::Skipped: return tr("Skipped: comes back when the other prompts are done");
        case PromptStatus::Pending: return tr("Not recorded yet");
        }
        return {};
    case Qt::ForegroundRole:
        if (p.status == PromptStatus::Done)
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (p.status == PromptStatus::Skipped)
            return QBrush(QColor(0x9e, 0x6a, 0x00));
        return {};
    case Qt::FontRole:
        if (index.row() == m_current) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::DecorationRole:
        return {};
    case StatusRole:
        return int(p.status);
    case TakesRole:
        return p.takes;
    case TextRole:
        return text;
    default:
        return {};
    }
}

} // namespace fieldbench
