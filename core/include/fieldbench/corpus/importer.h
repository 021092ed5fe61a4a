#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fieldbench/corpus/project.h"

namespace fieldbench {

struct ImportOptions
{
    std::string language;  // ISO 639-3 (or 639-1) for files that do not say; "" = none
    std::string speaker;   // speaker for files that do not say; "" = unknown
    std::string tier;      // tier that defines segments (ELAN/TextGrid); "" = first tier with text
    std::string tierType;  // ELAN: choose the tier by LINGUISTIC_TYPE_REF instead; "" = off
    int threads = 0;       // audio decoding threads; 0 = hardware concurrency
};

struct ImportIssue
{
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    std::string file;    // the file the problem is in
    std::string message; // complete sentence, may start with "line N:"
};

struct ImportSummary
{
    int imported = 0;        // recordings added
    int duplicates = 0;      // recordings skipped because the same content is in the project
    int skipped = 0;         // files ignored (not audio/annotation/text), or cancelled
    int failed = 0;          // files that could not be imported
    int segments = 0;        // segments added
    int textDocuments = 0;   // text documents added
    double audioSeconds = 0; // of recordings added
    bool cancelled = false;
    std::vector<ImportIssue> issues;
};

// Plain progress snapshot, sent from the importing thread (Marian-style observer).
struct ImportProgress
{
    int filesDone = 0;
    int filesTotal = 0;
    std::string currentFile;
};

class ImportObserver
{
public:
    virtual ~ImportObserver() = default;
    // Called on the importing thread, from inside Importer::run(); keep it short.
    virtual void progress(const ImportProgress &progress) = 0;
};

// One recording to import: an audio file and the segments (with transcripts) found for it.
struct ImportJob
{
    std::filesystem::path audio;
    std::string language;           // "" = ImportOptions::language
    std::string speaker;            // "" = ImportOptions::speaker
    std::vector<Segment> segments;  // empty: one whole-file segment without transcript
    std::filesystem::path annotationFile; // where the segments came from, for messages
};

// Imports files and folders into a project.
//
// Folders are walked recursively. Files are recognised by extension and content: audio
// (anything libsndfile decodes), .eaf, .TextGrid, Common Voice .tsv, Kaldi data dirs,
// NeMo .json/.jsonl manifests, same-stem .txt/.lab transcripts, and other UTF-8 .txt files
// as text documents. Audio is decoded and resampled on `threads` worker threads; catalog
// writes happen on the calling thread, one transaction per recording. One bad file never
// stops the batch: it becomes an ImportIssue and the rest continues.
//
// Runs synchronously on the calling thread; `cancel` (optional) is checked between files
// and between audio blocks, and a cancelled import leaves everything committed so far.
class Importer
{
public:
    Importer(Project &project, ImportOptions options);

    ImportSummary run(const std::vector<std::filesystem::path> &inputs,
                      ImportObserver *observer = nullptr,
                      const std::atomic<bool> *cancel = nullptr);

    // Imports prepared jobs (used by run() and by generators such as the demo corpus).
    ImportSummary runJobs(std::vector<ImportJob> jobs, ImportObserver *observer = nullptr,
                          const std::atomic<bool> *cancel = nullptr);

private:
    Project &m_project;
    ImportOptions m_options;
};

} // namespace fieldbench
