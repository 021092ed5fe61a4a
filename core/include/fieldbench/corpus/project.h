#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace fieldbench {

struct Language
{
    std::int64_t id = 0;
    std::string code; // ISO 639-3
    std::string name; // display name (defaults to the iso-codes name)
};

struct Speaker
{
    std::int64_t id = 0;
    std::string name;
};

struct Recording
{
    std::int64_t id = 0;
    std::string sourcePath;      // absolute path of the imported file (or archive member)
    std::string contentHash;     // XXH3-128 of the source file's bytes
    std::string originalFormat;  // libsndfile's description
    int originalSampleRate = 0;  // Hz
    int originalChannels = 0;
    double durationSeconds = 0;  // of the stored 16 kHz audio
    std::string audioFile;       // relative to the project folder: "audio/<hash>.flac"
    std::int64_t languageId = 0;
    std::int64_t speakerId = 0;  // 0: unknown speaker
    std::string importedAt;      // ISO 8601 UTC
};

struct Transcript
{
    std::string tier;   // tier name, e.g. "text", "ipa", an ELAN tier id
    std::string text;
};

struct Segment
{
    std::int64_t id = 0;
    std::int64_t recordingId = 0;
    double start = 0; // seconds
    double end = 0;   // seconds
    std::string source; // where the boundaries came from: "eaf", "textgrid", "whole-file"...
    std::vector<Transcript> transcripts;
};

struct TextDocument
{
    std::int64_t id = 0;
    std::int64_t languageId = 0;
    std::string sourcePath;
    std::string contentHash; // of the normalised, deduplicated text
    std::string textFile;    // relative: "text/<hash>.txt" (UTF-8, NFC, one sentence a line)
    std::int64_t sentences = 0;
    std::int64_t words = 0;
    std::int64_t characters = 0; // Unicode code points, newlines excluded
    std::string scripts;         // JSON object: ISO 15924 script name -> code point count
};

// One row of the corpus browser: a segment with its recording, language and speaker.
struct SegmentRow
{
    std::int64_t segmentId = 0;
    std::int64_t recordingId = 0;
    std::string recordingName; // source file name without folders
    std::string audioFile;     // relative to the project
    std::string languageCode;
    std::string languageName;
    std::string speaker;       // empty when unknown
    double start = 0;
    double end = 0;
    std::vector<Transcript> transcripts;
};

// One edit of a segment's transcript on one tier (Project::setTranscripts).
struct TranscriptEdit
{
    std::int64_t segmentId = 0;
    std::string tier;   // e.g. "asr", "text"; must not be empty
    std::string text;   // UTF-8; empty removes the segment's transcript on that tier
};

struct LanguageStats
{
    Language language;
    std::int64_t recordings = 0;
    std::int64_t segments = 0;
    std::int64_t transcribedSegments = 0;
    double audioSeconds = 0;        // of recordings
    double segmentSeconds = 0;      // sum of segment spans
    std::int64_t speakers = 0;
    std::int64_t textDocuments = 0;
    std::int64_t textSentences = 0;
    std::int64_t textWords = 0;
    std::int64_t textCharacters = 0;
    std::map<std::string, std::int64_t> textScripts; // ISO 15924 script name -> letters
};

struct SpeakerStats
{
    std::string languageCode;
    std::string speaker;
    std::int64_t recordings = 0;
    std::int64_t segments = 0;
    double audioSeconds = 0;
};

struct ProjectStats
{
    std::vector<LanguageStats> languages;
    std::vector<SpeakerStats> speakers;
};

// What an import adds for one recording, committed in one transaction.
struct NewRecording
{
    Recording recording;          // id ignored; audioFile must already exist (renamed in)
    std::string languageCode;     // ISO 639-3
    std::string speakerName;      // empty: unknown
    std::vector<Segment> segments;
};

// A project folder: project.sqlite (catalog), audio/, text/, runs/, exports/.
//
// One Project object owns one SQLite connection and is used from one thread at a time;
// open a second Project on the same folder for another thread (WAL mode lets readers run
// while an import writes). Every write is one transaction; files are written under a
// ".tmp-" name and renamed before the transaction that refers to them commits, so a crash
// at any point leaves a project that opens, without half entries. open() removes ".tmp-"
// files untouched for ten minutes (leftovers of a crash; a live import in another process
// keeps its files fresh). A crash between renaming a file in and committing its rows leaves
// a file no row refers to; the next import of the same content reuses that name.
class Project
{
public:
    static constexpr int kSchemaVersion = 2;
    static constexpr const char *kCatalogFile = "project.sqlite";

    // Creates the folder (if needed) and an empty catalog. Throws Error if a project
    // already exists there.
    static Project create(const std::filesystem::path &dir, const std::string &name = {});
    // Opens an existing project, migrating an older schema. Throws Error when the folder is
    // not a project, or was written by a newer Fieldbench.
    static Project open(const std::filesystem::path &dir);
    static bool isProject(const std::filesystem::path &dir);

    Project(Project &&) noexcept;
    Project &operator=(Project &&) noexcept;
    ~Project();

    const std::filesystem::path &dir() const { return m_dir; }
    std::string name() const;
    int schemaVersion() const;

    // Languages: `code` is validated against iso-codes (639-1 codes are mapped to 639-3).
    // Throws Error for an unknown code.
    std::int64_t ensureLanguage(const std::string &code, const std::string &displayName = {});
    std::vector<Language> languages() const;
    std::optional<Language> language(const std::string &code) const;

    std::int64_t ensureSpeaker(const std::string &name);
    std::vector<Speaker> speakers() const;
    // Speaker metadata a documentation project keeps (pseudonym flag, age range, dialect,
    // place, consent note): a JSON object, "{}" when nothing is recorded (schema 2).
    // Throws Error for an unknown speaker or text that is not a JSON object.
    std::string speakerMetadata(std::int64_t speakerId) const;
    void setSpeakerMetadata(std::int64_t speakerId, const std::string &json);

    std::optional<Recording> recordingByHash(const std::string &contentHash) const;
    std::optional<Recording> recording(std::int64_t id) const;
    std::vector<Recording> recordings() const;
    std::vector<Segment> segments(std::int64_t recordingId) const;
    std::vector<SegmentRow> segmentRows() const;
    // Names of all transcript tiers in the project, sorted.
    std::vector<std::string> tiers() const;

    // Adds a recording with its segments and transcripts in one transaction; returns the
    // recording id.
    std::int64_t addRecording(const NewRecording &entry);
    // Moves a segment's boundaries (seconds; e.g. silence trimmed from a take). Throws Error
    // for an unknown segment or end < start.
    void setSegmentBounds(std::int64_t segmentId, double start, double end);

    // Adds or replaces (empty text: removes) transcripts of existing segments, all edits in
    // one transaction: either every edit is stored or none. Throws Error naming the first
    // unknown segment id, an empty tier name or text that is not UTF-8.
    void setTranscripts(const std::vector<TranscriptEdit> &edits);
    // Adds segments (with their transcripts) to an existing recording in one transaction,
    // e.g. the spans voice-activity detection found; returns their ids in order. Throws
    // Error for an unknown recording or a segment whose end is before its start.
    std::vector<std::int64_t> addSegments(std::int64_t recordingId, const std::vector<Segment> &segments);

    std::optional<TextDocument> textDocumentByHash(const std::string &contentHash) const;
    std::vector<TextDocument> textDocuments() const;
    std::int64_t addTextDocument(const TextDocument &doc, const std::string &languageCode);

    ProjectStats stats() const;

    std::filesystem::path absolute(const std::string &relative) const { return m_dir / relative; }

private:
    friend class RecordingSession; // keeps its tables (recording_sessions...) in this catalog

    Project(std::filesystem::path dir, sqlite3 *db);
    void migrate();
    void removeLeftovers();

    std::filesystem::path m_dir;
    sqlite3 *m_db = nullptr; // owned
};

} // namespace fieldbench
