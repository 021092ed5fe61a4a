<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <source>Filter by recording, speaker or transcript…</source>
        <translation>Filtrer par enregistrement, locuteur ou transcription…</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Toutes les langues</translation>
    </message>
    <message>
        <source>Segments: %1</source>
        <translation>Segments&#xa0;: %1</translation>
    </message>
    <message>
        <source>Segments: %1 of %2</source>
        <translation>Segments&#xa0;: %1 sur %2</translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusModel</name>
    <message>
        <source>%1 s to %2 s</source>
        <translation>de %1 s à %2 s</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Locuteur</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Durée (s)</translation>
    </message>
    <message>
        <source>Transcript tier &quot;%1&quot;</source>
        <translation>Niveau de transcription «&#xa0;%1&#xa0;»</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportDialog</name>
    <message>
        <source>Import into Project</source>
        <translation>Importer dans le projet</translation>
    </message>
    <message>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation>Rechercher par nom anglais ou par code&#xa0;: Spanish, spa, es</translation>
    </message>
    <message>
        <source>Unknown speaker</source>
        <translation>Locuteur inconnu</translation>
    </message>
    <message>
        <source>First tier with text</source>
        <translation>Premier niveau contenant du texte</translation>
    </message>
    <message>
        <source>ELAN or Praat tier whose annotations become segments</source>
        <translation>Niveau ELAN ou Praat dont les annotations deviennent des segments</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (dossier)</translation>
    </message>
    <message>
        <source>Language of files that do not name one</source>
        <translation>Langue des fichiers qui n’en indiquent aucune</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>&amp;Locuteur&#xa0;:</translation>
    </message>
    <message>
        <source>Segment &amp;tier:</source>
        <translation>Niveau des &amp;segments&#xa0;:</translation>
    </message>
    <message>
        <source>To import (%1):</source>
        <translation>À importer (%1)&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Choisie&#xa0;: %1</translation>
    </message>
    <message>
        <source>No language chosen</source>
        <translation>Aucune langue choisie</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <source>Import Cancelled</source>
        <translation>Importation annulée</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Importation terminée</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>&amp;Copy Problems</source>
        <translation>&amp;Copier les problèmes</translation>
    </message>
    <message>
        <source>No problems were found.</source>
        <translation>Aucun problème n’a été trouvé.</translation>
    </message>
    <message>
        <source>These files had problems:</source>
        <translation>Ces fichiers ont posé problème&#xa0;:</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation>%1 importés, %2 doublons, %3 ignorés, %4 en échec</translation>
    </message>
    <message>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation> (segments&#xa0;: %1, documents texte&#xa0;: %2, audio&#xa0;: %3)</translation>
    </message>
    <message>
        <source>; cancelled</source>
        <translation>&#xa0;; annulée</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportWorker</name>
    <message>
        <source>The import stopped because of an unknown error.</source>
        <translation>L’importation s’est arrêtée à cause d’une erreur inconnue.</translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation>%1 (%2)&#xa0;: %3 enregistrements, %4 h d’audio, %5 segments transcrits sur %6, %7 locuteurs, %8 documents texte de %9 mots</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Locuteurs</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>Phrases</translation>
    </message>
    <message>
        <source>ISO 639-3 code</source>
        <translation>Code ISO 639-3</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation>Heures:minutes:secondes d’audio enregistré</translation>
    </message>
    <message>
        <source>Sentences of imported text documents</source>
        <translation>Phrases des documents texte importés</translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <source>Open Project</source>
        <translation>Ouvrir un projet</translation>
    </message>
    <message>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation>Attendez la fin de l’importation ou annulez-la d’abord.</translation>
    </message>
    <message>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>Impossible d’ouvrir le projet «&#xa0;%1&#xa0;».

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Ouvert&#xa0;: %1</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Nouveau projet</translation>
    </message>
    <message>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>Impossible de créer un projet dans «&#xa0;%1&#xa0;».

%2</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>Cannot read the project catalog.

%1</source>
        <translation>Impossible de lire le catalogue du projet.

%1</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importation</translation>
    </message>
    <message>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation>Créez ou ouvrez d’abord un projet&#xa0;; déposez ensuite des enregistrements, des annotations ou du texte sur la fenêtre pour les importer.</translation>
    </message>
    <message>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation>Une importation est en cours&#xa0;; déposez à nouveau les fichiers quand elle sera terminée.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <source>Importing %1 of %2: %3</source>
        <translation>Importation de %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>The import stopped.

%1</source>
        <translation>L’importation s’est arrêtée.

%1</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Nouveau projet…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Ouvrir un projet…</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>&amp;Importer des fichiers…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>Importer un &amp;dossier…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>Rec&amp;harger</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>&amp;Fermer le projet</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Projets &amp;récents</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About Fieldbench</source>
        <translation>À &amp;propos de Fieldbench</translation>
    </message>
    <message>
        <source>About Fieldbench</source>
        <translation>À propos de Fieldbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;Un atelier pour les modèles de parole et de texte des langues peu dotées.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <source>Click a language to show only its segments.</source>
        <translation>Cliquez sur une langue pour n’afficher que ses segments.</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Langues</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop the import after the current file; what is imported stays.</source>
        <translation>Arrêter l’importation après le fichier en cours&#xa0;; ce qui est déjà importé est conservé.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Fieldbench</source>
        <translation>Fieldbench</translation>
    </message>
    <message>
        <source>Create or open a project. Then drop recordings, ELAN or Praat annotations, transcripts and text anywhere on this window to import them.</source>
        <translation>Créez ou ouvrez un projet. Déposez ensuite des enregistrements, des annotations ELAN ou Praat, des transcriptions et du texte n’importe où sur cette fenêtre pour les importer.</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Nouveau projet…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Ouvrir un projet…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>Projets récents&#xa0;:</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Vider le menu</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(aucun pour l’instant)</translation>
    </message>
    <message>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Aucun projet</translation>
    </message>
    <message>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation>%1 langues · %2 segments · %3 d’audio</translation>
    </message>
    <message>
        <source>New Project Folder</source>
        <translation>Dossier du nouveau projet</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Ouvrir le dossier d’un projet</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>Importer des fichiers</translation>
    </message>
    <message>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation>Enregistrements, annotations et texte (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation>Importer un dossier</translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Lire</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation>Temps dans l’enregistrement (s)</translation>
    </message>
    <message>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation>%1 (%2)  ·  locuteur&#xa0;: %3  ·  %4 s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(pas de transcription)</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1&#xa0;:</translation>
    </message>
    <message>
        <source>This project has no transcripts yet.</source>
        <translation>Ce projet n’a pas encore de transcriptions.</translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>Chargement de l’audio…</translation>
    </message>
    <message>
        <source>No segment selected</source>
        <translation>Aucun segment sélectionné</translation>
    </message>
    <message>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation>Sélectionnez une ligne du corpus pour voir sa forme d’onde et ses transcriptions.</translation>
    </message>
    <message>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation>Segment long&#xa0;: seules les 10 premières minutes sont affichées.</translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>Lecture impossible&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cannot play: the audio output failed.</source>
        <translation>Lecture impossible&#xa0;: la sortie audio a échoué.</translation>
    </message>
</context>
<context>
    <name>fieldbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Langue du système (%1)</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>&amp;Langue de l’interface&#xa0;:</translation>
    </message>
    <message>
        <source>The new language is used the next time Fieldbench starts.</source>
        <translation>La nouvelle langue sera utilisée au prochain démarrage de Fieldbench.</translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <source>The audio could not be read.</source>
        <translation>L’audio n’a pas pu être lu.</translation>
    </message>
    <message>
        <source>The segment contains no audio.</source>
        <translation>Le segment ne contient pas d’audio.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation>Atelier pour les modèles de parole et de texte des langues peu dotées.</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Dossier du projet à ouvrir.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation>Enregistrer un PNG de la fenêtre une fois chargée, puis quitter.</translation>
    </message>
    <message>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation>Millisecondes d’attente supplémentaires avant la capture (300 par défaut).</translation>
    </message>
    <message>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Taille de la fenêtre, par ex. 1500x900.</translation>
    </message>
    <message>
        <source>Interface language for this run, e.g. es or pt_BR (en: English).</source>
        <translation>Langue de l’interface pour cette exécution, par ex. es ou pt_BR (en&#xa0;: anglais).</translation>
    </message>
</context>
</TS>
