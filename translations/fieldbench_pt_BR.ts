<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <source>Filter by recording, speaker or transcript…</source>
        <translation>Filtrar por gravação, falante ou transcrição…</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Todas as línguas</translation>
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
        <translation>Gravação</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Língua</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Falante</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Início</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Duração (s)</translation>
    </message>
    <message>
        <source>Transcript tier &quot;%1&quot;</source>
        <translation>Trilha de transcrição “%1”</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportDialog</name>
    <message>
        <source>Import into Project</source>
        <translation>Importar para o projeto</translation>
    </message>
    <message>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation>Pesquisar por nome em inglês ou por código: Spanish, spa, es</translation>
    </message>
    <message>
        <source>Unknown speaker</source>
        <translation>Falante desconhecido</translation>
    </message>
    <message>
        <source>First tier with text</source>
        <translation>Primeira trilha com texto</translation>
    </message>
    <message>
        <source>ELAN or Praat tier whose annotations become segments</source>
        <translation>Trilha do ELAN ou do Praat cujas anotações viram segmentos</translation>
    </message>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (pasta)</translation>
    </message>
    <message>
        <source>Language of files that do not name one</source>
        <translation>Língua dos arquivos que não indicam nenhuma</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>&amp;Falante:</translation>
    </message>
    <message>
        <source>Segment &amp;tier:</source>
        <translation>&amp;Trilha dos segmentos:</translation>
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
        <translation>Escolhida: %1</translation>
    </message>
    <message>
        <source>No language chosen</source>
        <translation>Nenhuma língua escolhida</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <source>Import Cancelled</source>
        <translation>Importação cancelada</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Importação concluída</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravidade</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Arquivo</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>&amp;Copy Problems</source>
        <translation>&amp;Copiar problemas</translation>
    </message>
    <message>
        <source>No problems were found.</source>
        <translation>Nenhum problema foi encontrado.</translation>
    </message>
    <message>
        <source>These files had problems:</source>
        <translation>Estes arquivos tiveram problemas:</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation>%1 importados, %2 duplicados, %3 ignorados, %4 com falha</translation>
    </message>
    <message>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation> (segmentos: %1, documentos de texto: %2, áudio: %3)</translation>
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
        <translation>A importação parou por causa de um erro desconhecido.</translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation>%1 (%2): %3 gravações, %4 h de áudio, %5 de %6 segmentos transcritos, %7 falantes, %8 documentos de texto com %9 palavras</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Língua</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Áudio</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmentos</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Falantes</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>Frases</translation>
    </message>
    <message>
        <source>ISO 639-3 code</source>
        <translation>Código ISO 639-3</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation>Horas:minutos:segundos de áudio gravado</translation>
    </message>
    <message>
        <source>Sentences of imported text documents</source>
        <translation>Frases dos documentos de texto importados</translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <source>Open Project</source>
        <translation>Abrir projeto</translation>
    </message>
    <message>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation>Aguarde o fim da importação ou cancele-a primeiro.</translation>
    </message>
    <message>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>Não é possível abrir o projeto “%1”.

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Aberto: %1</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Novo projeto</translation>
    </message>
    <message>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>Não é possível criar um projeto em “%1”.

%2</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recarregar</translation>
    </message>
    <message>
        <source>Cannot read the project catalog.

%1</source>
        <translation>Não é possível ler o catálogo do projeto.

%1</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importação</translation>
    </message>
    <message>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation>Crie ou abra um projeto primeiro; depois arraste gravações, anotações ou texto para a janela para importá-los.</translation>
    </message>
    <message>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation>Uma importação está em andamento; solte os arquivos de novo quando ela terminar.</translation>
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
        <translation>A importação parou.

%1</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Novo projeto…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Abrir projeto…</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>&amp;Importar arquivos…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>Importar &amp;pasta…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>Recarre&amp;gar</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>&amp;Fechar projeto</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configurações…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;recente</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Fieldbench</source>
        <translation>&amp;Sobre o Fieldbench</translation>
    </message>
    <message>
        <source>About Fieldbench</source>
        <translation>Sobre o Fieldbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;Uma bancada de trabalho para modelos de fala e de texto de línguas com poucos recursos.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projeto</translation>
    </message>
    <message>
        <source>Click a language to show only its segments.</source>
        <translation>Clique em uma língua para mostrar apenas os segmentos dela.</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Línguas</translation>
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
        <translation>Parar a importação depois do arquivo atual; o que já foi importado é mantido.</translation>
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
        <translation>Crie ou abra um projeto. Depois arraste gravações, anotações do ELAN ou do Praat, transcrições e texto para qualquer lugar desta janela para importá-los.</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Novo projeto…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Abrir projeto…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>Projetos recentes:</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Limpar menu</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(nenhum ainda)</translation>
    </message>
    <message>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Nenhum projeto</translation>
    </message>
    <message>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation>%1 línguas · %2 segmentos · %3 de áudio</translation>
    </message>
    <message>
        <source>New Project Folder</source>
        <translation>Pasta do novo projeto</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Abrir pasta do projeto</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>Importar arquivos</translation>
    </message>
    <message>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation>Gravações, anotações e texto (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation>Importar pasta</translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Reproduzir</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Parar</translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation>Tempo na gravação (s)</translation>
    </message>
    <message>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation>%1 (%2)  ·  falante: %3  ·  %4 s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(sem transcrição)</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>This project has no transcripts yet.</source>
        <translation>Este projeto ainda não tem transcrições.</translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>Carregando áudio…</translation>
    </message>
    <message>
        <source>No segment selected</source>
        <translation>Nenhum segmento selecionado</translation>
    </message>
    <message>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation>Selecione uma linha do corpus para ver a forma de onda e as transcrições dela.</translation>
    </message>
    <message>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation>Segmento longo: mostrando os primeiros 10 minutos.</translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>Não é possível reproduzir: %1</translation>
    </message>
    <message>
        <source>Cannot play: the audio output failed.</source>
        <translation>Não é possível reproduzir: a saída de áudio falhou.</translation>
    </message>
</context>
<context>
    <name>fieldbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Padrão do sistema (%1)</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>&amp;Idioma da interface:</translation>
    </message>
    <message>
        <source>The new language is used the next time Fieldbench starts.</source>
        <translation>O novo idioma será usado na próxima vez que o Fieldbench for iniciado.</translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <source>The audio could not be read.</source>
        <translation>Não foi possível ler o áudio.</translation>
    </message>
    <message>
        <source>The segment contains no audio.</source>
        <translation>O segmento não contém áudio.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation>Bancada de trabalho para modelos de fala e de texto de línguas com poucos recursos.</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Pasta do projeto a abrir.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation>Salvar um PNG da janela depois de carregada e sair.</translation>
    </message>
    <message>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation>Milissegundos extras de espera antes da captura de tela (padrão: 300).</translation>
    </message>
    <message>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Tamanho da janela, por exemplo 1500x900.</translation>
    </message>
    <message>
        <source>Interface language for this run, e.g. es or pt_BR (en: English).</source>
        <translation>Idioma da interface para esta execução, por exemplo es ou pt_BR (en: inglês).</translation>
    </message>
</context>
</TS>
