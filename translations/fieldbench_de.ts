<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <source>Filter by recording, speaker or transcript…</source>
        <translation>Nach Aufnahme, Sprecher oder Transkript filtern…</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Alle Sprachen</translation>
    </message>
    <message>
        <source>Segments: %1</source>
        <translation>Segmente: %1</translation>
    </message>
    <message>
        <source>Segments: %1 of %2</source>
        <translation>Segmente: %1 von %2</translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusModel</name>
    <message>
        <source>%1 s to %2 s</source>
        <translation>%1 s bis %2 s</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Dauer (s)</translation>
    </message>
    <message>
        <source>Transcript tier &quot;%1&quot;</source>
        <translation>Transkriptionsebene „%1“</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportDialog</name>
    <message>
        <source>Import into Project</source>
        <translation>In das Projekt importieren</translation>
    </message>
    <message>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation>Nach Name oder Code suchen: Spanisch, spa, es</translation>
    </message>
    <message>
        <source>Unknown speaker</source>
        <translation>Unbekannter Sprecher</translation>
    </message>
    <message>
        <source>First tier with text</source>
        <translation>Erste Ebene mit Text</translation>
    </message>
    <message>
        <source>ELAN or Praat tier whose annotations become segments</source>
        <translation>ELAN- oder Praat-Ebene, deren Annotationen zu Segmenten werden</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (Ordner)</translation>
    </message>
    <message>
        <source>Language of files that do not name one</source>
        <translation>Sprache der Dateien, die keine angeben</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>&amp;Sprecher:</translation>
    </message>
    <message>
        <source>Segment &amp;tier:</source>
        <translation>Segment&amp;ebene:</translation>
    </message>
    <message>
        <source>To import (%1):</source>
        <translation>Zu importieren (%1):</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Gewählt: %1</translation>
    </message>
    <message>
        <source>No language chosen</source>
        <translation>Keine Sprache gewählt</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <source>Import Cancelled</source>
        <translation>Import abgebrochen</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Import beendet</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>&amp;Copy Problems</source>
        <translation>Probleme &amp;kopieren</translation>
    </message>
    <message>
        <source>No problems were found.</source>
        <translation>Es wurden keine Probleme gefunden.</translation>
    </message>
    <message>
        <source>These files had problems:</source>
        <translation>Bei diesen Dateien gab es Probleme:</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation>%1 importiert, %2 Duplikate, %3 übersprungen, %4 fehlgeschlagen</translation>
    </message>
    <message>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation> (Segmente: %1, Textdokumente: %2, Audio: %3)</translation>
    </message>
    <message>
        <source>; cancelled</source>
        <translation>; abgebrochen</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportWorker</name>
    <message>
        <source>The import stopped because of an unknown error.</source>
        <translation>Der Import wurde wegen eines unbekannten Fehlers angehalten.</translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation>%1 (%2): %3 Aufnahmen, %4 h Audio, %5 von %6 Segmenten transkribiert, %7 Sprecher, %8 Textdokumente mit %9 Wörtern</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>Sätze</translation>
    </message>
    <message>
        <source>ISO 639-3 code</source>
        <translation>ISO-639-3-Code</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation>Stunden:Minuten:Sekunden aufgenommenes Audio</translation>
    </message>
    <message>
        <source>Sentences of imported text documents</source>
        <translation>Sätze der importierten Textdokumente</translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation>Warten Sie, bis der Import beendet ist, oder brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>Das Projekt „%1“ kann nicht geöffnet werden.

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>In „%1“ kann kein Projekt angelegt werden.

%2</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Cannot read the project catalog.

%1</source>
        <translation>Der Projektkatalog kann nicht gelesen werden.

%1</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation>Legen Sie zuerst ein Projekt an oder öffnen Sie eines; ziehen Sie dann Aufnahmen, Annotationen oder Text auf das Fenster, um sie zu importieren.</translation>
    </message>
    <message>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation>Ein Import läuft; ziehen Sie die Dateien erneut hierher, wenn er beendet ist.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importiere…</translation>
    </message>
    <message>
        <source>Importing %1 of %2: %3</source>
        <translation>Importiere %1 von %2: %3</translation>
    </message>
    <message>
        <source>The import stopped.

%1</source>
        <translation>Der Import wurde angehalten.

%1</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>Dateien &amp;importieren…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>&amp;Ordner importieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>Projekt &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Fieldbench</source>
        <translation>&amp;Über Fieldbench</translation>
    </message>
    <message>
        <source>About Fieldbench</source>
        <translation>Über Fieldbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für Sprach- und Textmodelle ressourcenarmer Sprachen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Click a language to show only its segments.</source>
        <translation>Klicken Sie auf eine Sprache, um nur ihre Segmente zu zeigen.</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the import after the current file; what is imported stays.</source>
        <translation>Den Import nach der aktuellen Datei anhalten; bereits Importiertes bleibt erhalten.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Breche ab…</translation>
    </message>
    <message>
        <source>Fieldbench</source>
        <translation>Fieldbench</translation>
    </message>
    <message>
        <source>Create or open a project. Then drop recordings, ELAN or Praat annotations, transcripts and text anywhere on this window to import them.</source>
        <translation>Legen Sie ein Projekt an oder öffnen Sie eines. Ziehen Sie dann Aufnahmen, ELAN- oder Praat-Annotationen, Transkripte und Text an eine beliebige Stelle dieses Fensters, um sie zu importieren.</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Neues Projekt…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Projekt öffnen…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>Zuletzt geöffnete Projekte:</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Menü leeren</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Kein Projekt</translation>
    </message>
    <message>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation>%1 Sprachen · %2 Segmente · %3 Audio</translation>
    </message>
    <message>
        <source>New Project Folder</source>
        <translation>Neuer Projektordner</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Projektordner öffnen</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>Dateien importieren</translation>
    </message>
    <message>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation>Aufnahmen, Annotationen und Text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation>Ordner importieren</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <source>&amp;Play</source>
        <translation>Ab&amp;spielen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation>Zeit in der Aufnahme (s)</translation>
    </message>
    <message>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation>%1 (%2)  ·  Sprecher: %3  ·  %4 s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(kein Transkript)</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>This project has no transcripts yet.</source>
        <translation>Dieses Projekt hat noch keine Transkripte.</translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>Lade Audio…</translation>
    </message>
    <message>
        <source>No segment selected</source>
        <translation>Kein Segment ausgewählt</translation>
    </message>
    <message>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation>Wählen Sie eine Zeile im Korpus, um Wellenform und Transkripte zu sehen.</translation>
    </message>
    <message>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation>Langes Segment: die ersten 10 Minuten werden gezeigt.</translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>Wiedergabe nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cannot play: the audio output failed.</source>
        <translation>Wiedergabe nicht möglich: die Audioausgabe ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>fieldbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemvorgabe (%1)</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>Sprache der &amp;Oberfläche:</translation>
    </message>
    <message>
        <source>The new language is used the next time Fieldbench starts.</source>
        <translation>Die neue Sprache wird beim nächsten Start von Fieldbench verwendet.</translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <source>The audio could not be read.</source>
        <translation>Das Audio konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The segment contains no audio.</source>
        <translation>Das Segment enthält kein Audio.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation>Werkbank für Sprach- und Textmodelle ressourcenarmer Sprachen.</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Zu öffnender Projektordner.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation>Nach dem Laden ein PNG des Fensters speichern, dann beenden.</translation>
    </message>
    <message>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation>Zusätzliche Millisekunden vor dem Bildschirmfoto (Standard 300).</translation>
    </message>
    <message>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Fenstergröße, z. B. 1500x900.</translation>
    </message>
    <message>
        <source>Interface language for this run, e.g. es or pt_BR (en: English).</source>
        <translation>Sprache der Oberfläche für diesen Aufruf, z. B. es oder pt_BR (en: Englisch).</translation>
    </message>
</context>
</TS>
