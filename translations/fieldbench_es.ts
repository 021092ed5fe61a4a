<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <source>Filter by recording, speaker or transcript…</source>
        <translation>Filtrar por grabación, hablante o transcripción…</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Todas las lenguas</translation>
    </message>
    <message>
        <source>Segments: %1</source>
        <translation>Segmentos: %1</translation>
    </message>
    <message>
        <source>Segments: %1 of %2</source>
        <translation>Segmentos: %1 de %2</translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusModel</name>
    <message>
        <source>%1 s to %2 s</source>
        <translation>de %1 s a %2 s</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Grabación</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Lengua</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Hablante</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Duración (s)</translation>
    </message>
    <message>
        <source>Transcript tier &quot;%1&quot;</source>
        <translation>Nivel de transcripción «%1»</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportDialog</name>
    <message>
        <source>Import into Project</source>
        <translation>Importar al proyecto</translation>
    </message>
    <message>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation>Buscar por nombre en inglés o por código: Spanish, spa, es</translation>
    </message>
    <message>
        <source>Unknown speaker</source>
        <translation>Hablante desconocido</translation>
    </message>
    <message>
        <source>First tier with text</source>
        <translation>Primer nivel con texto</translation>
    </message>
    <message>
        <source>ELAN or Praat tier whose annotations become segments</source>
        <translation>Nivel de ELAN o Praat cuyas anotaciones se convierten en segmentos</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (carpeta)</translation>
    </message>
    <message>
        <source>Language of files that do not name one</source>
        <translation>Lengua de los archivos que no indican ninguna</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>&amp;Hablante:</translation>
    </message>
    <message>
        <source>Segment &amp;tier:</source>
        <translation>&amp;Nivel de los segmentos:</translation>
    </message>
    <message>
        <source>To import (%1):</source>
        <translation>Para importar (%1):</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Elegida: %1</translation>
    </message>
    <message>
        <source>No language chosen</source>
        <translation>Ninguna lengua elegida</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <source>Import Cancelled</source>
        <translation>Importación cancelada</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Importación terminada</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>&amp;Copy Problems</source>
        <translation>&amp;Copiar problemas</translation>
    </message>
    <message>
        <source>No problems were found.</source>
        <translation>No se encontraron problemas.</translation>
    </message>
    <message>
        <source>These files had problems:</source>
        <translation>Estos archivos tuvieron problemas:</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation>%1 importados, %2 duplicados, %3 omitidos, %4 fallidos</translation>
    </message>
    <message>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation> (segmentos: %1, documentos de texto: %2, audio: %3)</translation>
    </message>
    <message>
        <source>; cancelled</source>
        <translation>; cancelada</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportWorker</name>
    <message>
        <source>The import stopped because of an unknown error.</source>
        <translation>La importación se detuvo por un error desconocido.</translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation>%1 (%2): %3 grabaciones, %4 h de audio, %5 de %6 segmentos transcritos, %7 hablantes, %8 documentos de texto con %9 palabras</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Lengua</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmentos</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Hablantes</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>Oraciones</translation>
    </message>
    <message>
        <source>ISO 639-3 code</source>
        <translation>Código ISO 639-3</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation>Horas:minutos:segundos de audio grabado</translation>
    </message>
    <message>
        <source>Sentences of imported text documents</source>
        <translation>Oraciones de los documentos de texto importados</translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <source>Open Project</source>
        <translation>Abrir proyecto</translation>
    </message>
    <message>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation>Espere a que termine la importación o cancélela primero.</translation>
    </message>
    <message>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>No se puede abrir el proyecto «%1».

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Abierto: %1</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Nuevo proyecto</translation>
    </message>
    <message>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>No se puede crear un proyecto en «%1».

%2</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recargar</translation>
    </message>
    <message>
        <source>Cannot read the project catalog.

%1</source>
        <translation>No se puede leer el catálogo del proyecto.

%1</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation>Primero cree o abra un proyecto; después arrastre grabaciones, anotaciones o texto a la ventana para importarlos.</translation>
    </message>
    <message>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation>Hay una importación en curso; vuelva a soltar los archivos cuando haya terminado.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importando…</translation>
    </message>
    <message>
        <source>Importing %1 of %2: %3</source>
        <translation>Importando %1 de %2: %3</translation>
    </message>
    <message>
        <source>The import stopped.

%1</source>
        <translation>La importación se detuvo.

%1</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Nuevo proyecto…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Abrir proyecto…</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>&amp;Importar archivos…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>Importar &amp;carpeta…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>Recar&amp;gar</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>C&amp;errar proyecto</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Con&amp;figuración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Proyectos &amp;recientes</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Fieldbench</source>
        <translation>&amp;Acerca de Fieldbench</translation>
    </message>
    <message>
        <source>About Fieldbench</source>
        <translation>Acerca de Fieldbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;Un banco de trabajo para modelos de habla y de texto de lenguas con pocos recursos.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Proyecto</translation>
    </message>
    <message>
        <source>Click a language to show only its segments.</source>
        <translation>Haga clic en una lengua para mostrar solo sus segmentos.</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Lenguas</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the import after the current file; what is imported stays.</source>
        <translation>Detiene la importación después del archivo actual; lo ya importado se conserva.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Fieldbench</source>
        <translation>Fieldbench</translation>
    </message>
    <message>
        <source>Create or open a project. Then drop recordings, ELAN or Praat annotations, transcripts and text anywhere on this window to import them.</source>
        <translation>Cree o abra un proyecto. Después arrastre grabaciones, anotaciones de ELAN o Praat, transcripciones y texto a cualquier parte de esta ventana para importarlos.</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Nuevo proyecto…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Abrir proyecto…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>Proyectos recientes:</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Vaciar menú</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(ninguno todavía)</translation>
    </message>
    <message>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Sin proyecto</translation>
    </message>
    <message>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation>%1 lenguas · %2 segmentos · %3 de audio</translation>
    </message>
    <message>
        <source>New Project Folder</source>
        <translation>Carpeta del nuevo proyecto</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Abrir carpeta de proyecto</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>Importar archivos</translation>
    </message>
    <message>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation>Grabaciones, anotaciones y texto (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation>Importar carpeta</translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Reproducir</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Detener</translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation>Tiempo en la grabación (s)</translation>
    </message>
    <message>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation>%1 (%2)  ·  hablante: %3  ·  %4 s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(sin transcripción)</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>This project has no transcripts yet.</source>
        <translation>Este proyecto aún no tiene transcripciones.</translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>Cargando audio…</translation>
    </message>
    <message>
        <source>No segment selected</source>
        <translation>Ningún segmento seleccionado</translation>
    </message>
    <message>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation>Seleccione una fila del corpus para ver su forma de onda y sus transcripciones.</translation>
    </message>
    <message>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation>Segmento largo: se muestran los primeros 10 minutos.</translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>No se puede reproducir: %1</translation>
    </message>
    <message>
        <source>Cannot play: the audio output failed.</source>
        <translation>No se puede reproducir: falló la salida de audio.</translation>
    </message>
</context>
<context>
    <name>fieldbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Predeterminado del sistema (%1)</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>&amp;Idioma de la interfaz:</translation>
    </message>
    <message>
        <source>The new language is used the next time Fieldbench starts.</source>
        <translation>El nuevo idioma se usará la próxima vez que se inicie Fieldbench.</translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <source>The audio could not be read.</source>
        <translation>No se pudo leer el audio.</translation>
    </message>
    <message>
        <source>The segment contains no audio.</source>
        <translation>El segmento no contiene audio.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation>Banco de trabajo para modelos de habla y de texto de lenguas con pocos recursos.</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Carpeta del proyecto que se abrirá.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation>Guardar un PNG de la ventana una vez cargada y salir.</translation>
    </message>
    <message>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation>Milisegundos adicionales de espera antes de la captura (300 de forma predeterminada).</translation>
    </message>
    <message>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Tamaño de la ventana, p. ej., 1500x900.</translation>
    </message>
    <message>
        <source>Interface language for this run, e.g. es or pt_BR (en: English).</source>
        <translation>Idioma de la interfaz para esta ejecución, p. ej., es o pt_BR (en: inglés).</translation>
    </message>
</context>
</TS>
