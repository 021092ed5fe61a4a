#pragma once

#include <QDialog>

#include "fieldbench/corpus/importer.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;

namespace fieldbench {

class LanguageSearchModel;

// Asks how to import dropped or chosen files: the default language (ISO 639-3, searched
// by code, 639-1 code or name), the default speaker and the segmenting tier; lists the
// paths. Edits an ImportOptions (options()/setOptions()); OK is enabled once a language is
// chosen. Every field can be set programmatically so tests (and presets) drive it without
// a user.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(const QStringList &paths, QWidget *parent = nullptr);
    ~ImportDialog() override;

    QStringList paths() const { return m_paths; }

    // Languages offered before anything is typed (e.g. the project's), ISO 639-3.
    void setProjectLanguages(const QStringList &codes);
    // Speakers offered by the speaker field's completer.
    void setKnownSpeakers(const QStringList &speakers);

    // Types `text` into the language search and selects the best match.
    void setLanguageQuery(const QString &text);
    // Selects a language by code (639-3 or 639-1); false if the catalog does not know it.
    bool selectLanguage(const QString &code);
    // ISO 639-3 code of the chosen language, or empty.
    QString languageCode() const;

    void setSpeaker(const QString &speaker);
    QString speaker() const;
    void setTier(const QString &tier);
    QString tier() const;

    // Fields as import options (language, speaker, tier; the other fields keep defaults).
    ImportOptions options() const;
    void setOptions(const ImportOptions &options);

private:
    void onQueryEdited(const QString &text);
    void selectRow(int row);
    void updateChosen();

    QStringList m_paths;
    LanguageSearchModel *m_languages;
    QLineEdit *m_languageSearch;
    QListView *m_languageList;
    QLabel *m_chosenLanguage;
    QLineEdit *m_speaker;
    QLineEdit *m_tier;
    QListWidget *m_pathList;
    QDialogButtonBox *m_buttons;
};

} // namespace fieldbench
