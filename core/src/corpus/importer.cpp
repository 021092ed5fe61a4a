#include "fieldbench/corpus/importer.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/annotations.h"
#include "fieldbench/corpus/languages.h"
#include "fieldbench/text/textcorpus.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

// Segments that end this far past the audio are clipped silently (rounding in tools).
constexpr double kEndTolerance = 0.05; // seconds
// Two intervals of different tiers with boundaries this close describe the same segment.
constexpr double kSameSpan = 0.002; // seconds

struct Plan
{
    std::vector<ImportJob> jobs;
    std::vector<fs::path> textFiles;
    std::vector<ImportIssue> issues;
    int skipped = 0;
    int failed = 0;
};

void addIssue(std::vector<ImportIssue> &issues, ImportIssue::Severity s, const fs::path &file, std::string msg)
{
    issues.push_back({s, file.string(), std::move(msg)});
}

// Error messages from core already start with the file name; strip it for ImportIssue,
// which carries the file separately.
std::string seconds(double value)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", value);
    return buf;
}

std::string span(double start, double end)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f-%.3f s", start, end);
    return buf;
}

std::string withoutFilePrefix(const std::string &message, const fs::path &file)
{
    const std::string prefix = file.string() + ":";
    if (message.compare(0, prefix.size(), prefix) == 0) {
        std::string rest = message.substr(prefix.size());
        if (!rest.empty() && rest[0] == ' ')
            rest.erase(0, 1);
        else if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0])))
            rest = "line " + rest;
        return rest;
    }
    return message;
}

fs::path findSameStemAudio(const fs::path &file)
{
    std::error_code ec;
    const fs::path dir = file.parent_path();
    const std::string stem = file.stem().string();
    for (fs::directory_iterator it(dir.empty() ? "." : dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().stem() == stem && it->path() != file && looksLikeAudio(it->path()) && it->is_regular_file(ec))
            return it->path();
    }
    return {};
}

// Segments from an annotation document: the chosen tier's non-empty intervals, plus the
// text of every other tier that has an interval over exactly the same span.
std::vector<Segment> segmentsFromTiers(const AnnotationDocument &doc, const ImportOptions &options,
                                       const std::string &source, std::vector<ImportIssue> &issues,
                                       std::string *participant)
{
    const AnnotationTier *main = nullptr;
    if (!options.tier.empty()) {
        main = doc.tier(options.tier);
        if (!main) {
            std::string names;
            for (const auto &t : doc.tiers)
                names += (names.empty() ? "" : ", ") + t.name;
            throw Error(doc.file.string(), "no tier named '" + options.tier + "' (tiers: " + names + ")");
        }
    } else if (!options.tierType.empty()) {
        for (const auto &t : doc.tiers)
            if (t.type == options.tierType) {
                main = &t;
                break;
            }
        if (!main)
            throw Error(doc.file.string(), "no tier of type '" + options.tierType + "'");
    } else {
        for (const auto &t : doc.tiers) {
            if (t.isPointTier)
                continue;
            if (std::any_of(t.intervals.begin(), t.intervals.end(), [](const AnnotationInterval &i) { return !i.text.empty(); })) {
                main = &t;
                break;
            }
        }
    }
    if (!main || main->isPointTier) {
        addIssue(issues, ImportIssue::Severity::Warning, doc.file,
                 main ? "tier '" + main->name + "' is a point tier; the recording is imported without segments"
                      : "no tier with text; the recording is imported without segments");
        return {};
    }
    if (participant)
        *participant = main->participant;
    std::vector<Segment> out;
    for (const AnnotationInterval &iv : main->intervals) {
        if (iv.text.empty() || iv.end <= iv.start)
            continue;
        Segment s;
        s.start = iv.start;
        s.end = iv.end;
        s.source = source;
        s.transcripts.push_back({main->name, iv.text});
        for (const AnnotationTier &other : doc.tiers) {
            if (&other == main || other.isPointTier)
                continue;
            for (const AnnotationInterval &o : other.intervals) {
                if (std::fabs(o.start - iv.start) <= kSameSpan && std::fabs(o.end - iv.end) <= kSameSpan && !o.text.empty()) {
                    s.transcripts.push_back({other.name, o.text});
                    break;
                }
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

void addManifestJobs(Plan &plan, const std::vector<ManifestEntry> &entries, const fs::path &manifest,
                     const std::string &source)
{
    // One job per audio file; utterances of the same file become its segments.
    std::map<fs::path, std::size_t> byAudio;
    for (const ManifestEntry &e : entries) {
        auto it = byAudio.find(e.audio);
        if (it == byAudio.end()) {
            ImportJob job;
            job.audio = e.audio;
            job.language = e.language;
            job.speaker = e.speaker;
            job.annotationFile = manifest;
            it = byAudio.emplace(e.audio, plan.jobs.size()).first;
            plan.jobs.push_back(std::move(job));
        }
        Segment s;
        s.start = e.start.value_or(0.0);
        s.end = e.end.value_or(-1.0); // -1: to the end of the audio, resolved after decoding
        s.source = source;
        if (!e.text.empty())
            s.transcripts.push_back({"text", e.text});
        plan.jobs[it->second].segments.push_back(std::move(s));
    }
}

bool isCommonVoiceTsv(const fs::path &file)
{
    if (lowerExtension(file) != "tsv")
        return false;
    std::string head;
    try {
        head = readFile(file).substr(0, 4096);
    } catch (const Error &) {
        return false;
    }
    const std::string firstLine = head.substr(0, head.find('\n'));
    return firstLine.find("path") != std::string::npos && firstLine.find("sentence") != std::string::npos;
}

bool isNemoManifest(const fs::path &file)
{
    const std::string ext = lowerExtension(file);
    if (ext != "json" && ext != "jsonl")
        return false;
    try {
        const std::string data = readFile(file);
        const std::string first = data.substr(0, data.find('\n'));
        const auto j = nlohmann::json::parse(first);
        return j.is_object() && j.contains("audio_filepath");
    } catch (...) {
        return false;
    }
}

Plan makePlan(const std::vector<fs::path> &inputs, const ImportOptions &options)
{
    Plan plan;
    std::vector<fs::path> files;
    std::vector<fs::path> kaldiDirs;
    for (const fs::path &input : inputs) {
        std::error_code ec;
        if (fs::is_directory(input, ec)) {
            if (isKaldiDir(input))
                kaldiDirs.push_back(input);
            for (fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
                 !ec && it != end; it.increment(ec)) {
                if (it->is_directory(ec) && isKaldiDir(it->path()))
                    kaldiDirs.push_back(it->path());
                else if (it->is_regular_file(ec) && it->path().filename().string().rfind('.', 0) != 0)
                    files.push_back(it->path());
            }
            if (ec)
                addIssue(plan.issues, ImportIssue::Severity::Warning, input, "could not read the whole folder: " + ec.message());
        } else if (fs::is_regular_file(input, ec)) {
            files.push_back(input);
        } else {
            addIssue(plan.issues, ImportIssue::Severity::Error, input, "no such file or folder");
            ++plan.failed;
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());

    std::set<fs::path> claimed; // audio and transcript files that an annotation accounts for
    auto kaldiFile = [&](const fs::path &f) {
        return std::any_of(kaldiDirs.begin(), kaldiDirs.end(), [&](const fs::path &d) { return f.parent_path() == d; });
    };

    for (const fs::path &dir : kaldiDirs) {
        try {
            std::vector<std::string> problems;
            const auto entries = readKaldiDir(dir, &problems);
            for (const std::string &p : problems)
                addIssue(plan.issues, ImportIssue::Severity::Warning, dir, p);
            for (const auto &e : entries)
                claimed.insert(fs::weakly_canonical(e.audio));
            addManifestJobs(plan, entries, dir / "wav.scp", "kaldi");
        } catch (const Error &e) {
            addIssue(plan.issues, ImportIssue::Severity::Error, dir, withoutFilePrefix(e.what(), dir));
            ++plan.failed;
        }
    }

    std::vector<fs::path> audioFiles, plainTexts, unknown;
    for (const fs::path &f : files) {
        if (kaldiFile(f))
            continue;
        const std::string ext = lowerExtension(f);
        try {
            if (ext == "eaf") {
                const AnnotationDocument doc = readEaf(f);
                fs::path media = doc.media.empty() ? findSameStemAudio(f) : doc.media.front();
                if (media.empty())
                    throw Error(f.string(), "the linked media file was not found (looked at MEDIA_URL, "
                                            "RELATIVE_MEDIA_URL and beside the .eaf)");
                ImportJob job;
                job.audio = media;
                job.annotationFile = f;
                job.segments = segmentsFromTiers(doc, options, "eaf", plan.issues, &job.speaker);
                claimed.insert(fs::weakly_canonical(media));
                plan.jobs.push_back(std::move(job));
            } else if (ext == "textgrid") {
                const AnnotationDocument doc = readTextGrid(f);
                const fs::path media = findSameStemAudio(f);
                if (media.empty())
                    throw Error(f.string(), "no audio file with the same name beside the TextGrid");
                ImportJob job;
                job.audio = media;
                job.annotationFile = f;
                job.segments = segmentsFromTiers(doc, options, "textgrid", plan.issues, nullptr);
                claimed.insert(fs::weakly_canonical(media));
                plan.jobs.push_back(std::move(job));
            } else if (isCommonVoiceTsv(f)) {
                std::vector<std::string> problems;
                const auto entries = readCommonVoiceTsv(f, &problems);
                for (const std::string &p : problems)
                    addIssue(plan.issues, ImportIssue::Severity::Warning, f, withoutFilePrefix(p, f));
                for (const auto &e : entries)
                    claimed.insert(fs::weakly_canonical(e.audio));
                addManifestJobs(plan, entries, f, "commonvoice");
            } else if (isNemoManifest(f)) {
                std::vector<std::string> problems;
                const auto entries = readNemoManifest(f, &problems);
                for (const std::string &p : problems)
                    addIssue(plan.issues, ImportIssue::Severity::Warning, f, withoutFilePrefix(p, f));
                for (const auto &e : entries)
                    claimed.insert(fs::weakly_canonical(e.audio));
                addManifestJobs(plan, entries, f, "nemo");
            } else if (looksLikeAudio(f)) {
                audioFiles.push_back(f);
            } else if (ext == "txt" || ext == "lab") {
                plainTexts.push_back(f);
            } else {
                unknown.push_back(f);
            }
        } catch (const Error &e) {
            addIssue(plan.issues, ImportIssue::Severity::Error, f, withoutFilePrefix(e.what(), f));
            ++plan.failed;
        }
    }

    // Same-stem transcripts pair with audio; other .txt files are text documents.
    std::map<fs::path, fs::path> transcriptFor;
    for (const fs::path &t : plainTexts) {
        const fs::path audio = findSameStemAudio(t);
        if (!audio.empty())
            transcriptFor[audio] = t;
        else if (lowerExtension(t) == "txt")
            plan.textFiles.push_back(t);
        else {
            addIssue(plan.issues, ImportIssue::Severity::Warning, t, "label file without an audio file of the same name; skipped");
            ++plan.skipped;
        }
    }
    for (const fs::path &a : audioFiles) {
        if (claimed.count(fs::weakly_canonical(a)))
            continue;
        ImportJob job;
        job.audio = a;
        const auto t = transcriptFor.find(a);
        if (t != transcriptFor.end()) {
            try {
                AnnotationTier tier = readPlainTranscript(t->second);
                job.annotationFile = t->second;
                for (const AnnotationInterval &iv : tier.intervals) {
                    Segment s;
                    s.start = iv.start;
                    s.end = iv.end > iv.start ? iv.end : -1.0;
                    s.source = lowerExtension(t->second);
                    if (!iv.text.empty())
                        s.transcripts.push_back({tier.name.empty() ? "text" : tier.name, iv.text});
                    job.segments.push_back(std::move(s));
                }
            } catch (const Error &e) {
                addIssue(plan.issues, ImportIssue::Severity::Warning, t->second,
                         withoutFilePrefix(e.what(), t->second) + "; the audio is imported without transcript");
            }
        }
        plan.jobs.push_back(std::move(job));
    }
    for (const fs::path &u : unknown) {
        // Files without a known extension are tried as audio (libsndfile reads the header).
        try {
            probeAudio(u);
            ImportJob job;
            job.audio = u;
            plan.jobs.push_back(std::move(job));
        } catch (const Error &) {
            addIssue(plan.issues, ImportIssue::Severity::Warning, u,
                     "not a recognised audio, annotation or text file; skipped");
            ++plan.skipped;
        }
    }
    return plan;
}

struct Converted
{
    std::size_t job = 0;
    enum class Outcome { Ok, Duplicate, Failed, Cancelled } outcome = Outcome::Failed;
    AudioInfo info;
    std::int64_t frames = 0;
    std::string hash;
    fs::path tmp;
    std::string error;
};

} // namespace

Importer::Importer(Project &project, ImportOptions options)
    : m_project(project)
    , m_options(std::move(options))
{}

ImportSummary Importer::run(const std::vector<fs::path> &inputs, ImportObserver *observer,
                            const std::atomic<bool> *cancel)
{
    Plan plan = makePlan(inputs, m_options);
    ImportSummary summary;
    summary.issues = std::move(plan.issues);
    summary.failed = plan.failed;
    summary.skipped = plan.skipped;
    const int total = int(plan.jobs.size() + plan.textFiles.size());
    int done = 0;

    // Text documents first: quick, on this thread.
    for (const fs::path &file : plan.textFiles) {
        if (cancel && cancel->load()) {
            summary.cancelled = true;
            break;
        }
        if (observer)
            observer->progress({done, total, file.string()});
        ++done;
        try {
            const std::string code = m_options.language;
            if (code.empty())
                throw Error(file.string(), "no language given for this text: choose one (--language CODE)");
            if (!LanguageCatalog::system().find(code))
                throw Error(file.string(), "unknown language code '" + code + "'");
            const NormalisedText text = normaliseText(readFile(file), file.string());
            if (text.lines.empty())
                throw Error(file.string(), "no text (the file is empty or only blank lines)");
            std::string joined;
            for (const std::string &l : text.lines)
                joined += l + "\n";
            TextDocument doc;
            doc.sourcePath = fs::absolute(file).string();
            doc.contentHash = hashBytes(joined);
            if (m_project.textDocumentByHash(doc.contentHash)) {
                ++summary.duplicates;
                continue;
            }
            doc.textFile = "text/" + doc.contentHash + ".txt";
            writeFileAtomically(m_project.absolute(doc.textFile), joined);
            doc.sentences = text.stats.sentences;
            doc.words = text.stats.words;
            doc.characters = text.stats.characters;
            doc.scripts = nlohmann::json(text.stats.scripts).dump();
            m_project.addTextDocument(doc, code);
            ++summary.textDocuments;
            if (text.duplicatesRemoved > 0)
                addIssue(summary.issues, ImportIssue::Severity::Warning, file,
                         std::to_string(text.duplicatesRemoved) + " duplicate line(s) removed");
        } catch (const Error &e) {
            addIssue(summary.issues, ImportIssue::Severity::Error, file, withoutFilePrefix(e.what(), file));
            ++summary.failed;
        }
    }
    if (summary.cancelled)
        return summary;

    ImportSummary audio = runJobs(std::move(plan.jobs), observer, cancel);
    summary.imported += audio.imported;
    summary.duplicates += audio.duplicates;
    summary.skipped += audio.skipped;
    summary.failed += audio.failed;
    summary.segments += audio.segments;
    summary.audioSeconds += audio.audioSeconds;
    summary.cancelled = audio.cancelled;
    summary.issues.insert(summary.issues.end(), audio.issues.begin(), audio.issues.end());
    return summary;
}

ImportSummary Importer::runJobs(std::vector<ImportJob> jobs, ImportObserver *observer, const std::atomic<bool> *cancel)
{
    ImportSummary summary;
    const int total = int(jobs.size());

    // Validate languages up front so a missing --language fails fast, before decoding.
    std::vector<bool> runnable(jobs.size(), true);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        ImportJob &job = jobs[i];
        if (job.language.empty())
            job.language = m_options.language;
        if (job.speaker.empty())
            job.speaker = m_options.speaker;
        const fs::path &blame = job.annotationFile.empty() ? job.audio : job.annotationFile;
        if (job.language.empty()) {
            addIssue(summary.issues, ImportIssue::Severity::Error, blame,
                     "no language given for this recording: choose one (--language CODE)");
            runnable[i] = false;
        } else if (const auto iso = LanguageCatalog::system().find(job.language)) {
            job.language = iso->code;
        } else {
            addIssue(summary.issues, ImportIssue::Severity::Error, blame,
                     "unknown language code '" + job.language + "' (use ISO 639-3, e.g. 'spa')");
            runnable[i] = false;
        }
        if (!runnable[i])
            ++summary.failed;
    }

    const int threads = m_options.threads > 0 ? m_options.threads
                                              : int(std::max(1u, std::thread::hardware_concurrency()));
    auto parallelFor = [threads](std::size_t n, const std::function<void(std::size_t)> &body) {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < threads && std::size_t(t) < n; ++t)
            pool.emplace_back([&] {
                for (std::size_t i; (i = next.fetch_add(1)) < n;)
                    body(i);
            });
        for (std::thread &t : pool)
            t.join();
    };

    // Phase 1, parallel: content hashes of the source files.
    std::vector<std::string> hashes(jobs.size()), hashErrors(jobs.size());
    parallelFor(jobs.size(), [&](std::size_t i) {
        if (!runnable[i] || (cancel && cancel->load()))
            return;
        try {
            hashes[i] = hashFile(jobs[i].audio);
        } catch (const std::exception &e) {
            hashErrors[i] = withoutFilePrefix(e.what(), jobs[i].audio);
        }
    });

    // Phase 2, here: which copy of duplicated content is imported. Content already in the
    // project is skipped; within the batch the copy with the most transcribed segments
    // wins (a recording with its annotation beats a bare copy), then the first in order.
    // Deterministic whatever the thread timing.
    std::unordered_set<std::string> known;
    for (const Recording &r : m_project.recordings())
        known.insert(r.contentHash);
    auto transcribed = [&](std::size_t i) {
        return std::count_if(jobs[i].segments.begin(), jobs[i].segments.end(),
                             [](const Segment &s) { return !s.transcripts.empty(); });
    };
    std::map<std::string, std::size_t> winner;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!runnable[i] || hashes[i].empty() || known.count(hashes[i]))
            continue;
        const auto it = winner.find(hashes[i]);
        if (it == winner.end() || transcribed(i) > transcribed(it->second))
            winner[hashes[i]] = i;
    }

    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Converted> results; // guarded by mutex
    std::atomic<std::size_t> next{0};
    const fs::path audioDir = m_project.absolute("audio");

    // Phase 3, parallel: decode and resample the winners; results go to this thread.
    auto worker = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= jobs.size())
                return;
            if (!runnable[i])
                continue;
            Converted c;
            c.job = i;
            c.hash = hashes[i];
            try {
                if (cancel && cancel->load())
                    throw Cancelled{};
                if (!hashErrors[i].empty())
                    throw Error(hashErrors[i]);
                if (c.hash.empty())
                    throw Cancelled{}; // not hashed: cancelled during phase 1
                const auto w = winner.find(c.hash);
                if (w == winner.end() || w->second != i) {
                    c.outcome = Converted::Outcome::Duplicate;
                } else {
                    c.tmp = temporaryPath(audioDir, c.hash.substr(0, 8), ".flac");
                    c.info = convertToProjectFlac(jobs[i].audio, c.tmp, &c.frames, cancel);
                    c.outcome = Converted::Outcome::Ok;
                }
            } catch (const Cancelled &) {
                c.outcome = Converted::Outcome::Cancelled;
            } catch (const std::exception &e) {
                c.outcome = Converted::Outcome::Failed;
                c.error = withoutFilePrefix(e.what(), jobs[i].audio);
            }
            if (c.outcome != Converted::Outcome::Ok && !c.tmp.empty()) {
                std::error_code ec;
                fs::remove(c.tmp, ec);
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                results.push_back(std::move(c));
            }
            ready.notify_one();
        }
    };

    std::vector<std::thread> pool;
    const std::size_t toRun = std::size_t(std::count(runnable.begin(), runnable.end(), true));
    for (int t = 0; t < threads && std::size_t(t) < toRun; ++t)
        pool.emplace_back(worker);

    int done = total - int(toRun);
    if (observer)
        observer->progress({done, total, {}});
    std::size_t received = 0;
    std::exception_ptr fatal;
    while (received < toRun) {
        Converted c;
        {
            std::unique_lock<std::mutex> lock(mutex);
            ready.wait(lock, [&] { return !results.empty(); });
            c = std::move(results.front());
            results.pop_front();
        }
        ++received;
        ++done;
        const ImportJob &job = jobs[c.job];
        if (observer)
            observer->progress({done, total, job.audio.string()});
        if (fatal) { // catalog failed earlier: discard the rest
            std::error_code ec;
            if (!c.tmp.empty())
                fs::remove(c.tmp, ec);
            continue;
        }
        switch (c.outcome) {
        case Converted::Outcome::Cancelled:
            summary.cancelled = true;
            ++summary.skipped;
            continue;
        case Converted::Outcome::Duplicate:
            ++summary.duplicates;
            continue;
        case Converted::Outcome::Failed:
            addIssue(summary.issues, ImportIssue::Severity::Error, job.audio, c.error);
            ++summary.failed;
            continue;
        case Converted::Outcome::Ok:
            break;
        }
        try {
            const double duration = double(c.frames) / kProjectSampleRate;
            NewRecording entry;
            entry.languageCode = job.language;
            entry.speakerName = job.speaker;
            Recording &r = entry.recording;
            r.sourcePath = fs::absolute(job.audio).lexically_normal().string();
            r.contentHash = c.hash;
            r.originalFormat = c.info.format;
            r.originalSampleRate = c.info.sampleRate;
            r.originalChannels = c.info.channels;
            r.durationSeconds = duration;
            r.audioFile = "audio/" + c.hash + ".flac";
            const fs::path &blame = job.annotationFile.empty() ? job.audio : job.annotationFile;
            for (Segment s : job.segments) {
                if (s.end < 0)
                    s.end = duration;
                if (s.start >= duration) {
                    addIssue(summary.issues, ImportIssue::Severity::Warning, blame,
                             "segment " + span(s.start, s.end) + " starts after the end of the audio (" +
                                 seconds(duration) + "); skipped");
                    continue;
                }
                if (s.end > duration + kEndTolerance)
                    addIssue(summary.issues, ImportIssue::Severity::Warning, blame,
                             "segment " + span(s.start, s.end) + " ends after the end of the audio (" +
                                 seconds(duration) + "); cut at the end");
                s.end = std::min(s.end, duration);
                entry.segments.push_back(std::move(s));
            }
            if (job.segments.empty())
                entry.segments.push_back({0, 0, 0.0, duration, "whole-file", {}});
            // The FLAC is complete: give it its final name, then commit the rows that refer
            // to it. A crash between the two leaves an unreferenced file, never a row
            // without audio.
            const fs::path final = m_project.absolute(r.audioFile);
            std::error_code ec;
            fs::rename(c.tmp, final, ec);
            if (ec)
                throw Error(final.string(), "cannot store audio: " + ec.message());
            syncPath(audioDir);
            m_project.addRecording(entry);
            ++summary.imported;
            summary.segments += int(entry.segments.size());
            summary.audioSeconds += duration;
        } catch (const Error &e) {
            std::error_code ec;
            fs::remove(c.tmp, ec);
            addIssue(summary.issues, ImportIssue::Severity::Error, job.audio, withoutFilePrefix(e.what(), job.audio));
            ++summary.failed;
        } catch (...) {
            // The catalog itself failed (disk full, locked...): stop committing, let the
            // workers finish, remove their files, then report it.
            fatal = std::current_exception();
        }
    }
    for (std::thread &t : pool)
        t.join();
    if (fatal)
        std::rethrow_exception(fatal);
    return summary;
}

} // namespace fieldbench
