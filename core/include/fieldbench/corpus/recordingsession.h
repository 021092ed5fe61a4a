#pragma once

#include "fieldbench/audio/silence.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench {

class Project;

// What a documentation project records about a speaker. Stored in the catalog as the
// speaker's metadata (JSON); the name is the catalog's speaker name.
struct SpeakerProfile
{
    std::string name;       // name or pseudonym, as it appears in the catalog (required)
    bool pseudonym = false; // true: `name` is a pseudonym, not the person's name
    std::string ageRange;   // e.g. "40-49"; "" = not recorded
    std::string dialect;    // dialect or variety; "" = not recorded
    std::string place;      // place of origin or residence; "" = not recorded
    std::string consent;    // consent note: what was agreed, when, how; "" = none yet

    std::string toJson() const;
    // Fields missing from `json` keep their defaults (older or hand-written metadata).
    static SpeakerProfile fromJson(const std::string &name, const std::string &json);
};

enum class PromptStatus { Pending, Done, Skipped };

struct SessionPrompt
{
    int position = 0;             // 0-based order in the session
    std::string text;
    PromptStatus status = PromptStatus::Pending;
    int takes = 0;                // takes recorded for this prompt
    std::int64_t recordingId = 0; // the latest take's recording; 0 = none
};

// Everything a new session needs. The dialog edits this struct.
struct SessionSetup
{
    std::string name;                 // shown when resuming; "" = "<speaker>, <date>"
    std::string languageCode;         // ISO 639-3 (or 639-1) of what is recorded (required)
    SpeakerProfile speaker;           // speaker.name required
    std::string promptSource;         // where the prompts came from (for the record); "" = typed/none
    std::vector<std::string> prompts; // in order; empty = free recording without prompts
    std::string tier = "prompt";      // transcript tier that receives a take's prompt
    bool trimSilence = true;          // each take's segment spans the sound only; the recording stays whole
    TrimConfig trim;                  // how silence is found

    std::vector<std::string> validate() const;
};

struct SessionInfo
{
    std::int64_t id = 0;
    std::string name;
    std::string languageCode;
    std::string speaker;
    std::string createdAt;  // ISO 8601 UTC
    std::string updatedAt;
    int prompts = 0;
    int done = 0;
    int skipped = 0;
    int takes = 0;
};

struct SavedTake
{
    std::int64_t recordingId = 0;
    std::int64_t segmentId = 0;
    int position = -1;             // prompt position; -1 = free recording
    std::filesystem::path file;    // the take as captured (capture rate, mono WAV), sessions/<id>/
    int sampleRate = 0;            // of `file`
    double seconds = 0;            // duration of the recording
    double segmentStart = 0;       // seconds; the segment that carries the prompt
    double segmentEnd = 0;
    bool recovered = false;        // saved from a take cut short by a crash
};

// A recording session of one speaker in one language, with an ordered prompt list (or
// none: free recording). Lives in the project catalog (recording_sessions, session_prompts,
// session_takes) and in <project>/sessions/<id>/, which keeps every take as captured
// (mono 24-bit WAV at the capture rate). A take is recorded under a ".tmp-take-..." name
// in that folder (Recorder/TakeWriter: flushed every second), renamed when it stops and
// imported through the Importer: a 16 kHz FLAC recording with one segment whose transcript
// (tier setup().tier) is the prompt.
//
// resume() finishes what a crash left: a ".tmp-take" file is repaired (everything up to the
// last flush, or more) and saved as a recovered take; a renamed take the catalog does not
// know yet is linked. Used from one thread, with that thread's Project.
class RecordingSession
{
public:
    // Creates the session: language and speaker (with metadata) are added to the catalog.
    // Throws Error for invalid setups (SessionSetup::validate()).
    static RecordingSession create(Project &project, const SessionSetup &setup);
    // Opens an existing session and recovers interrupted takes (see recoveredTakes()).
    static RecordingSession resume(Project &project, std::int64_t sessionId);
    static std::vector<SessionInfo> list(Project &project);

    // Prompts from a UTF-8 text file: one per non-empty line, surrounding space removed,
    // lines starting with '#' ignored. Throws Error naming the file.
    static std::vector<std::string> loadPromptFile(const std::filesystem::path &file);
    // Prompts from a text document of the project (one sentence a line).
    static std::vector<std::string> loadPromptsFromText(const Project &project, std::int64_t textDocumentId);

    std::int64_t id() const { return m_id; }
    const SessionSetup &setup() const { return m_setup; }
    bool isFree() const { return m_prompts.empty(); }
    const std::vector<SessionPrompt> &prompts() const { return m_prompts; }
    int doneCount() const;

    // The prompt being worked on; -1 for free recording or when every prompt is done.
    int current() const { return m_current; }
    void setCurrent(int position);
    // Moves to the next prompt that is not done (after the current one, wrapping around;
    // pending prompts before skipped ones). Returns current().
    int next();
    // Marks the current prompt skipped, then next().
    int skip();

    // <project>/sessions/<id> (created by create()/resume()).
    std::filesystem::path directory() const;
    // A new ".tmp-take" file name for a take of prompt `position` (-1: free recording).
    std::filesystem::path newTakeFile(int position) const;
    // Saves a finished take: renames it out of ".tmp-", imports it, marks the prompt done
    // and moves current() on to the next open prompt when `advance`. Throws Error (the
    // file stays where it is, so a later resume() retries).
    SavedTake saveTake(const std::filesystem::path &takeFile, int position, bool advance = true);
    // Moves the segment of a take (e.g. after trimming by hand); seconds.
    void setTakeBounds(const SavedTake &take, double start, double end);

    std::vector<SavedTake> takes() const;
    // Takes that resume() saved from ".tmp-take" files left by a crash.
    const std::vector<SavedTake> &recoveredTakes() const { return m_recovered; }

private:
    RecordingSession(Project &project, std::int64_t id);
    void load();
    void recover();
    SavedTake importTake(const std::filesystem::path &finalFile, int position, bool recovered);
    void setStatus(int position, PromptStatus status);
    void touch();

    Project *m_project;
    std::int64_t m_id = 0;
    SessionSetup m_setup;
    std::vector<SessionPrompt> m_prompts;
    int m_current = -1;
    std::vector<SavedTake> m_recovered;
};

} // namespace fieldbench
