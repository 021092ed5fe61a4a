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
    };
    return steps;
}

} // namespace fieldbench::schema
