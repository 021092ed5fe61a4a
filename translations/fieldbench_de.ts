<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <location filename="../widgets/corpusbrowser.cpp" line="+33"/>
        <source>Filter by recording, speaker or transcript…</source>
        <translation>Nach Aufnahme, Sprecher oder Transkript filtern…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+55"/>
        <location line="+23"/>
        <source>All languages</source>
        <translation>Alle Sprachen</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Segments: %1</source>
        <translation>Segmente: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segments: %1 of %2</source>
        <translation>Segmente: %1 von %2</translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusModel</name>
    <message>
        <location filename="../widgets/corpusmodel.cpp" line="+137"/>
        <source>%1 s to %2 s</source>
        <translation>%1 s bis %2 s</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Recording</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speaker</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration (s)</source>
        <translation>Dauer (s)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Transcript tier &quot;%1&quot;</source>
        <translation>Transkriptionsebene „%1“</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportDialog</name>
    <message>
        <location filename="../widgets/importdialog.cpp" line="+35"/>
        <source>Import into Project</source>
        <translation>In das Projekt importieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation>Nach Name oder Code suchen: Spanisch, spa, es</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unknown speaker</source>
        <translation>Unbekannter Sprecher</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First tier with text</source>
        <translation>Erste Ebene mit Text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ELAN or Praat tier whose annotations become segments</source>
        <translation>ELAN- oder Praat-Ebene, deren Annotationen zu Segmenten werden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (folder)</source>
        <translation>%1 (Ordner)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language of files that do not name one</source>
        <translation>Sprache der Dateien, die keine angeben</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Speaker:</source>
        <translation>&amp;Sprecher:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment &amp;tier:</source>
        <translation>Segment&amp;ebene:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To import (%1):</source>
        <translation>Zu importieren (%1):</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Chosen: %1</source>
        <translation>Gewählt: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No language chosen</source>
        <translation>Keine Sprache gewählt</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <location filename="../widgets/importreportdialog.cpp" line="+24"/>
        <source>Import Cancelled</source>
        <translation>Import abgebrochen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Import Finished</source>
        <translation>Import beendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;Copy Problems</source>
        <translation>Probleme &amp;kopieren</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No problems were found.</source>
        <translation>Es wurden keine Probleme gefunden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>These files had problems:</source>
        <translation>Bei diesen Dateien gab es Probleme:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation>%1 importiert, %2 Duplikate, %3 übersprungen, %4 fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation> (Segmente: %1, Textdokumente: %2, Audio: %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>; cancelled</source>
        <translation>; abgebrochen</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportWorker</name>
    <message>
        <location filename="../widgets/importworker.cpp" line="+64"/>
        <source>The import stopped because of an unknown error.</source>
        <translation>Der Import wurde wegen eines unbekannten Fehlers angehalten.</translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <location filename="../widgets/languagemodel.cpp" line="+76"/>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation>%1 (%2): %3 Aufnahmen, %4 h Audio, %5 von %6 Segmenten transkribiert, %7 Sprecher, %8 Textdokumente mit %9 Wörtern</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speakers</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sentences</source>
        <translation>Sätze</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ISO 639-3 code</source>
        <translation>ISO-639-3-Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation>Stunden:Minuten:Sekunden aufgenommenes Audio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sentences of imported text documents</source>
        <translation>Sätze der importierten Textdokumente</translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="+145"/>
        <location line="+7"/>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation>Warten Sie, bis der Import beendet ist, oder brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>Das Projekt „%1“ kann nicht geöffnet werden.

%2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>In „%1“ kann kein Projekt angelegt werden.

%2</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot read the project catalog.

%1</source>
        <translation>Der Projektkatalog kann nicht gelesen werden.

%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+16"/>
        <location line="+85"/>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation>Legen Sie zuerst ein Projekt an oder öffnen Sie eines; ziehen Sie dann Aufnahmen, Annotationen oder Text auf das Fenster, um sie zu importieren.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation>Ein Import läuft; ziehen Sie die Dateien erneut hierher, wenn er beendet ist.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Importing…</source>
        <translation>Importiere…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Importing %1 of %2: %3</source>
        <translation>Importiere %1 von %2: %3</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The import stopped.

%1</source>
        <translation>Der Import wurde angehalten.

%1</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Import Files…</source>
        <translation>Dateien &amp;importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import &amp;Folder…</source>
        <translation>&amp;Ordner importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reload</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Close Project</source>
        <translation>Projekt &amp;schließen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Fieldbench</source>
        <translation>&amp;Über Fieldbench</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About Fieldbench</source>
        <translation>Über Fieldbench</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für Sprach- und Textmodelle ressourcenarmer Sprachen.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Click a language to show only its segments.</source>
        <translation>Klicken Sie auf eine Sprache, um nur ihre Segmente zu zeigen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the import after the current file; what is imported stays.</source>
        <translation>Den Import nach der aktuellen Datei anhalten; bereits Importiertes bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancelling…</source>
        <translation>Breche ab…</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+100"/>
        <source>Fieldbench</source>
        <translation>Fieldbench</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Create or open a project. Then drop recordings, ELAN or Praat annotations, transcripts and text anywhere on this window to import them.</source>
        <translation>Legen Sie ein Projekt an oder öffnen Sie eines. Ziehen Sie dann Aufnahmen, ELAN- oder Praat-Annotationen, Transkripte und Text an eine beliebige Stelle dieses Fensters, um sie zu importieren.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New Project…</source>
        <translation>Neues Projekt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open Project…</source>
        <translation>Projekt öffnen…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Recent projects:</source>
        <translation>Zuletzt geöffnete Projekte:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Clear Menu</source>
        <translation>Menü leeren</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No project</source>
        <translation>Kein Projekt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation>%1 Sprachen · %2 Segmente · %3 Audio</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>New Project Folder</source>
        <translation>Neuer Projektordner</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open Project Folder</source>
        <translation>Projektordner öffnen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import Files</source>
        <translation>Dateien importieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation>Aufnahmen, Annotationen und Text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import Folder</source>
        <translation>Ordner importieren</translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <location filename="../widgets/segmentdetails.cpp" line="+25"/>
        <source>&amp;Play</source>
        <translation>Ab&amp;spielen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Time in recording (s)</source>
        <translation>Zeit in der Aufnahme (s)</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation>%1 (%2)  ·  Sprecher: %3  ·  %4 s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(no transcript)</source>
        <translation>(kein Transkript)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This project has no transcripts yet.</source>
        <translation>Dieses Projekt hat noch keine Transkripte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading audio…</source>
        <translation>Lade Audio…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No segment selected</source>
        <translation>Kein Segment ausgewählt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation>Wählen Sie eine Zeile im Korpus, um Wellenform und Transkripte zu sehen.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation>Langes Segment: die ersten 10 Minuten werden gezeigt.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot play: %1</source>
        <translation>Wiedergabe nicht möglich: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot play: the audio output failed.</source>
        <translation>Wiedergabe nicht möglich: die Audioausgabe ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <location filename="../widgets/waveform.cpp" line="+63"/>
        <source>The audio could not be read.</source>
        <translation>Das Audio konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The segment contains no audio.</source>
        <translation>Das Segment enthält kein Audio.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+52"/>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation>Werkbank für Sprach- und Textmodelle ressourcenarmer Sprachen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Project folder to open.</source>
        <translation>Zu öffnender Projektordner.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation>Nach dem Laden ein PNG des Fensters speichern, dann beenden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation>Zusätzliche Millisekunden vor dem Bildschirmfoto (Standard 300).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Fenstergröße, z. B. 1500x900.</translation>
    </message>
</context>
</TS>
