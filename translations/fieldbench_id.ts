<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>RunData</name>
    <message>
        <source>Steps with a non-finite loss or gradient were skipped (%1 so far). Lower the learning rate or use fp32.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss is diverging: %1 (smoothed) against a low of %2. Lower the learning rate, lengthen the warm-up or clip gradients harder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codebook collapse: code perplexity %1 is below %2, so only a few codebook entries are used. Raise the diversity loss weight or the Gumbel temperature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer waits for data %1% of the time (more than %2%). Raise data.loader_threads or data.prefetch_batches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the trainer (process %1) ended without saying why; see the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no update from %1 for %2 minutes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::CodebookController</name>
    <message>
        <source>The analysis stopped because of an unknown error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::CodebookPage</name>
    <message>
        <source>Codebook Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Genealogy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a pre-training model folder and languages, then Run; or open a report.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wav2vec 2.0 folder with a quantizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smallest language&apos;s total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio sampled per language, the same for each (0: as much as the smallest has)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jensen-Shannon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 - cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Batal</translation>
    </message>
    <message>
        <source>Open Report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Codebook Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codebook reports (report.json);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement with CLDR families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No report yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jensen-Shannon divergence (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared frames (row&apos;s frames whose codeword the column uses)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codewords used (above the frequency threshold) by several languages. Select one to list example stretches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the selected unit occurs (longest stretches per language):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play Example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plays the stretch with 150 ms of context on each side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot list the project&apos;s languages: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project and choose a model folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check at least two languages to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after the current chunk…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizing %1: %2 of %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 languages, %2 frames, %3 joint codewords used; codebook %4 x %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JS (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages in dendrogram order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 - cosine (average linkage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jensen-Shannon (average linkage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clustering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC1 (%1 % of variance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC2 (%1 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PCA of square-root codeword frequencies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>codebook entry (group g at g x %1 + entry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1g%2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 codewords, perplexity %3 (per group: %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cophenetic correlation with the CLDR tree: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Nearest neighbour in the same branch: &lt;b&gt;%2 / %3&lt;/b&gt; (same family %4 / %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Not in CLDR, left out: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement with CLDR&apos;s language families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups of the chosen languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished">Bahasa</translation>
    </message>
    <message>
        <source>One cluster?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smallest cluster holding them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 languages, also %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearest neighbours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished">Bahasa</translation>
    </message>
    <message>
        <source>Nearest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CLDR lineage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projection: %1. t-SNE and UMAP are not offered: Debian packages neither as a C/C++ library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing %1, segment %2 at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation type="unfinished">Tidak dapat memutar: %1</translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusBrowser</name>
    <message>
        <source>Filter by recording, speaker or transcript…</source>
        <translation>Saring menurut rekaman, penutur, atau transkripsi…</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Semua bahasa</translation>
    </message>
    <message>
        <source>Segments: %1</source>
        <translation>Segmen: %1</translation>
    </message>
    <message>
        <source>Segments: %1 of %2</source>
        <translation>Segmen: %1 dari %2</translation>
    </message>
</context>
<context>
    <name>fieldbench::CorpusModel</name>
    <message>
        <source>%1 s to %2 s</source>
        <translation>%1 s sampai %2 s</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Rekaman</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Penutur</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Awal</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Durasi (s)</translation>
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
        <translation>Impor ke Proyek</translation>
    </message>
    <message>
        <source>Search by name or code: Spanish, spa, es</source>
        <translation>Cari menurut nama dalam bahasa Inggris atau kode: Spanish, spa, es</translation>
    </message>
    <message>
        <source>Unknown speaker</source>
        <translation>Penutur tidak dikenal</translation>
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
        <translation>%1 (folder)</translation>
    </message>
    <message>
        <source>Language of files that do not name one</source>
        <translation>Bahasa untuk berkas yang tidak menyebutkan bahasanya</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>&amp;Penutur:</translation>
    </message>
    <message>
        <source>Segment &amp;tier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To import (%1):</source>
        <translation>Akan diimpor (%1):</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Impor</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Dipilih: %1</translation>
    </message>
    <message>
        <source>No language chosen</source>
        <translation>Belum ada bahasa yang dipilih</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportReportDialog</name>
    <message>
        <source>Import Cancelled</source>
        <translation>Impor Dibatalkan</translation>
    </message>
    <message>
        <source>Import Finished</source>
        <translation>Impor Selesai</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Tingkat keparahan</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Kesalahan</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <source>&amp;Copy Problems</source>
        <translation>&amp;Salin Masalah</translation>
    </message>
    <message>
        <source>No problems were found.</source>
        <translation>Tidak ditemukan masalah.</translation>
    </message>
    <message>
        <source>These files had problems:</source>
        <translation>Berkas-berkas ini bermasalah:</translation>
    </message>
    <message>
        <source>%1 imported, %2 duplicates, %3 skipped, %4 failed</source>
        <translation>%1 diimpor, %2 duplikat, %3 dilewati, %4 gagal</translation>
    </message>
    <message>
        <source> (segments: %1, text documents: %2, audio: %3)</source>
        <translation> (segmen: %1, dokumen teks: %2, audio: %3)</translation>
    </message>
    <message>
        <source>; cancelled</source>
        <translation>; dibatalkan</translation>
    </message>
</context>
<context>
    <name>fieldbench::ImportWorker</name>
    <message>
        <source>The import stopped because of an unknown error.</source>
        <translation>Impor berhenti karena kesalahan yang tidak diketahui.</translation>
    </message>
</context>
<context>
    <name>fieldbench::LanguageModel</name>
    <message>
        <source>%1 (%2): %3 recordings, %4 h of audio, %5 of %6 segments transcribed, %7 speakers, %8 text documents with %9 words</source>
        <translation>%1 (%2): %3 rekaman, %4 jam audio, %5 dari %6 segmen sudah ditranskripsi, %7 penutur, %8 dokumen teks berisi %9 kata</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmen</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Penutur</translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation>Kalimat</translation>
    </message>
    <message>
        <source>ISO 639-3 code</source>
        <translation>Kode ISO 639-3</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds of recorded audio</source>
        <translation>Jam:menit:detik audio yang direkam</translation>
    </message>
    <message>
        <source>Sentences of imported text documents</source>
        <translation>Kalimat dalam dokumen teks yang diimpor</translation>
    </message>
</context>
<context>
    <name>fieldbench::LevelMeter</name>
    <message>
        <source>Input level (dBFS). The CLIP light stays on after clipping until you click it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CLIP</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::MainWindow</name>
    <message>
        <source>Open Project</source>
        <translation>Buka Proyek</translation>
    </message>
    <message>
        <source>Wait for the import to finish or cancel it first.</source>
        <translation>Tunggu sampai impor selesai atau batalkan dulu.</translation>
    </message>
    <message>
        <source>Cannot open the project &quot;%1&quot;.

%2</source>
        <translation>Tidak dapat membuka proyek &quot;%1&quot;.

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 dibuka</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Proyek Baru</translation>
    </message>
    <message>
        <source>Cannot create a project in &quot;%1&quot;.

%2</source>
        <translation>Tidak dapat membuat proyek di &quot;%1&quot;.

%2</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Muat Ulang</translation>
    </message>
    <message>
        <source>Cannot read the project catalog.

%1</source>
        <translation>Tidak dapat membaca katalog proyek.

%1</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <source>Create or open a project first; then drop recordings, annotations or text onto the window to import them.</source>
        <translation>Buat atau buka proyek terlebih dahulu; lalu seret rekaman, anotasi, atau teks ke jendela ini untuk mengimpornya.</translation>
    </message>
    <message>
        <source>An import is running; drop the files again when it has finished.</source>
        <translation>Impor sedang berjalan; seret berkas lagi setelah impor selesai.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Mengimpor…</translation>
    </message>
    <message>
        <source>Importing %1 of %2: %3</source>
        <translation>Mengimpor %1 dari %2: %3</translation>
    </message>
    <message>
        <source>The import stopped.

%1</source>
        <translation>Impor berhenti.

%1</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Proyek Baru…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Buka Proyek…</translation>
    </message>
    <message>
        <source>&amp;Import Files…</source>
        <translation>&amp;Impor Berkas…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>Impor &amp;Folder…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Muat Ulang</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>T&amp;utup Proyek</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>P&amp;engaturan…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Buka &amp;Terkini</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ba&amp;ntuan</translation>
    </message>
    <message>
        <source>&amp;About Fieldbench</source>
        <translation>&amp;Tentang Fieldbench</translation>
    </message>
    <message>
        <source>About Fieldbench</source>
        <translation>Tentang Fieldbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;A workbench for speech and text models of low-resource languages.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Fieldbench %1&lt;/h3&gt;&lt;p&gt;Meja kerja untuk model ujaran dan teks bagi bahasa-bahasa dengan sumber daya terbatas.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Proyek</translation>
    </message>
    <message>
        <source>Click a language to show only its segments.</source>
        <translation>Klik sebuah bahasa untuk hanya menampilkan segmennya.</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Stop the import after the current file; what is imported stays.</source>
        <translation>Hentikan impor setelah berkas yang sedang diproses; yang sudah diimpor tetap tersimpan.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Membatalkan…</translation>
    </message>
    <message>
        <source>Fieldbench</source>
        <translation>Fieldbench</translation>
    </message>
    <message>
        <source>Create or open a project. Then drop recordings, ELAN or Praat annotations, transcripts and text anywhere on this window to import them.</source>
        <translation>Buat atau buka proyek. Lalu seret rekaman, anotasi ELAN atau Praat, transkripsi, dan teks ke mana saja di jendela ini untuk mengimpornya.</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Proyek Baru…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Buka Proyek…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>Proyek terkini:</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Bersihkan Menu</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(belum ada)</translation>
    </message>
    <message>
        <source>%1 — Fieldbench</source>
        <translation>%1 — Fieldbench</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Tidak ada proyek</translation>
    </message>
    <message>
        <source>%1 languages · %2 segments · %3 of audio</source>
        <translation>%1 bahasa · %2 segmen · %3 audio</translation>
    </message>
    <message>
        <source>New Project Folder</source>
        <translation>Folder Proyek Baru</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Buka Folder Proyek</translation>
    </message>
    <message>
        <source>Import Files</source>
        <translation>Impor Berkas</translation>
    </message>
    <message>
        <source>Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)</source>
        <translation>Rekaman, anotasi, dan teks (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff *.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Import Folder</source>
        <translation>Impor Folder</translation>
    </message>
    <message>
        <source>&amp;Record Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Codebook Sharing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording</source>
        <translation type="unfinished">Rekaman</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Runs and Live Plots…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Run Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the segments to transcribe in the corpus table first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transcribe Selected Segments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcribe the selected segments with a CTC model, review and correct the result, and save it as a transcript tier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::NewRunDialog</name>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer and schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pretraining (wav2vec 2.0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recogniser (CTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints, evaluation and logging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue pretraining a multilingual model on my language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a phoneme recogniser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a character recogniser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pretrain a small model from scratch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from a multilingual wav2vec 2.0 model (XLSR-53, XLS-R: choose its folder) and keep pretraining it on your untranscribed recordings: the most effective way to adapt it to a new language before training a recogniser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune a pretrained model with CTC to write phones (e.g. the IPA tier): needs transcribed segments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune a pretrained model with CTC to write the orthography, character by character: needs transcribed segments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a small wav2vec 2.0 model from random weights on your recordings; needs many hours to be useful, mostly for experiments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate time per epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Training Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a folder name under runs/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling exponent α:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each language is drawn with probability ∝ (its share of the hours)^α: 1 = as in the data, 0 = every language equally, 0.5 = XLSR/XLM-R (up-samples the small languages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished">Bahasa</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation type="unfinished">Penutur</translation>
    </message>
    <message>
        <source>Languages and speakers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs a few training steps with these settings on the chosen device and measures them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from random weights (the size below)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: a fresh model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>comma-separated; empty = all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown speaker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the project: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not on this machine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 languages, %2 speaker entries, %3 hours of audio chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the run a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run name becomes a folder name: no slashes, no leading dot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the starting model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The starting model cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A recogniser is fine-tuned from a pretrained model: choose its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting Model Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fresh model of the size below, with random weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fieldbench-cli model info failed (exit code %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a usable model folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 parameters · %3 layers × %4 hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · quantizer %1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 tensors not in the checkpoint (newly initialised)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring a few training steps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No estimate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ %1 per epoch (%2 steps of %3 s); %4 steps ≈ %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked language model (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue training a masked language model (XLM-R) on my texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep training an XLM-R masked language model (a folder with its tokenizer, from fieldbench-cli mlm init or mlm adapt) on the project&apos;s text documents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A masked language model trains from an XLM-R folder with its tokenizer (fieldbench-cli mlm init): choose it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::PromptListModel</name>
    <message>
        <source>%1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>  (%n takes)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recorded (%n take(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Skipped: comes back when the other prompts are done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recorded yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::RecordingDialog</name>
    <message>
        <source>Recording Session — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;kip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trim Silence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker and language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ISO 639-3 code of the language recorded, e.g. &quot;ain&quot; or &quot;fin&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name or pseudonym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a pseudonym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>under 18</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>70 or older</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dialect or variety</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place of origin or residence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was agreed (use, archiving, access), when and how consent was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spea&amp;ker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Age range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dialect:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;lace:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Consent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trim silence at both ends of each take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;New Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resu&amp;me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prompts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample &amp;rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: R record · Space stop · Shift+R re-record · P play back · ←/→ previous/next · K skip · T trim silence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, %3 of %4 done)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2, free, %n take(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No earlier sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: free recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From a text file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Text: %1 (%n sentence(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Free recording: takes are saved without a prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) loaded; the first: “%1”</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No input device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio input device was found (%1). You can still set up and resume sessions, go through prompts and play back earlier takes; connect a microphone to record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Hz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mix of all channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session started. Press R to record, Space to stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session started. Recording needs an audio input device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Recovered %n take(s) that were cut short (%1 s in all) and saved them.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Session resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new session or resume one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record: the input device could not be opened (see Input).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every prompt is recorded. Choose one in the list to record it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording… press Space to stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take saved: %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The take could not be saved: %1 (it stays in the session folder; resuming the session tries again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No take to play back yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing the take.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence trimmed: the segment keeps %1–%2 s of %3 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prompt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last take (%1): %2 s, recorded at %3 Hz; the segment keeps %4–%5 s%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (recovered after a crash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in speaker and language, choose prompts, then start a session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n take(s) so far</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>All prompts are recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt %1 of %2 · %3 done · %4 skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 done · %3 skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● REC %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::RunController</name>
    <message>
        <source>&quot;%1&quot; is not a training run folder (it has no config.json, status.json or metrics.jsonl).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first: a run trains on a project&apos;s recordings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings have problems:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be a folder name; use letters, digits, - and _.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the run folder &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run &quot;%1&quot; is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run &quot;%1&quot; is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run &quot;%1&quot; trains on %2; stop it there (fieldbench-cli writes its pid into status.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot signal the trainer (process %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run &quot;%1&quot; before deleting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete every file of &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::RunMonitor</name>
    <message>
        <source>the trainer exited before it started (no output)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::RunPlot</name>
    <message>
        <source>Loss and its parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code and prob perplexity per group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gumbel temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Throughput (audio seconds per second)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of time waiting for data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds per step (data, forward, backward, optimizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dev PER / CER / WER per language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dev loss and accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of utterances sampled per language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which metrics to plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horizontal axis: optimizer steps, training time or epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponential moving average weight; the raw values stay visible, faint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all points again (or double-click the plot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image (PNG)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training time (h:mm:ss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one or more runs to plot them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No %1 in the selected runs yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hover over the plot for values; wheel zooms, drag pans, double-click fits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 · %2 · epoch %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 = %2 (raw %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::RunView</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoded examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished">Pengaturan</translation>
    </message>
    <message>
        <source>No run selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new run, or open a run folder (also one another machine writes to a shared folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (on %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 of %2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · epoch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · elapsed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 h of audio seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;No decoded examples yet: a recogniser&apos;s evaluations show some of the dev utterances here, its output next to the reference.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Evaluation at step %1. &lt;span style=&quot;background-color:#ffd8a8&quot;&gt;substituted&lt;/span&gt; &lt;span style=&quot;background-color:#ffc9c9;text-decoration:line-through&quot;&gt;missed&lt;/span&gt; &lt;span style=&quot;background-color:#c3fac8&quot;&gt;inserted&lt;/span&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;tr&gt;&lt;th&gt;Language&lt;/th&gt;&lt;th&gt;Reference / recognised&lt;/th&gt;&lt;th&gt;Errors&lt;/th&gt;&lt;/tr&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 · %2%3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::RunsModel</name>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished">%1: {1 %2?}</translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best dev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::SegmentDetails</name>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Putar</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Hentikan</translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation>Waktu dalam rekaman (s)</translation>
    </message>
    <message>
        <source>%1  ·  %2 – %3 s</source>
        <translation>%1  ·  %2 – %3 s</translation>
    </message>
    <message>
        <source>%1 (%2)  ·  speaker: %3  ·  %4 s</source>
        <translation>%1 (%2)  ·  penutur: %3  ·  %4 s</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>tidak dikenal</translation>
    </message>
    <message>
        <source>(no transcript)</source>
        <translation>(tanpa transkripsi)</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>This project has no transcripts yet.</source>
        <translation>Proyek ini belum memiliki transkripsi.</translation>
    </message>
    <message>
        <source>Loading audio…</source>
        <translation>Memuat audio…</translation>
    </message>
    <message>
        <source>No segment selected</source>
        <translation>Tidak ada segmen yang dipilih</translation>
    </message>
    <message>
        <source>Select a row in the corpus to see its waveform and transcripts.</source>
        <translation>Pilih sebuah baris di korpus untuk melihat bentuk gelombang dan transkripsinya.</translation>
    </message>
    <message>
        <source>Long segment: showing the first 10 minutes.</source>
        <translation>Segmen panjang: menampilkan 10 menit pertama.</translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>Tidak dapat memutar: %1</translation>
    </message>
    <message>
        <source>Cannot play: the audio output failed.</source>
        <translation>Tidak dapat memutar: keluaran audio gagal.</translation>
    </message>
</context>
<context>
    <name>fieldbench::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Bawaan sistem (%1)</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>&amp;Bahasa antarmuka:</translation>
    </message>
    <message>
        <source>The new language is used the next time Fieldbench starts.</source>
        <translation>Bahasa yang baru akan digunakan saat Fieldbench dijalankan lagi.</translation>
    </message>
</context>
<context>
    <name>fieldbench::SharedUnitsModel</name>
    <message>
        <source>Joint codeword %1 (one index per codebook group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codeword</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished">Bahasa</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean share of frames</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::TakeView</name>
    <message>
        <source>Wave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time in take (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hz</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::TrainingWindow</name>
    <message>
        <source>Training — Fieldbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select several runs (Ctrl/Shift) to overlay their curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Run Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a checkpoint and stop; Resume continues from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new run with this run&apos;s settings, to change some of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first: a run trains on a project&apos;s recordings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate %1 with Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked the trainer to save a checkpoint and stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the run &quot;%1&quot; and every checkpoint in
%2?

This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::TranscribeDialog</name>
    <message>
        <source>Transcribe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Batal</translation>
    </message>
    <message>
        <source>Save to Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcribe Segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CTC model folder (config.json, model.safetensors, vocab.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0: greedy decoding; N: CTC prefix beam search keeping N prefixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beam width:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as tier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time in recording (s)</source>
        <translation type="unfinished">Waktu dalam rekaman (s)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CTC Model Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s) selected.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a CTC model folder first (it needs config.json, model.safetensors and vocab.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcribing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcription failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Transcribed segments can still be reviewed and saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done. Review and correct the transcripts (double-click to edit), then save them to tier &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the tier a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is transcribed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saved %n transcript(s) to tier &quot;%1&quot;.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fieldbench::TranscriptionModel</name>
    <message>
        <source>(waiting)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording</source>
        <translation type="unfinished">Rekaman</translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished">Awal</translation>
    </message>
    <message>
        <source>End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcript (editable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::UnitExamplesModel</name>
    <message>
        <source>%1, %2 s to %3 s; double-click to play it with a little context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished">Bahasa</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation type="unfinished">Segmen</translation>
    </message>
    <message>
        <source>At</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held for</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fieldbench::Waveform</name>
    <message>
        <source>The audio could not be read.</source>
        <translation>Audio tidak dapat dibaca.</translation>
    </message>
    <message>
        <source>The segment contains no audio.</source>
        <translation>Segmen ini tidak berisi audio.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speech and text models of low-resource languages.</source>
        <translation>Meja kerja untuk model ujaran dan teks bagi bahasa-bahasa dengan sumber daya terbatas.</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Folder proyek yang akan dibuka.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once it is loaded, then quit.</source>
        <translation>Simpan PNG jendela setelah dimuat, lalu keluar.</translation>
    </message>
    <message>
        <source>Extra milliseconds to wait before the screenshot (default 300).</source>
        <translation>Milidetik tambahan sebelum tangkapan layar (bawaan 300).</translation>
    </message>
    <message>
        <source>Window size, e.g. 1500x900.</source>
        <translation>Ukuran jendela, mis. 1500x900.</translation>
    </message>
    <message>
        <source>Interface language for this run, e.g. es or pt_BR (en: English).</source>
        <translation>Bahasa antarmuka untuk sesi ini, mis. es atau pt_BR (en: bahasa Inggris).</translation>
    </message>
    <message>
        <source>Record a deterministic test signal instead of a sound card (demos, tests).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a recording session on the project and record a demo take; with --screenshot, the session window is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the codebook-sharing page on this report.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab of the codebook page to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the Training window (runs and live plots).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow a training run folder (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
