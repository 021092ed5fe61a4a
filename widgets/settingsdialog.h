#pragma once

#include <QDialog>

class QComboBox;
class QLabel;

namespace fieldbench {

// Application settings (File > Settings): the interface language for now. OK stores the
// choice in QSettings (UiLanguage); the dialog keeps no defaults of its own. GUI thread.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    // "" (follow the system) or a language of UiLanguage::available().
    QString language() const;
    void setLanguage(const QString &language);

    // Writes the choices to QSettings; accept() calls it.
    void save() const;

    void accept() override;

private:
    void updateNote();

    QComboBox *m_language;
    QLabel *m_note;
    QString m_running; // language the running interface uses
};

} // namespace fieldbench
