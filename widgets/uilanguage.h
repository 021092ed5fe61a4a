#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace fieldbench {

// The language of Fieldbench's interface. Catalogues (translations/fieldbench_<lang>.ts)
// are compiled by lrelease into this library's resources under :/i18n. The choice is kept
// in QSettings under "ui/language": empty follows the system locale, "en" is the
// untranslated English, anything else a catalogue's language ("es", "pt_BR"). GUI thread
// only; a change takes effect the next time the application starts.
class UiLanguage
{
public:
    // Languages with a catalogue, plus "en", sorted ("de", "en", "es", ..., "pt_BR", "sw").
    static QStringList available();
    // The stored choice ("" when the system locale decides).
    static QString setting();
    static void setSetting(const QString &language);
    // The language the interface uses for `choice` ("" = system locale): a catalogue's
    // language, or "en" when there is none for it.
    static QString resolve(const QString &choice);
    // The same for a given list of preferred system languages (QLocale::uiLanguages() form:
    // "pt-PT", "pt", "C"), most preferred first.
    static QString resolve(const QString &choice, const QStringList &systemLanguages);
    // Name of `language` in itself ("Español", "Português (Brasil)", "English").
    static QString nativeName(const QString &language);
    // Installs Qt's own and Fieldbench's translators for resolve(choice) on `app`; returns
    // the language installed. Call once, before any window is created.
    static QString install(QCoreApplication *app, const QString &choice);
    // The language install() put in place; "" when it was not called (tests).
    static QString current();
};

} // namespace fieldbench
