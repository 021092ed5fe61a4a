#include "fieldbench/corpus/recordingsession.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/audio/takewriter.h"
#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/languages.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/strings.h"

#include "sqlite.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

std::string nowIso()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string stamp()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &tm);
    return buf;
}

const char *statusName(PromptStatus s)
{
    switch (s) {
    case PromptStatus::Done: return "done";
    case PromptStatus::Skipped: return "skipped";
    case PromptStatus::Pending: break;
    }
    return "pending";
}

PromptStatus statusFromName(const std::string &s)
{
    if (s == "done")
        return PromptStatus::Done;
    if (s == "skipped")
        return PromptStatus::Skipped;
    return PromptStatus::Pending;
}

// "take-p0003" -> 3, "take-free" -> -1; the prefix of take file names.
std::string takePrefix(int position)
{
    if (position < 0)
        return "take-free";
    char buf[32];
    std::snprintf(buf, sizeof buf, "take-p%04d", position);
    return buf;
}

// Position encoded in a take file name (".tmp-take-p0003-x.wav" or "take-p0003-....wav");
// -1 for free takes; -2 when the name is not a take's.
int positionFromName(const std::string &name)
{
    std::string n = name;
    if (n.rfind(".tmp-", 0) == 0)
        n = n.substr(5);
    if (n.rfind("take-free", 0) == 0)
        return -1;
    if (n.rfind("take-p", 0) != 0 || n.size() < 10)
        return -2;
    try {
        return std::stoi(n.substr(6, 4));
    } catch (...) {
        return -2;
    }
}

} // namespace

std::string SpeakerProfile::toJson() const
{
    nlohmann::json j = {{"pseudonym", pseudonym}, {"age_range", ageRange}, {"dialect", dialect},
                        {"place", place}, {"consent", consent}};
    return j.dump();
}

SpeakerProfile SpeakerProfile::fromJson(const std::string &name, const std::string &json)
{
    SpeakerProfile p;
    p.name = name;
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object())
        return p;
    p.pseudonym = j.value("pseudonym", false);
    p.ageRange = j.value("age_range", std::string());
    p.dialect = j.value("dialect", std::string());
    p.place = j.value("place", std::string());
    p.consent = j.value("consent", std::string());
    return p;
}

std::vector<std::string> SessionSetup::validate() const
{
    std::vector<std::string> problems;
    if (trimmed(languageCode).empty())
        problems.push_back("choose the language that is recorded");
    else if (!LanguageCatalog::system().find(trimmed(languageCode)))
        problems.push_back("unknown language code '" + languageCode + "': use an ISO 639-3 code such as 'spa'");
    if (trimmed(speaker.name).empty())
        problems.push_back("give the speaker's name or a pseudonym");
    if (trimmed(tier).empty())
        problems.push_back("the transcript tier for prompts cannot be empty");
    for (const std::string &p : trim.validate())
        problems.push_back(p);
    return problems;
}

RecordingSession::RecordingSession(Project &project, std::int64_t id)
    : m_project(&project)
    , m_id(id)
{}

RecordingSession RecordingSession::create(Project &project, const SessionSetup &setupIn)
{
    const auto problems = setupIn.validate();
    if (!problems.empty())
        throw Error("cannot start the recording session: " + problems.front());
    SessionSetup setup = setupIn;
    setup.speaker.name = trimmed(setup.speaker.name);
    setup.languageCode = LanguageCatalog::system().find(trimmed(setup.languageCode))->code;
    std::vector<std::string> prompts;
    for (const std::string &p : setup.prompts)
        if (!trimmed(p).empty())
            prompts.push_back(trimmed(p));
    setup.prompts = prompts;
    if (setup.name.empty())
        setup.name = setup.speaker.name + ", " + nowIso().substr(0, 10);

    const std::int64_t languageId = project.ensureLanguage(setup.languageCode);
    const std::int64_t speakerId = project.ensureSpeaker(setup.speaker.name);
    project.setSpeakerMetadata(speakerId, setup.speaker.toJson());

    sqlite3 *db = project.m_db;
    const nlohmann::json settings = {{"tier", setup.tier},
                                     {"trim_silence", setup.trimSilence},
                                     {"trim", {{"window", setup.trim.windowSeconds},
                                               {"floor_db", setup.trim.floorDb},
                                               {"relative_db", setup.trim.relativeDb},
                                               {"padding", setup.trim.paddingSeconds}}}};
    sql::Transaction tx(db);
    sql::Statement ins(db, "INSERT INTO recording_sessions(name, language_id, speaker_id, prompt_source, settings, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const std::string now = nowIso();
    ins.bind(1, setup.name).bind(2, languageId).bind(3, speakerId).bind(4, setup.promptSource)
        .bind(5, settings.dump()).bind(6, now).bind(7, now).run();
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    sql::Statement p(db, "INSERT INTO session_prompts(session_id, position, text) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < prompts.size(); ++i)
        p.bind(1, id).bind(2, int(i)).bind(3, prompts[i]).run();
    tx.commit();

    RecordingSession s(project, id);
    s.load();
    return s;
}

RecordingSession RecordingSession::resume(Project &project, std::int64_t sessionId)
{
    RecordingSession s(project, sessionId);
    s.load();
    s.recover();
    return s;
}

std::vector<SessionInfo> RecordingSession::list(Project &project)
{
    std::vector<SessionInfo> out;
    sql::Statement q(project.m_db, R"sql(
SELECT s.id, s.name, l.code, COALESCE(sp.name, ''), s.created_at, s.updated_at,
  (SELECT COUNT(*) FROM session_prompts p WHERE p.session_id = s.id),
  (SELECT COUNT(*) FROM session_prompts p WHERE p.session_id = s.id AND p.status = 'done'),
  (SELECT COUNT(*) FROM session_prompts p WHERE p.session_id = s.id AND p.status = 'skipped'),
  (SELECT COUNT(*) FROM session_takes t WHERE t.session_id = s.id)
FROM recording_sessions s JOIN languages l ON l.id = s.language_id
LEFT JOIN speakers sp ON sp.id = s.speaker_id ORDER BY s.updated_at DESC, s.id DESC)sql");
    while (q.step()) {
        SessionInfo i;
        i.id = q.integer(0);
        i.name = q.text(1);
        i.languageCode = q.text(2);
        i.speaker = q.text(3);
        i.createdAt = q.text(4);
        i.updatedAt = q.text(5);
        i.prompts = int(q.integer(6));
        i.done = int(q.integer(7));
        i.skipped = int(q.integer(8));
        i.takes = int(q.integer(9));
        out.push_back(std::move(i));
    }
    return out;
}

std::vector<std::string> RecordingSession::loadPromptFile(const fs::path &file)
{
    const std::string bytes = readFile(file);
    const std::size_t bad = firstInvalidUtf8(bytes);
    if (bad != std::string::npos)
        throw Error(file.string(), "is not UTF-8 text (invalid byte at offset " + std::to_string(bad) +
                                       "); save the prompt list as UTF-8");
    std::vector<std::string> out;
    std::istringstream in(bytes);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (first && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line = line.substr(3); // byte-order mark
        first = false;
        const std::string t = trimmed(line);
        if (!t.empty() && t[0] != '#')
            out.push_back(t);
    }
    if (out.empty())
        throw Error(file.string(), "contains no prompts (one prompt a line; lines starting with # are ignored)");
    return out;
}

std::vector<std::string> RecordingSession::loadPromptsFromText(const Project &project, std::int64_t textDocumentId)
{
    for (const TextDocument &d : project.textDocuments())
        if (d.id == textDocumentId)
            return loadPromptFile(project.absolute(d.textFile));
    throw Error("the project has no text document with id " + std::to_string(textDocumentId));
}

void RecordingSession::load()
{
    sqlite3 *db = m_project->m_db;
    sql::Statement q(db, "SELECT s.name, l.code, COALESCE(sp.name, ''), COALESCE(sp.metadata, '{}'), "
                         "s.prompt_source, s.settings FROM recording_sessions s "
                         "JOIN languages l ON l.id = s.language_id LEFT JOIN speakers sp ON sp.id = s.speaker_id "
                         "WHERE s.id = ?");
    q.bind(1, m_id);
    if (!q.step())
        throw Error(m_project->dir().string(), "no recording session with id " + std::to_string(m_id));
    m_setup = SessionSetup();
    m_setup.name = q.text(0);
    m_setup.languageCode = q.text(1);
    m_setup.speaker = SpeakerProfile::fromJson(q.text(2), q.text(3));
    m_setup.promptSource = q.text(4);
    const auto settings = nlohmann::json::parse(q.text(5), nullptr, false);
    if (settings.is_object()) {
        m_setup.tier = settings.value("tier", m_setup.tier);
        m_setup.trimSilence = settings.value("trim_silence", m_setup.trimSilence);
        if (settings.contains("trim") && settings["trim"].is_object()) {
            const auto &t = settings["trim"];
            m_setup.trim.windowSeconds = t.value("window", m_setup.trim.windowSeconds);
            m_setup.trim.floorDb = t.value("floor_db", m_setup.trim.floorDb);
            m_setup.trim.relativeDb = t.value("relative_db", m_setup.trim.relativeDb);
            m_setup.trim.paddingSeconds = t.value("padding", m_setup.trim.paddingSeconds);
        }
    }
    m_prompts.clear();
    sql::Statement p(db, "SELECT position, text, status, "
                         "(SELECT COUNT(*) FROM session_takes t WHERE t.session_id = p.session_id AND t.position = p.position), "
                         "(SELECT recording_id FROM session_takes t WHERE t.session_id = p.session_id "
                         " AND t.position = p.position ORDER BY t.id DESC LIMIT 1) "
                         "FROM session_prompts p WHERE session_id = ? ORDER BY position");
    p.bind(1, m_id);
    while (p.step()) {
        SessionPrompt sp;
        sp.position = int(p.integer(0));
        sp.text = p.text(1);
        sp.status = statusFromName(p.text(2));
        sp.takes = int(p.integer(3));
        sp.recordingId = p.isNull(4) ? 0 : p.integer(4);
        m_setup.prompts.push_back(sp.text);
        m_prompts.push_back(std::move(sp));
    }
    m_current = -1;
    if (!m_prompts.empty()) {
        m_current = m_prompts.size() - 1; // next() starts after it, i.e. at position 0
        if (next() < 0)
            m_current = -1;
    }
    std::error_code ec;
    fs::create_directories(directory(), ec);
    if (ec)
        throw Error(directory().string(), "cannot create the session folder: " + ec.message());
}

int RecordingSession::doneCount() const
{
    return int(std::count_if(m_prompts.begin(), m_prompts.end(),
                             [](const SessionPrompt &p) { return p.status == PromptStatus::Done; }));
}

void RecordingSession::setCurrent(int position)
{
    if (position < -1 || position >= int(m_prompts.size()))
        throw Error("internal error: prompt " + std::to_string(position) + " does not exist");
    m_current = position;
}

int RecordingSession::next()
{
    // Pending prompts first, then skipped ones; the search starts after the current prompt
    // and ends with it (k == n), so a lone open prompt stays current.
    const int n = int(m_prompts.size());
    if (n == 0)
        return m_current = -1;
    const int from = m_current < 0 ? n - 1 : m_current;
    for (PromptStatus wanted : {PromptStatus::Pending, PromptStatus::Skipped})
        for (int k = 1; k <= n; ++k) {
            const int i = (from + k) % n;
            if (m_prompts[std::size_t(i)].status == wanted)
                return m_current = i;
        }
    return m_current = -1;
}

int RecordingSession::skip()
{
    if (m_current >= 0 && m_prompts[std::size_t(m_current)].status != PromptStatus::Done)
        setStatus(m_current, PromptStatus::Skipped);
    // Prefer pending prompts; only come back to skipped ones when nothing else is left.
    const int n = int(m_prompts.size());
    for (int k = 1; k <= n; ++k) {
        const int i = (m_current + k) % n;
        if (m_prompts[std::size_t(i)].status == PromptStatus::Pending)
            return m_current = i;
    }
    for (int k = 1; k <= n; ++k) {
        const int i = (m_current + k) % n;
        if (m_prompts[std::size_t(i)].status == PromptStatus::Skipped && i != m_current)
            return m_current = i;
    }
    return m_current;
}

fs::path RecordingSession::directory() const
{
    return m_project->dir() / "sessions" / std::to_string(m_id);
}

fs::path RecordingSession::newTakeFile(int position) const
{
    return temporaryPath(directory(), takePrefix(position), ".wav");
}

void RecordingSession::setStatus(int position, PromptStatus status)
{
    sql::Statement q(m_project->m_db, "UPDATE session_prompts SET status = ? WHERE session_id = ? AND position = ?");
    q.bind(1, statusName(status)).bind(2, m_id).bind(3, position).run();
    m_prompts[std::size_t(position)].status = status;
    touch();
}

void RecordingSession::touch()
{
    sql::Statement q(m_project->m_db, "UPDATE recording_sessions SET updated_at = ? WHERE id = ?");
    q.bind(1, nowIso()).bind(2, m_id).run();
}

SavedTake RecordingSession::saveTake(const fs::path &takeFile, int position, bool advance)
{
    if (position < -1 || position >= int(m_prompts.size()))
        throw Error(takeFile.string(), "internal error: the take belongs to prompt " + std::to_string(position) +
                                           ", which this session does not have");
    // Out of ".tmp-" first: from here on the take is a finished file, whatever happens next.
    const std::string base = takePrefix(position) + "-" + stamp();
    fs::path finalFile = directory() / (base + ".wav");
    for (int i = 2; fs::exists(finalFile); ++i)
        finalFile = directory() / (base + "-" + std::to_string(i) + ".wav");
    std::error_code ec;
    fs::rename(takeFile, finalFile, ec);
    if (ec)
        throw Error(takeFile.string(), "cannot save the take: " + ec.message());
    syncPath(directory());
    SavedTake t = importTake(finalFile, position, false);
    if (advance && position >= 0 && position == m_current)
        next();
    return t;
}

SavedTake RecordingSession::importTake(const fs::path &finalFile, int position, bool recovered)
{
    int rate = 0;
    const std::vector<float> samples = readMono(finalFile, 0.0, -1.0, &rate);
    if (samples.empty())
        throw Error(finalFile.string(), "the take is empty (nothing was recorded)");
    TrimRange range{0, samples.size()};
    if (m_setup.trimSilence)
        range = findSoundRange(samples, rate, m_setup.trim);

    ImportJob job;
    job.audio = finalFile;
    job.language = m_setup.languageCode;
    job.speaker = m_setup.speaker.name;
    Segment seg;
    seg.start = double(range.begin) / rate;
    seg.end = double(range.end) / rate;
    seg.source = recovered ? "recording-recovered" : "recording";
    if (position >= 0)
        seg.transcripts.push_back({m_setup.tier, m_prompts[std::size_t(position)].text});
    job.segments.push_back(seg);
    job.annotationFile = finalFile;

    ImportOptions options;
    options.language = m_setup.languageCode;
    options.speaker = m_setup.speaker.name;
    options.threads = 1;
    Importer importer(*m_project, options);
    const ImportSummary summary = importer.runJobs({job});
    for (const ImportIssue &issue : summary.issues)
        if (issue.severity == ImportIssue::Severity::Error)
            throw Error(issue.file, issue.message);
    const auto rec = m_project->recordingByHash(hashFile(finalFile));
    if (!rec)
        throw Error(finalFile.string(), "the take could not be added to the catalog");

    SavedTake t;
    t.recordingId = rec->id;
    t.position = position;
    t.file = finalFile;
    t.sampleRate = rate;
    t.seconds = rec->durationSeconds;
    t.recovered = recovered;
    const auto segs = m_project->segments(rec->id);
    if (!segs.empty()) {
        t.segmentId = segs.front().id;
        t.segmentStart = segs.front().start;
        t.segmentEnd = segs.front().end;
    }

    sqlite3 *db = m_project->m_db;
    sql::Transaction tx(db);
    sql::Statement ins(db, "INSERT OR IGNORE INTO session_takes(session_id, position, take_file, recording_id, "
                           "segment_id, recovered, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, m_id);
    if (position >= 0)
        ins.bind(2, position);
    else
        ins.bindNull(2);
    ins.bind(3, fs::relative(finalFile, m_project->dir()).string()).bind(4, t.recordingId);
    if (t.segmentId)
        ins.bind(5, t.segmentId);
    else
        ins.bindNull(5);
    ins.bind(6, recovered ? 1 : 0).bind(7, nowIso()).run();
    if (position >= 0) {
        sql::Statement st(db, "UPDATE session_prompts SET status = 'done' WHERE session_id = ? AND position = ?");
        st.bind(1, m_id).bind(2, position).run();
    }
    sql::Statement up(db, "UPDATE recording_sessions SET updated_at = ? WHERE id = ?");
    up.bind(1, nowIso()).bind(2, m_id).run();
    tx.commit();
    if (position >= 0) {
        SessionPrompt &p = m_prompts[std::size_t(position)];
        p.status = PromptStatus::Done;
        ++p.takes;
        p.recordingId = t.recordingId;
    }
    return t;
}

void RecordingSession::setTakeBounds(const SavedTake &take, double start, double end)
{
    if (!take.segmentId)
        throw Error("internal error: the take has no segment");
    m_project->setSegmentBounds(take.segmentId, start, std::min(end, take.seconds));
}

std::vector<SavedTake> RecordingSession::takes() const
{
    std::vector<SavedTake> out;
    sql::Statement q(m_project->m_db,
                     "SELECT t.position, t.take_file, t.recording_id, COALESCE(t.segment_id, 0), t.recovered, "
                     "r.duration, COALESCE(s.start_s, 0), COALESCE(s.end_s, 0), r.original_rate "
                     "FROM session_takes t JOIN recordings r ON r.id = t.recording_id "
                     "LEFT JOIN segments s ON s.id = t.segment_id WHERE t.session_id = ? ORDER BY t.id");
    q.bind(1, m_id);
    while (q.step()) {
        SavedTake t;
        t.position = q.isNull(0) ? -1 : int(q.integer(0));
        t.file = m_project->absolute(q.text(1));
        t.recordingId = q.integer(2);
        t.segmentId = q.integer(3);
        t.recovered = q.integer(4) != 0;
        t.seconds = q.real(5);
        t.segmentStart = q.real(6);
        t.segmentEnd = q.real(7);
        t.sampleRate = int(q.integer(8));
        out.push_back(std::move(t));
    }
    return out;
}

void RecordingSession::recover()
{
    // Files of this session the catalog already knows.
    std::set<std::string> known;
    {
        sql::Statement q(m_project->m_db, "SELECT take_file FROM session_takes WHERE session_id = ?");
        q.bind(1, m_id);
        while (q.step())
            known.insert(q.text(0));
    }
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(directory(), ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && lowerExtension(it->path()) == "wav")
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const fs::path &f : files) {
        const std::string name = f.filename().string();
        const int position = positionFromName(name);
        if (position < -1 || position >= int(m_prompts.size()))
            continue;
        if (name.rfind(".tmp-", 0) == 0) {
            // Cut short by a crash: make the header cover what reached the disk, then save it.
            std::int64_t frames = 0;
            try {
                frames = repairTake(f);
            } catch (const Error &) {
                continue; // not ours; leave it
            }
            if (frames == 0) {
                fs::remove(f, ec);
                continue;
            }
            fs::path finalFile = directory() / name.substr(5);
            fs::rename(f, finalFile, ec);
            if (ec)
                continue;
            m_recovered.push_back(importTake(finalFile, position, true));
        } else if (!known.count(fs::relative(f, m_project->dir()).string())) {
            // Renamed, but the catalog write did not happen (crash in between).
            m_recovered.push_back(importTake(f, position, false));
        }
    }
    if (!m_recovered.empty() && m_current >= 0 && m_prompts[std::size_t(m_current)].status == PromptStatus::Done)
        next();
}

} // namespace fieldbench
