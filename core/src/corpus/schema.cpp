#include "schema.h"

namespace fieldbench::schema {

const std::vector<std::string> &migrations()
{
    static const std::vector<std::string> steps = {
        // 0 -> 1: the first catalog.
        R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE languages(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,          -- ISO 639-3
  name TEXT NOT NULL);
CREATE TABLE speakers(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
CREATE TABLE recordings(
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,  -- XXH3-128 of the source file's bytes
  original_format TEXT NOT NULL,
  original_rate INTEGER NOT NULL,     -- Hz
  original_channels INTEGER NOT NULL,
  duration REAL NOT NULL,             -- seconds, of the stored 16 kHz audio
  audio_file TEXT NOT NULL,           -- relative to the project folder
  language_id INTEGER NOT NULL REFERENCES languages(id),
  speaker_id INTEGER REFERENCES speakers(id),
  imported_at TEXT NOT NULL);
CREATE TABLE segments(
  id INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  start_s REAL NOT NULL,
  end_s REAL NOT NULL,
  source TEXT NOT NULL,
  CHECK (end_s >= start_s));
CREATE INDEX segments_by_recording ON segments(recording_id);
CREATE TABLE transcripts(
  segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
  tier TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (segment_id, tier));
CREATE TABLE text_documents(
  id INTEGER PRIMARY KEY,
  language_id INTEGER NOT NULL REFERENCES languages(id),
  source_path TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  text_file TEXT NOT NULL,
  sentences INTEGER NOT NULL,
  words INTEGER NOT NULL,
  characters INTEGER NOT NULL,
  scripts TEXT NOT NULL,              -- JSON: script -> letters
  imported_at TEXT NOT NULL);
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  directory TEXT NOT NULL,            -- relative to the project folder, or absolute
  created_at TEXT NOT NULL);
)sql",
        // 1 -> 2: recording sessions (issue 9). Additive only: older rows stay valid.
        R"sql(
ALTER TABLE speakers ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}'; -- JSON: pseudonym, age range, dialect, place, consent
CREATE TABLE recording_sessions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  language_id INTEGER NOT NULL REFERENCES languages(id),
  speaker_id INTEGER REFERENCES speakers(id),
  prompt_source TEXT NOT NULL,        -- file or text document the prompts came from; '' = free recording
  settings TEXT NOT NULL,             -- JSON: tier, silence trimming
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE TABLE session_prompts(
  session_id INTEGER NOT NULL REFERENCES recording_sessions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,          -- 0-based order
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending', -- pending, done, skipped
  PRIMARY KEY (session_id, position));
CREATE TABLE session_takes(
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES recording_sessions(id) ON DELETE CASCADE,
  position INTEGER,                   -- prompt position; NULL for free recording
  take_file TEXT NOT NULL UNIQUE,     -- relative to the project folder: sessions/<id>/take-....wav
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
  recovered INTEGER NOT NULL DEFAULT 0, -- 1: saved from a take cut short by a crash
  created_at TEXT NOT NULL);
CREATE INDEX session_takes_by_session ON session_takes(session_id);
)sql",
    };
    return steps;
}

} // namespace fieldbench::schema
