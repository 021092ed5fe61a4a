#include "output.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace fieldbench::cli {

nlohmann::json toJson(const ImportSummary &s)
{
    nlohmann::json issues = nlohmann::json::array();
    for (const ImportIssue &i : s.issues)
        issues.push_back({{"severity", i.severity == ImportIssue::Severity::Error ? "error" : "warning"},
                          {"file", i.file},
                          {"message", i.message}});
    return {{"imported", s.imported}, {"duplicates", s.duplicates}, {"skipped", s.skipped},
            {"failed", s.failed}, {"segments", s.segments}, {"text_documents", s.textDocuments},
            {"audio_seconds", s.audioSeconds}, {"cancelled", s.cancelled}, {"issues", issues}};
}

nlohmann::json toJson(const ProjectStats &stats)
{
    nlohmann::json langs = nlohmann::json::array();
    for (const LanguageStats &l : stats.languages)
        langs.push_back({{"code", l.language.code}, {"name", l.language.name}, {"recordings", l.recordings},
                         {"segments", l.segments}, {"transcribed_segments", l.transcribedSegments},
                         {"audio_seconds", l.audioSeconds}, {"audio_hours", l.audioSeconds / 3600.0},
                         {"segment_seconds", l.segmentSeconds}, {"speakers", l.speakers},
                         {"text_documents", l.textDocuments}, {"text_sentences", l.textSentences},
                         {"text_words", l.textWords}, {"text_characters", l.textCharacters},
                         {"text_scripts", l.textScripts}});
    nlohmann::json speakers = nlohmann::json::array();
    for (const SpeakerStats &s : stats.speakers)
        speakers.push_back({{"language", s.languageCode}, {"speaker", s.speaker}, {"recordings", s.recordings},
                            {"segments", s.segments}, {"audio_seconds", s.audioSeconds},
                            {"audio_hours", s.audioSeconds / 3600.0}});
    return {{"languages", langs}, {"speakers", speakers}};
}

std::string formatDuration(double seconds)
{
    char buf[64];
    if (seconds >= 3600)
        std::snprintf(buf, sizeof buf, "%d h %02d min", int(seconds / 3600), int(std::fmod(seconds, 3600) / 60));
    else if (seconds >= 60)
        std::snprintf(buf, sizeof buf, "%d min %02d s", int(seconds / 60), int(std::fmod(seconds, 60)));
    else
        std::snprintf(buf, sizeof buf, "%.1f s", seconds);
    return buf;
}

std::string formatSummary(const ImportSummary &s)
{
    std::ostringstream out;
    for (const ImportIssue &i : s.issues)
        out << (i.severity == ImportIssue::Severity::Error ? "error: " : "warning: ") << i.file << ": " << i.message << "\n";
    out << s.imported << " recording(s) imported (" << formatDuration(s.audioSeconds) << ", " << s.segments
        << " segment(s)), " << s.textDocuments << " text document(s), " << s.duplicates << " duplicate(s), "
        << s.skipped << " skipped, " << s.failed << " failed" << (s.cancelled ? " (cancelled)" : "") << "\n";
    return out.str();
}

std::string formatStats(const ProjectStats &stats)
{
    std::ostringstream out;
    char line[256];
    std::snprintf(line, sizeof line, "%-5s %-24s %9s %9s %9s %8s %8s %9s\n", "code", "language", "audio",
                  "recs", "segments", "speakers", "texts", "sentences");
    out << line;
    for (const LanguageStats &l : stats.languages) {
        std::snprintf(line, sizeof line, "%-5s %-24.24s %9s %9lld %9lld %8lld %8lld %9lld\n", l.language.code.c_str(),
                      l.language.name.c_str(), formatDuration(l.audioSeconds).c_str(), (long long)l.recordings,
                      (long long)l.segments, (long long)l.speakers, (long long)l.textDocuments,
                      (long long)l.textSentences);
        out << line;
    }
    if (!stats.speakers.empty()) {
        out << "\n";
        std::snprintf(line, sizeof line, "%-5s %-24s %9s %9s %9s\n", "code", "speaker", "audio", "recs", "segments");
        out << line;
        for (const SpeakerStats &s : stats.speakers) {
            std::snprintf(line, sizeof line, "%-5s %-24.24s %9s %9lld %9lld\n", s.languageCode.c_str(),
                          s.speaker.empty() ? "(unknown)" : s.speaker.c_str(), formatDuration(s.audioSeconds).c_str(),
                          (long long)s.recordings, (long long)s.segments);
            out << line;
        }
    }
    return out.str();
}

ConsoleProgress::ConsoleProgress(bool enabled)
    : m_enabled(enabled)
    , m_tty(::isatty(STDERR_FILENO) == 1)
{}

ConsoleProgress::~ConsoleProgress()
{
    if (m_enabled && m_tty && m_lastPrinted >= 0)
        std::fputc('\n', stderr);
}

void ConsoleProgress::progress(const ImportProgress &p)
{
    if (!m_enabled || p.filesTotal == 0)
        return;
    if (m_tty) {
        std::fprintf(stderr, "\r[%d/%d] %-60.60s", p.filesDone, p.filesTotal, p.currentFile.c_str());
    } else {
        // Not a terminal: one line per 10%, so logs stay short.
        const int decile = p.filesDone * 10 / p.filesTotal;
        if (decile == m_lastPrinted)
            return;
        std::fprintf(stderr, "[%d/%d] %s\n", p.filesDone, p.filesTotal, p.currentFile.c_str());
        m_lastPrinted = decile;
        return;
    }
    m_lastPrinted = p.filesDone;
    std::fflush(stderr);
}

} // namespace fieldbench::cli
