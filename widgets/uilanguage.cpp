#include "uilanguage.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace fieldbench {

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");
const QString kCatalogueDir = QStringLiteral(":/i18n");
const QString kEnglish = QStringLiteral("en");
const char *const kCurrentProperty = "fieldbenchUiLanguage"; // on the QCoreApplication

} // namespace

QStringList UiLanguage::available()
{
    QStringList languages{kEnglish};
    const QStringList files = QDir(kCatalogueDir).entryList({QStringLiteral("fieldbench_*.qm")}, QDir::Files);
    for (QString file : files) {
        file.chop(3); // ".qm"
        languages << file.mid(int(qstrlen("fieldbench_")));
    }
    languages.sort();
    languages.removeDuplicates();
    return languages;
}

QString UiLanguage::setting()
{
    return QSettings().value(kLanguageKey).toString();
}

void UiLanguage::setSetting(const QString &language)
{
    QSettings settings;
    if (language.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, language);
}

QString UiLanguage::resolve(const QString &choice)
{
    return resolve(choice, QLocale::system().uiLanguages());
}

QString UiLanguage::resolve(const QString &choice, const QStringList &systemLanguages)
{
    const QStringList languages = available();
    if (!choice.isEmpty())
        return languages.contains(choice) ? choice : kEnglish;
    // The system's preferred languages in order ("pt-BR", "pt", "fr-CA"...): the first with a
    // catalogue, as the full name (pt_BR) or the language alone (fr for fr_CA). English, or
    // the end of the list, means English.
    for (QString ui : systemLanguages) {
        ui.replace(QLatin1Char('-'), QLatin1Char('_'));
        const QLocale locale(ui);
        const QString full = locale.name(); // "pt_BR"
        const QString bare = full.section(QLatin1Char('_'), 0, 0);
        if (bare == kEnglish)
            return kEnglish;
        if (languages.contains(full))
            return full;
        if (languages.contains(bare))
            return bare;
        // A catalogue of another country's variant (pt_BR for pt_PT) beats English.
        for (const QString &l : languages)
            if (l.section(QLatin1Char('_'), 0, 0) == bare)
                return l;
    }
    return kEnglish;
}

QString UiLanguage::nativeName(const QString &language)
{
    if (language == kEnglish)
        return QStringLiteral("English");
    const QLocale locale(language);
    QString name = locale.nativeLanguageName();
    if (name.isEmpty())
        return language;
    name[0] = name[0].toUpper(); // "español" -> "Español"
    if (language.contains(QLatin1Char('_')))
        name += QStringLiteral(" (%1)").arg(locale.nativeTerritoryName());
    return name;
}

QString UiLanguage::install(QCoreApplication *app, const QString &choice)
{
    const QString language = resolve(choice);
    app->setProperty(kCurrentProperty, language);
    if (language == kEnglish)
        return language;
    const QLocale locale(language);
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt; // Qt's own strings (standard buttons) stay English
    auto *own = new QTranslator(app);
    if (own->load(kCatalogueDir + QStringLiteral("/fieldbench_") + language + QStringLiteral(".qm")))
        QCoreApplication::installTranslator(own);
    else
        delete own;
    return language;
}

QString UiLanguage::current()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app ? app->property(kCurrentProperty).toString() : QString();
}

} // namespace fieldbench
