#pragma once

#include "fieldbench/train/trainconfig.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProcess;
class QPushButton;
class QScrollArea;
class QSlider;
class QTableWidget;
class QToolButton;
class QWidget;

namespace fieldbench {

// "New run": edits a TrainConfig (core/include/fieldbench/train/trainconfig.h) and never
// keeps defaults of its own. The edited document is the config's JSON (toJson()); every
// editor is bound to one dotted key of it, and config() is TrainConfig::fromJson() of that
// document. The basic fields (trainConfigFieldDocs() with advanced = false) are in the
// form, some with a dedicated editor (starting model, device, languages and speakers with
// their hours and sampling shares); every advanced field gets an editor generated from its
// JSON type, behind "Advanced settings".
//
// The starting model folder is checked on selection by `fieldbench-cli model info --json`
// (a child process: a 1 GB checkpoint never blocks the GUI), which shows its architecture
// and size. "Estimate" runs `fieldbench-cli train --estimate` (a short measured warm-up) and
// shows the time per epoch. Both run asynchronously; the dialog is usable meanwhile.
class NewRunDialog : public QDialog
{
    Q_OBJECT

public:
    // Reads the project's languages, speakers (with hours) and tiers from `projectDir`.
    explicit NewRunDialog(const QString &projectDir, QWidget *parent = nullptr);
    ~NewRunDialog() override;

    void setCliPath(const QString &path) { m_cli = path; }

    // Presets as TrainConfig::presetNames(), with titles a linguist understands.
    static QString presetTitle(const std::string &name);
    void selectPreset(const std::string &name);
    // Loads a whole config (duplicate-with-changes); the project stays this dialog's.
    void setConfig(const TrainConfig &config);
    TrainConfig config() const;
    // The edited JSON value at `key` (dotted), as text; for tests.
    QString value(const QString &key) const;
    // Sets a field by dotted key from text ("0.3", "true", "a,b"); false for an unknown key
    // or text that does not fit its type.
    bool setValue(const QString &key, const QString &text);

    void setRunName(const QString &name);
    QString runName() const;

    // Problems that keep OK disabled (config.validate(), the model folder's check, the name).
    QStringList problems() const;

    // Checks a model folder now (asynchronously); modelChecked() follows.
    void setModelDir(const QString &dir);
    QString modelSummary() const;
    bool modelValid() const { return m_modelState == ModelState::Valid; }
    bool modelChecking() const { return m_modelState == ModelState::Checking; }

    // Sampling share the table shows for a language (0 when unchecked), and its hours.
    double samplingShare(const QString &code) const;
    double languageHours(const QString &code) const;
    void setLanguageChecked(const QString &code, bool checked);

    QStringList deviceIds() const;
    void setAdvancedVisible(bool visible);
    bool advancedVisible() const;

    // Starts the time estimate; estimateFinished() follows.
    void estimate();
    QString estimateText() const;

signals:
    void modelChecked(bool ok, const QString &summary);
    void estimateFinished(bool ok, const QString &text);

private:
    enum class ModelState { None, Checking, Valid, Invalid };
    struct Editor;

    void buildBasicForm(QFormLayout *form);
    void buildAdvanced();
    QWidget *makeEditor(const std::string &key, QWidget *parent);
    void refreshEditors();
    void setJson(const std::string &key, const QString &text);
    void onEdited();
    void updateShares();
    void updateProblems();
    void readProject(const QString &projectDir);
    void onLanguagesChanged();
    void onSpeakersChanged();
    void browseModel();

    QString m_projectDir;
    QString m_cli;
    struct Doc;
    std::unique_ptr<Doc> m_doc; // the edited JSON (pimpl: nlohmann stays out of this header)
    QHash<QString, QWidget *> m_editors; // dotted key -> editor
    bool m_refreshing = false;

    QComboBox *m_preset;
    QLineEdit *m_name;
    QLabel *m_presetHelp;
    QLineEdit *m_model;
    QLabel *m_modelInfo;
    QComboBox *m_device;
    QSlider *m_alphaSlider;
    QDoubleSpinBox *m_alpha;
    QTableWidget *m_languages;
    QTableWidget *m_speakers;
    QLabel *m_hoursSummary;
    QToolButton *m_advancedButton;
    QScrollArea *m_advanced;
    QPushButton *m_estimateButton;
    QLabel *m_estimate;
    QLabel *m_problems;
    QDialogButtonBox *m_buttons;

    ModelState m_modelState = ModelState::None;
    QString m_modelSummary;
    QPointer<QProcess> m_modelProcess;
    QPointer<QProcess> m_estimateProcess;
    QString m_estimateText;
    QString m_estimateConfigFile;
};

} // namespace fieldbench
