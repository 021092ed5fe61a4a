<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sw_TZ">
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <source>Filter by recording, speaker or transcript…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Lugha zote</translation>
    </message>
    <message>
        <source>Segments: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segments: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusModel</name>
    <message>
        <source>%1 s to %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Rekodi</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Lugha</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Mzungumzaji</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Mwanzo</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Muda (s)</translation>
    </message>
    <message>
        <source>Transcript tier &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportDialog</name>
    <message>
        <source>Import into Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown speaker</source>
        <translation>Mzungumzaji asiyejulikana</translation>
    </message>
    <message>
        <source>First tier with text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ELAN or Praat tier whose annotations become segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (folda)</translation>
    </message>
    <message>
        <source>Language of files that do not name one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>&amp;Mzungumzaji:</translation>
    </message>
    <message>
        <source>Segment &amp;tier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To import (%1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Imechaguliwa: %1</translation>
    </message>
    <message>
        <source>No language chosen</source>
        <translation>Hakuna lugha iliyochaguliwa</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <source>Import Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation>Faili</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Tatizo</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Hitilafu</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Onyo</translation>
    </message>
    <message>
        <source>&amp;Copy Problems</source>
        <translation>&amp;Nakili matatizo</translation>
    </message>
    <message>
        <source>No problems were found.</source>
        <translation>Hakuna matatizo yaliyopatikana.</translation>
    </message>
    <message>
        <source>These files had problems:</source>
        <translation>Faili hizi zilikuwa na matatizo:</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportWorker</name>
    <message>
        <source>The import stopped because of an unknown error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Msimbo</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Lugha</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Sauti</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Wazungumzaji</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>Sentensi</translation>
    </message>
    <message>
        <source>ISO 639-3 code</source>
        <translation>Msimbo wa ISO 639-3</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentences of imported text documents</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <source>Open Project</source>
        <translation>Fungua mradi</translation>
    </message>
    <message>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>Imeshindikana kufungua mradi &quot;%1&quot;.

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Mradi mpya</translation>
    </message>
    <message>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>Imeshindikana kuunda mradi katika &quot;%1&quot;.

%2</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Pakia upya</translation>
    </message>
    <message>
        <source>Cannot read the project catalog.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import stopped.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Mradi mpya…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>F&amp;ungua mradi…</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Pakia upya</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>Fun&amp;ga mradi</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Mipa&amp;ngilio…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Toka</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Faili</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>M&amp;saada</translation>
    </message>
    <message>
        <source>&amp;About Fieldbench</source>
        <translation>&amp;Kuhusu Fieldbench</translation>
    </message>
    <message>
        <source>About Fieldbench</source>
        <translation>Kuhusu Fieldbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Mradi</translation>
    </message>
    <message>
        <source>Click a language to show only its segments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Lugha</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Ghairi</translation>
    </message>
    <message>
        <source>Stop the import after the current file; what is imported stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fieldbench</source>
        <translation>Fieldbench</translation>
    </message>
    <message>
        <source>Create or open a project. Then drop recordings, ELAN or Praat annotations, transcripts and text anywhere on this window to import them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Mradi mpya…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Fungua mradi…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>Miradi ya hivi karibuni:</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Futa menyu</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(bado hakuna)</translation>
    </message>
    <message>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Hakuna mradi</translation>
    </message>
    <message>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Project Folder</source>
        <translation>Folda ya mradi mpya</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Fungua folda ya mradi</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Cheza</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Simamisha</translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>This project has no transcripts yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>Inapakia sauti…</translation>
    </message>
    <message>
        <source>No segment selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>Imeshindikana kucheza: %1</translation>
    </message>
    <message>
        <source>Cannot play: the audio output failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Mipangilio</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Chaguo-msingi la mfumo (%1)</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>&amp;Lugha ya kiolesura:</translation>
    </message>
    <message>
        <source>The new language is used the next time Fieldbench starts.</source>
        <translation>Lugha mpya itatumika Fieldbench itakapoanza tena.</translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <source>The audio could not be read.</source>
        <translation>Sauti haikuweza kusomwa.</translation>
    </message>
    <message>
        <source>The segment contains no audio.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Folda ya mradi ya kufungua.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Ukubwa wa dirisha, k.m. 1500x900.</translation>
    </message>
    <message>
        <source>Interface language for this run, e.g. es or pt_BR (en: English).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
