#include "fieldbench/corpus/project.h"

#include "fieldbench/corpus/annotations.h"
#include "fieldbench/corpus/languages.h"
#include "fieldbench/util/error.h"

#include "schema.h"
#include "sqlite.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <map>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

constexpr const char *kSubfolders[] = {"audio", "text", "runs", "exports"};

std::string nowIso()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

sqlite3 *openDatabase(const fs::path &file, int flags)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw Error(file.string(), "cannot open project catalog: " + msg);
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    try {
        // WAL: readers (the GUI) and one writer (an import) work at the same time, and a
        // crash at any point leaves the last committed state.
        sql::exec(db, "PRAGMA journal_mode=WAL");
        sql::exec(db, "PRAGMA synchronous=NORMAL");
        sql::exec(db, "PRAGMA foreign_keys=ON");
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
    return db;
}

Recording readRecording(const sql::Statement &q)
{
    Recording r;
    r.id = q.integer(0);
    r.sourcePath = q.text(1);
    r.contentHash = q.text(2);
    r.originalFormat = q.text(3);
    r.originalSampleRate = int(q.integer(4));
    r.originalChannels = int(q.integer(5));
    r.durationSeconds = q.real(6);
    r.audioFile = q.text(7);
    r.languageId = q.integer(8);
    r.speakerId = q.isNull(9) ? 0 : q.integer(9);
    r.importedAt = q.text(10);
    return r;
}

constexpr const char *kRecordingColumns =
    "id, source_path, content_hash, original_format, original_rate, original_channels, duration, "
    "audio_file, language_id, speaker_id, imported_at";

TextDocument readTextDocument(const sql::Statement &q)
{
    TextDocument d;
    d.id = q.integer(0);
    d.languageId = q.integer(1);
    d.sourcePath = q.text(2);
    d.contentHash = q.text(3);
    d.textFile = q.text(4);
    d.sentences = q.integer(5);
    d.words = q.integer(6);
    d.characters = q.integer(7);
    d.scripts = q.text(8);
    return d;
}

constexpr const char *kTextColumns =
    "id, language_id, source_path, content_hash, text_file, sentences, words, characters, scripts";

} // namespace

Project::Project(fs::path dir, sqlite3 *db)
    : m_dir(std::move(dir))
    , m_db(db)
{}

Project::Project(Project &&other) noexcept
    : m_dir(std::move(other.m_dir))
    , m_db(other.m_db)
{
    other.m_db = nullptr;
}

Project &Project::operator=(Project &&other) noexcept
{
    if (this != &other) {
        sqlite3_close(m_db);
        m_dir = std::move(other.m_dir);
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}

Project::~Project()
{
    sqlite3_close(m_db);
}

bool Project::isProject(const fs::path &dir)
{
    std::error_code ec;
    return fs::is_regular_file(dir / kCatalogFile, ec);
}

Project Project::create(const fs::path &dir, const std::string &name)
{
    if (isProject(dir))
        throw Error(dir.string(), "a project already exists here");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string(), "cannot create project folder: " + ec.message());
    for (const char *sub : kSubfolders) {
        fs::create_directories(dir / sub, ec);
        if (ec)
            throw Error((dir / sub).string(), "cannot create folder: " + ec.message());
    }
    // The catalog is built under a temporary name and renamed into place, so a crash
    // during creation never leaves a half-made project.sqlite.
    const fs::path tmp = dir / ".tmp-project.sqlite";
    fs::remove(tmp, ec);
    {
        sqlite3 *db = nullptr;
        if (sqlite3_open_v2(tmp.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            throw Error(tmp.string(), "cannot create project catalog");
        }
        Project p(dir, db);
        p.migrate();
        sql::Statement q(db, "INSERT INTO meta(key, value) VALUES ('name', ?), ('created_at', ?)");
        q.bind(1, name.empty() ? fs::absolute(dir).filename().string() : name).bind(2, nowIso()).run();
    }
    fs::rename(tmp, dir / kCatalogFile, ec);
    if (ec)
        throw Error(dir.string(), "cannot create project catalog: " + ec.message());
    return open(dir);
}

Project Project::open(const fs::path &dir)
{
    if (!isProject(dir))
        throw Error(dir.string(), "not a Fieldbench project (no project.sqlite)");
    sqlite3 *db = openDatabase(dir / kCatalogFile, SQLITE_OPEN_READWRITE);
    Project p(fs::absolute(dir).lexically_normal(), db);
    p.migrate();
    std::error_code ec;
    for (const char *sub : kSubfolders)
        fs::create_directories(p.m_dir / sub, ec);
    p.removeLeftovers();
    return p;
}

void Project::migrate()
{
    const auto &steps = schema::migrations();
    int version = schemaVersion();
    if (version > int(steps.size()))
        throw Error(m_dir.string(), "the project was written by a newer Fieldbench (catalog schema " +
                                        std::to_string(version) + ", this version knows up to " +
                                        std::to_string(steps.size()) + ")");
    while (version < int(steps.size())) {
        sql::Transaction tx(m_db);
        sql::exec(m_db, steps[std::size_t(version)].c_str());
        ++version;
        sql::exec(m_db, ("PRAGMA user_version=" + std::to_string(version)).c_str());
        tx.commit();
    }
}

void Project::removeLeftovers()
{
    // ".tmp-" files are written by imports and renamed when complete; one not touched for
    // ten minutes belongs to an import that died. (A live import touches its file
    // continuously, so a concurrent import in another process is not disturbed.)
    const auto cutoff = fs::file_time_type::clock::now() - std::chrono::minutes(10);
    for (const char *sub : {"audio", "text"}) {
        std::error_code ec;
        for (fs::directory_iterator it(m_dir / sub, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.rfind(".tmp-", 0) == 0 && it->last_write_time(ec) < cutoff)
                fs::remove(it->path(), ec);
        }
    }
}

int Project::schemaVersion() const
{
    sql::Statement q(m_db, "PRAGMA user_version");
    return q.step() ? int(q.integer(0)) : 0;
}

std::string Project::name() const
{
    sql::Statement q(m_db, "SELECT value FROM meta WHERE key = 'name'");
    return q.step() ? q.text(0) : m_dir.filename().string();
}

std::int64_t Project::ensureLanguage(const std::string &code, const std::string &displayName)
{
    const auto iso = LanguageCatalog::system().find(code);
    if (!iso)
        throw Error("unknown language code '" + code +
                    "': use an ISO 639-3 code such as 'spa' or 'fin' (or an ISO 639-1 code such as 'es')");
    if (auto existing = language(iso->code))
        return existing->id;
    sql::Statement q(m_db, "INSERT INTO languages(code, name) VALUES (?, ?) "
                           "ON CONFLICT(code) DO UPDATE SET code = excluded.code RETURNING id");
    q.bind(1, iso->code).bind(2, displayName.empty() ? iso->name : displayName);
    if (!q.step())
        sql::fail(m_db, "project catalog: cannot add language");
    return q.integer(0);
}

std::vector<Language> Project::languages() const
{
    std::vector<Language> out;
    sql::Statement q(m_db, "SELECT id, code, name FROM languages ORDER BY name");
    while (q.step())
        out.push_back({q.integer(0), q.text(1), q.text(2)});
    return out;
}

std::optional<Language> Project::language(const std::string &code) const
{
    const auto iso = LanguageCatalog::system().find(code);
    const std::string key = iso ? iso->code : code;
    sql::Statement q(m_db, "SELECT id, code, name FROM languages WHERE code = ?");
    q.bind(1, key);
    if (!q.step())
        return std::nullopt;
    return Language{q.integer(0), q.text(1), q.text(2)};
}

std::int64_t Project::ensureSpeaker(const std::string &name)
{
    sql::Statement q(m_db, "INSERT INTO speakers(name) VALUES (?) "
                           "ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id");
    q.bind(1, name);
    if (!q.step())
        sql::fail(m_db, "project catalog: cannot add speaker");
    return q.integer(0);
}

std::vector<Speaker> Project::speakers() const
{
    std::vector<Speaker> out;
    sql::Statement q(m_db, "SELECT id, name FROM speakers ORDER BY name");
    while (q.step())
        out.push_back({q.integer(0), q.text(1)});
    return out;
}

std::string Project::speakerMetadata(std::int64_t speakerId) const
{
    sql::Statement q(m_db, "SELECT metadata FROM speakers WHERE id = ?");
    q.bind(1, speakerId);
    if (!q.step())
        throw Error("project catalog: no speaker with id " + std::to_string(speakerId));
    return q.text(0);
}

void Project::setSpeakerMetadata(std::int64_t speakerId, const std::string &json)
{
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object())
        throw Error("speaker metadata must be a JSON object, got: " + json.substr(0, 80));
    sql::Statement q(m_db, "UPDATE speakers SET metadata = ? WHERE id = ?");
    q.bind(1, j.dump()).bind(2, speakerId).run();
    if (sqlite3_changes(m_db) == 0)
        throw Error("project catalog: no speaker with id " + std::to_string(speakerId));
}

void Project::setSegmentBounds(std::int64_t segmentId, double start, double end)
{
    if (!(end >= start) || start < 0)
        throw Error("segment boundaries " + std::to_string(start) + "-" + std::to_string(end) + " s are invalid");
    sql::Statement q(m_db, "UPDATE segments SET start_s = ?, end_s = ? WHERE id = ?");
    q.bind(1, start).bind(2, end).bind(3, segmentId).run();
    if (sqlite3_changes(m_db) == 0)
        throw Error("project catalog: no segment with id " + std::to_string(segmentId));
}

std::optional<Recording> Project::recordingByHash(const std::string &contentHash) const
{
    sql::Statement q(m_db, (std::string("SELECT ") + kRecordingColumns + " FROM recordings WHERE content_hash = ?").c_str());
    q.bind(1, contentHash);
    if (!q.step())
        return std::nullopt;
    return readRecording(q);
}

std::optional<Recording> Project::recording(std::int64_t id) const
{
    sql::Statement q(m_db, (std::string("SELECT ") + kRecordingColumns + " FROM recordings WHERE id = ?").c_str());
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readRecording(q);
}

std::vector<Recording> Project::recordings() const
{
    std::vector<Recording> out;
    sql::Statement q(m_db, (std::string("SELECT ") + kRecordingColumns + " FROM recordings ORDER BY id").c_str());
    while (q.step())
        out.push_back(readRecording(q));
    return out;
}

std::vector<Segment> Project::segments(std::int64_t recordingId) const
{
    std::vector<Segment> out;
    std::map<std::int64_t, std::size_t> index;
    sql::Statement q(m_db, "SELECT id, recording_id, start_s, end_s, source FROM segments "
                           "WHERE recording_id = ? ORDER BY start_s, id");
    q.bind(1, recordingId);
    while (q.step()) {
        index[q.integer(0)] = out.size();
        out.push_back({q.integer(0), q.integer(1), q.real(2), q.real(3), q.text(4), {}});
    }
    sql::Statement t(m_db, "SELECT t.segment_id, t.tier, t.text FROM transcripts t JOIN segments s "
                           "ON s.id = t.segment_id WHERE s.recording_id = ? ORDER BY t.tier");
    t.bind(1, recordingId);
    while (t.step())
        out[index[t.integer(0)]].transcripts.push_back({t.text(1), t.text(2)});
    return out;
}

std::vector<SegmentRow> Project::segmentRows() const
{
    std::vector<SegmentRow> out;
    std::map<std::int64_t, std::size_t> index;
    sql::Statement q(m_db,
                     "SELECT s.id, r.id, r.source_path, r.audio_file, l.code, l.name, "
                     "COALESCE(sp.name, ''), s.start_s, s.end_s "
                     "FROM segments s JOIN recordings r ON r.id = s.recording_id "
                     "JOIN languages l ON l.id = r.language_id "
                     "LEFT JOIN speakers sp ON sp.id = r.speaker_id ORDER BY r.id, s.start_s, s.id");
    while (q.step()) {
        SegmentRow row;
        row.segmentId = q.integer(0);
        row.recordingId = q.integer(1);
        row.recordingName = fs::path(q.text(2)).filename().string();
        row.audioFile = q.text(3);
        row.languageCode = q.text(4);
        row.languageName = q.text(5);
        row.speaker = q.text(6);
        row.start = q.real(7);
        row.end = q.real(8);
        index[row.segmentId] = out.size();
        out.push_back(std::move(row));
    }
    sql::Statement t(m_db, "SELECT segment_id, tier, text FROM transcripts ORDER BY tier");
    while (t.step()) {
        const auto it = index.find(t.integer(0));
        if (it != index.end())
            out[it->second].transcripts.push_back({t.text(1), t.text(2)});
    }
    return out;
}

std::vector<std::string> Project::tiers() const
{
    std::vector<std::string> out;
    sql::Statement q(m_db, "SELECT DISTINCT tier FROM transcripts ORDER BY tier");
    while (q.step())
        out.push_back(q.text(0));
    return out;
}

std::int64_t Project::addRecording(const NewRecording &entry)
{
    std::error_code ec;
    if (!fs::is_regular_file(absolute(entry.recording.audioFile), ec))
        throw Error(entry.recording.sourcePath, "internal error: stored audio " + entry.recording.audioFile + " is missing");
    sql::Transaction tx(m_db);
    const std::int64_t languageId = ensureLanguage(entry.languageCode);
    const std::int64_t speakerId = entry.speakerName.empty() ? 0 : ensureSpeaker(entry.speakerName);
    const Recording &r = entry.recording;
    sql::Statement ins(m_db, "INSERT INTO recordings(source_path, content_hash, original_format, original_rate, "
                             "original_channels, duration, audio_file, language_id, speaker_id, imported_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, r.sourcePath).bind(2, r.contentHash).bind(3, r.originalFormat).bind(4, r.originalSampleRate)
        .bind(5, r.originalChannels).bind(6, r.durationSeconds).bind(7, r.audioFile).bind(8, languageId);
    if (speakerId)
        ins.bind(9, speakerId);
    else
        ins.bindNull(9);
    ins.bind(10, nowIso());
    ins.run();
    const std::int64_t recordingId = sqlite3_last_insert_rowid(m_db);

    sql::Statement seg(m_db, "INSERT INTO segments(recording_id, start_s, end_s, source) VALUES (?, ?, ?, ?)");
    sql::Statement tr(m_db, "INSERT OR REPLACE INTO transcripts(segment_id, tier, text) VALUES (?, ?, ?)");
    for (const Segment &s : entry.segments) {
        seg.bind(1, recordingId).bind(2, s.start).bind(3, s.end).bind(4, s.source).run();
        const std::int64_t segmentId = sqlite3_last_insert_rowid(m_db);
        for (const Transcript &t : s.transcripts)
            tr.bind(1, segmentId).bind(2, t.tier).bind(3, t.text).run();
    }
    tx.commit();
    return recordingId;
}

void Project::setTranscripts(const std::vector<TranscriptEdit> &edits)
{
    sql::Transaction tx(m_db);
    sql::Statement exists(m_db, "SELECT 1 FROM segments WHERE id = ?");
    sql::Statement put(m_db, "INSERT OR REPLACE INTO transcripts(segment_id, tier, text) VALUES (?, ?, ?)");
    sql::Statement del(m_db, "DELETE FROM transcripts WHERE segment_id = ? AND tier = ?");
    for (const TranscriptEdit &e : edits) {
        if (e.tier.empty())
            throw Error(m_dir.string(), "a transcript edit for segment " + std::to_string(e.segmentId)
                                            + " has no tier name");
        if (!isValidUtf8(e.text))
            throw Error(m_dir.string(), "the transcript for segment " + std::to_string(e.segmentId)
                                            + " on tier \"" + e.tier + "\" is not UTF-8");
        exists.bind(1, e.segmentId);
        const bool found = exists.step();
        exists.reset();
        if (!found)
            throw Error(m_dir.string(), "segment " + std::to_string(e.segmentId)
                                            + " does not exist in this project (nothing was saved)");
        if (e.text.empty())
            del.bind(1, e.segmentId).bind(2, e.tier).run();
        else
            put.bind(1, e.segmentId).bind(2, e.tier).bind(3, e.text).run();
    }
    tx.commit();
}

std::vector<std::int64_t> Project::addSegments(std::int64_t recordingId, const std::vector<Segment> &segments)
{
    sql::Transaction tx(m_db);
    if (!recording(recordingId))
        throw Error(m_dir.string(), "recording " + std::to_string(recordingId) + " does not exist in this project");
    sql::Statement seg(m_db, "INSERT INTO segments(recording_id, start_s, end_s, source) VALUES (?, ?, ?, ?)");
    sql::Statement tr(m_db, "INSERT OR REPLACE INTO transcripts(segment_id, tier, text) VALUES (?, ?, ?)");
    std::vector<std::int64_t> ids;
    for (const Segment &s : segments) {
        if (!(s.end >= s.start) || s.start < 0)
            throw Error(m_dir.string(), "a new segment of recording " + std::to_string(recordingId)
                                            + " ends before it starts (nothing was saved)");
        seg.bind(1, recordingId).bind(2, s.start).bind(3, s.end).bind(4, s.source.empty() ? std::string("asr") : s.source).run();
        const std::int64_t segmentId = sqlite3_last_insert_rowid(m_db);
        ids.push_back(segmentId);
        for (const Transcript &t : s.transcripts)
            if (!t.text.empty())
                tr.bind(1, segmentId).bind(2, t.tier).bind(3, t.text).run();
    }
    tx.commit();
    return ids;
}

std::optional<TextDocument> Project::textDocumentByHash(const std::string &contentHash) const
{
    sql::Statement q(m_db, (std::string("SELECT ") + kTextColumns + " FROM text_documents WHERE content_hash = ?").c_str());
    q.bind(1, contentHash);
    if (!q.step())
        return std::nullopt;
    return readTextDocument(q);
}

std::vector<TextDocument> Project::textDocuments() const
{
    std::vector<TextDocument> out;
    sql::Statement q(m_db, (std::string("SELECT ") + kTextColumns + " FROM text_documents ORDER BY id").c_str());
    while (q.step())
        out.push_back(readTextDocument(q));
    return out;
}

std::int64_t Project::addTextDocument(const TextDocument &doc, const std::string &languageCode)
{
    std::error_code ec;
    if (!fs::is_regular_file(absolute(doc.textFile), ec))
        throw Error(doc.sourcePath, "internal error: stored text " + doc.textFile + " is missing");
    sql::Transaction tx(m_db);
    const std::int64_t languageId = ensureLanguage(languageCode);
    sql::Statement q(m_db, "INSERT INTO text_documents(language_id, source_path, content_hash, text_file, "
                           "sentences, words, characters, scripts, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, languageId).bind(2, doc.sourcePath).bind(3, doc.contentHash).bind(4, doc.textFile)
        .bind(5, doc.sentences).bind(6, doc.words).bind(7, doc.characters).bind(8, doc.scripts).bind(9, nowIso());
    q.run();
    const std::int64_t id = sqlite3_last_insert_rowid(m_db);
    tx.commit();
    return id;
}

ProjectStats Project::stats() const
{
    ProjectStats out;
    sql::Statement q(m_db, R"sql(
SELECT l.id, l.code, l.name,
  (SELECT COUNT(*) FROM recordings r WHERE r.language_id = l.id),
  (SELECT COUNT(*) FROM segments s JOIN recordings r ON r.id = s.recording_id WHERE r.language_id = l.id),
  (SELECT COUNT(DISTINCT s.id) FROM segments s JOIN recordings r ON r.id = s.recording_id
     JOIN transcripts t ON t.segment_id = s.id WHERE r.language_id = l.id AND t.text <> ''),
  (SELECT COALESCE(SUM(duration), 0) FROM recordings r WHERE r.language_id = l.id),
  (SELECT COALESCE(SUM(s.end_s - s.start_s), 0) FROM segments s JOIN recordings r ON r.id = s.recording_id
     WHERE r.language_id = l.id),
  (SELECT COUNT(DISTINCT speaker_id) FROM recordings r WHERE r.language_id = l.id AND speaker_id IS NOT NULL),
  (SELECT COUNT(*) FROM text_documents d WHERE d.language_id = l.id),
  (SELECT COALESCE(SUM(sentences), 0) FROM text_documents d WHERE d.language_id = l.id),
  (SELECT COALESCE(SUM(words), 0) FROM text_documents d WHERE d.language_id = l.id),
  (SELECT COALESCE(SUM(characters), 0) FROM text_documents d WHERE d.language_id = l.id)
FROM languages l ORDER BY l.name)sql");
    while (q.step()) {
        LanguageStats s;
        s.language = {q.integer(0), q.text(1), q.text(2)};
        s.recordings = q.integer(3);
        s.segments = q.integer(4);
        s.transcribedSegments = q.integer(5);
        s.audioSeconds = q.real(6);
        s.segmentSeconds = q.real(7);
        s.speakers = q.integer(8);
        s.textDocuments = q.integer(9);
        s.textSentences = q.integer(10);
        s.textWords = q.integer(11);
        s.textCharacters = q.integer(12);
        out.languages.push_back(std::move(s));
    }
    sql::Statement scripts(m_db, "SELECT language_id, scripts FROM text_documents");
    while (scripts.step()) {
        for (LanguageStats &l : out.languages) {
            if (l.language.id != scripts.integer(0))
                continue;
            const auto j = nlohmann::json::parse(scripts.text(1), nullptr, false);
            if (j.is_object())
                for (const auto &[name, count] : j.items())
                    if (count.is_number_integer())
                        l.textScripts[name] += count.get<std::int64_t>();
        }
    }
    sql::Statement sp(m_db, R"sql(
SELECT l.code, COALESCE(sp.name, ''), COUNT(DISTINCT r.id),
  (SELECT COUNT(*) FROM segments s JOIN recordings r2 ON r2.id = s.recording_id
     WHERE r2.language_id = l.id AND r2.speaker_id IS r.speaker_id),
  SUM(r.duration)
FROM recordings r JOIN languages l ON l.id = r.language_id LEFT JOIN speakers sp ON sp.id = r.speaker_id
GROUP BY l.id, r.speaker_id ORDER BY l.code, sp.name)sql");
    while (sp.step())
        out.speakers.push_back({sp.text(0), sp.text(1), sp.integer(2), sp.integer(3), sp.real(4)});
    return out;
}

} // namespace fieldbench
