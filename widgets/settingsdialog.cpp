#include "settingsdialog.h"

#include "uilanguage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace fieldbench {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_running(UiLanguage::current())
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));

    m_language->setObjectName(QStringLiteral("language"));
    const QString system = UiLanguage::resolve(QString());
    m_language->addItem(tr("System default (%1)").arg(UiLanguage::nativeName(system)), QString());
    for (const QString &language : UiLanguage::available())
        m_language->addItem(UiLanguage::nativeName(language), language);
    m_note->setObjectName(QStringLiteral("languageNote"));
    m_note->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Interface &language:"), m_language);
    form->addRow(QString(), m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateNote);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);

    setLanguage(UiLanguage::setting());
    resize(460, sizeHint().height());
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

void SettingsDialog::setLanguage(const QString &language)
{
    const int index = m_language->findData(language);
    m_language->setCurrentIndex(index >= 0 ? index : 0);
    updateNote();
}

void SettingsDialog::save() const
{
    UiLanguage::setSetting(language());
}

void SettingsDialog::accept()
{
    save();
    QDialog::accept();
}

void SettingsDialog::updateNote()
{
    // The running interface was translated at start-up; say when a restart is needed.
    const bool restart = !m_running.isEmpty() && UiLanguage::resolve(language()) != m_running;
    m_note->setText(restart ? tr("The new language is used the next time Fieldbench starts.") : QString());
}

} // namespace fieldbench
