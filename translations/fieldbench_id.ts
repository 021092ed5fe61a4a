<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
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
</context>
</TS>
