#include "importdialog.h"

#include "convert.h"
#include "languagesearchmodel.h"

#include "fieldbench/corpus/languages.h"

#include <QCompleter>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace fieldbench {

ImportDialog::ImportDialog(const QStringList &paths, QWidget *parent)
    : QDialog(parent)
    , m_paths(paths)
    , m_languages(new LanguageSearchModel(nullptr, this))
    , m_languageSearch(new QLineEdit(this))
    , m_languageList(new QListView(this))
    , m_chosenLanguage(new QLabel(this))
    , m_speaker(new QLineEdit(this))
    , m_tier(new QLineEdit(this))
    , m_pathList(new QListWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Import into Project"));
    setObjectName(QStringLiteral("importDialog"));

    m_languageSearch->setObjectName(QStringLiteral("languageSearch"));
    m_languageSearch->setPlaceholderText(tr("Search by name or code: Spanish, spa, es"));
    m_languageSearch->setClearButtonEnabled(true);
    m_languageList->setObjectName(QStringLiteral("languageList"));
    m_languageList->setModel(m_languages);
    m_languageList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_languageList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_languageList->setMinimumHeight(140);
    m_chosenLanguage->setObjectName(QStringLiteral("chosenLanguage"));
    m_chosenLanguage->setTextFormat(Qt::PlainText);

    m_speaker->setObjectName(QStringLiteral("speaker"));
    m_speaker->setPlaceholderText(tr("Unknown speaker"));
    m_speaker->setClearButtonEnabled(true);
    m_tier->setObjectName(QStringLiteral("tier"));
    m_tier->setPlaceholderText(tr("First tier with text"));
    m_tier->setToolTip(tr("ELAN or Praat tier whose annotations become segments"));
    m_tier->setClearButtonEnabled(true);

    m_pathList->setObjectName(QStringLiteral("pathList"));
    for (const QString &path : paths) {
        const QFileInfo info(path);
        auto *item = new QListWidgetItem(info.isDir() ? tr("%1 (folder)").arg(path) : path, m_pathList);
        item->setToolTip(path);
    }
    m_pathList->setMaximumHeight(120);

    auto *languageBox = new QGroupBox(tr("Language of files that do not name one"), this);
    auto *languageLayout = new QVBoxLayout(languageBox);
    languageLayout->addWidget(m_languageSearch);
    languageLayout->addWidget(m_languageList);
    languageLayout->addWidget(m_chosenLanguage);

    auto *form = new QFormLayout;
    form->addRow(tr("&Speaker:"), m_speaker);
    form->addRow(tr("Segment &tier:"), m_tier);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("To import (%1):").arg(paths.size()), this));
    layout->addWidget(m_pathList);
    layout->addWidget(languageBox, 1);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_languageSearch, &QLineEdit::textChanged, this, &ImportDialog::onQueryEdited);
    connect(m_languageList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this] { updateChosen(); });
    // Enter in the search field accepts once a language is chosen.
    connect(m_languageSearch, &QLineEdit::returnPressed, this, [this] {
        if (!languageCode().isEmpty())
            m_speaker->setFocus();
    });

    m_languages->setQuery(QString());
    updateChosen();
    m_languageSearch->setFocus();
    resize(560, 560);
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::setProjectLanguages(const QStringList &codes)
{
    const QString current = languageCode();
    m_languages->setPreferred(codes);
    if (m_languageSearch->text().trimmed().isEmpty())
        selectRow(current.isEmpty() ? 0 : m_languages->rowOfCode(current));
}

void ImportDialog::setKnownSpeakers(const QStringList &speakers)
{
    auto *completer = new QCompleter(speakers, m_speaker);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_speaker->setCompleter(completer);
}

void ImportDialog::setLanguageQuery(const QString &text)
{
    m_languageSearch->setText(text); // onQueryEdited() selects the best match
}

bool ImportDialog::selectLanguage(const QString &code)
{
    const auto language = LanguageCatalog::system().find(code.toStdString());
    if (!language)
        return false;
    setLanguageQuery(toQString(language->code));
    const int row = m_languages->rowOfCode(toQString(language->code));
    selectRow(row);
    return row >= 0;
}

QString ImportDialog::languageCode() const
{
    return m_languages->code(m_languageList->currentIndex().row());
}

void ImportDialog::setSpeaker(const QString &speaker)
{
    m_speaker->setText(speaker);
}

QString ImportDialog::speaker() const
{
    return m_speaker->text().trimmed();
}

void ImportDialog::setTier(const QString &tier)
{
    m_tier->setText(tier);
}

QString ImportDialog::tier() const
{
    return m_tier->text().trimmed();
}

ImportOptions ImportDialog::options() const
{
    ImportOptions options;
    options.language = languageCode().toStdString();
    options.speaker = speaker().toStdString();
    options.tier = tier().toStdString();
    return options;
}

void ImportDialog::setOptions(const ImportOptions &options)
{
    if (!options.language.empty())
        selectLanguage(toQString(options.language));
    setSpeaker(toQString(options.speaker));
    setTier(toQString(options.tier));
}

void ImportDialog::onQueryEdited(const QString &text)
{
    m_languages->setQuery(text);
    selectRow(0);
}

void ImportDialog::selectRow(int row)
{
    if (row < 0 || row >= m_languages->rowCount()) {
        m_languageList->setCurrentIndex(QModelIndex());
        updateChosen();
        return;
    }
    const QModelIndex index = m_languages->index(row);
    m_languageList->setCurrentIndex(index);
    m_languageList->scrollTo(index);
    updateChosen();
}

void ImportDialog::updateChosen()
{
    const QModelIndex index = m_languageList->currentIndex();
    const bool chosen = index.isValid();
    m_chosenLanguage->setText(chosen ? tr("Chosen: %1").arg(index.data().toString())
                                     : tr("No language chosen"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(chosen);
}

} // namespace fieldbench
