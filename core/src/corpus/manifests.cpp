#include "fieldbench/corpus/annotations.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/strings.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace fieldbench {

namespace {

void addProblem(std::vector<std::string> *problems, const fs::path &file, long line,
                const std::string &reason)
{
    if (problems)
        problems->push_back(file.string() + ":" + std::to_string(line) + ": " + reason);
}


std::vector<std::string> splitOn(const std::string &line, char separator)
{
    std::vector<std::string> fields;
    std::size_t begin = 0;
    for (;;) {
        const std::size_t cut = line.find(separator, begin);
        fields.push_back(
            line.substr(begin, cut == std::string::npos ? std::string::npos : cut - begin));
        if (cut == std::string::npos)
            return fields;
        begin = cut + 1;
    }
}

bool parseNumber(const std::string &s, double *value)
{
    const char *first = s.data();
    const char *last = s.data() + s.size();
    if (first != last && *first == '+')
        ++first;
    const auto r = std::from_chars(first, last, *value);
    return r.ec == std::errc() && r.ptr == last && std::isfinite(*value);
}

bool isFile(const fs::path &p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// Manifest text with a UTF-8 BOM removed (UTF-16 with BOM converted). Not validated as a
// whole: a bad byte spoils one line, which becomes a problem, not the whole file.
std::string manifestText(const fs::path &file)
{
    std::string bytes = readFile(file);
    if (bytes.size() >= 2
        && ((bytes[0] == '\xFF' && bytes[1] == '\xFE')
            || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        return decodeText(bytes, file);
    if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0)
        bytes.erase(0, 3);
    return bytes;
}

// Reads a Kaldi table ("key rest-of-line"), calling `row(line, key, rest)` for each
// non-empty line; lines that are not UTF-8 become problems.
void readKaldiTable(const fs::path &file, std::vector<std::string> *problems,
                    const std::function<void(long, const std::string &, const std::string &)> &row)
{
    const std::vector<std::string> lines = splitLines(manifestText(file));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const long line = long(i) + 1;
        const std::string text = trimmed(lines[i]);
        if (text.empty())
            continue;
        if (!isValidUtf8(text)) {
            addProblem(problems, file, line, "not valid UTF-8; line skipped");
            continue;
        }
        const std::size_t cut = text.find_first_of(" \t");
        if (cut == std::string::npos)
            row(line, text, std::string());
        else
            row(line, text.substr(0, cut), trimmed(std::string_view(text).substr(cut)));
    }
}

// Kaldi key -> value map of an optional table (text, utt2spk, utt2lang). `firstWordOnly`
// keeps only the first field of the value (utt2spk).
std::unordered_map<std::string, std::string>
readKaldiMap(const fs::path &file, std::vector<std::string> *problems, bool firstWordOnly)
{
    std::unordered_map<std::string, std::string> map;
    if (!isFile(file))
        return map;
    readKaldiTable(file, problems, [&](long line, const std::string &key, const std::string &rest) {
        std::string value = rest;
        if (firstWordOnly) {
            if (value.empty()) {
                addProblem(problems, file, line, "\"" + key + "\" has no value");
                return;
            }
            value = value.substr(0, value.find_first_of(" \t"));
        }
        if (!map.emplace(key, value).second)
            addProblem(problems, file, line, "\"" + key + "\" appears twice; the first is used");
    });
    return map;
}

std::string jsonToString(const nlohmann::json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_null())
        return {};
    return value.dump();
}

} // namespace

std::vector<ManifestEntry> readCommonVoiceTsv(const fs::path &tsv,
                                              std::vector<std::string> *problems)
{
    const std::vector<std::string> lines = splitLines(manifestText(tsv));
    std::size_t headerIndex = 0;
    while (headerIndex < lines.size() && trimmed(lines[headerIndex]).empty())
        ++headerIndex;
    if (headerIndex == lines.size())
        throw Error(tsv.string(), 1,
                    "the file is empty; a Common Voice TSV starts with a header row naming "
                    "the columns (path, sentence, ...)");
    const long headerLine = long(headerIndex) + 1;

    const std::vector<std::string> header = splitOn(lines[headerIndex], '\t');
    std::unordered_map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < header.size(); ++i)
        column.emplace(trimmed(header[i]), i);
    const auto columnOf = [&](const char *name) -> std::optional<std::size_t> {
        const auto it = column.find(name);
        return it == column.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    };
    for (const char *required : {"path", "sentence"}) {
        if (columnOf(required))
            continue;
        std::string names;
        for (const std::string &h : header)
            names += (names.empty() ? "" : ", ") + trimmed(h);
        throw Error(tsv.string(), headerLine,
                    std::string("the header row has no \"") + required
                        + "\" column (columns: " + names
                        + "); a Common Voice TSV is tab-separated with at least path and sentence");
    }
    const std::size_t pathColumn = *columnOf("path");
    const std::size_t sentenceColumn = *columnOf("sentence");
    const std::optional<std::size_t> speakerColumn = columnOf("client_id");
    const std::optional<std::size_t> localeColumn = columnOf("locale");
    const std::size_t needed = std::max(pathColumn, sentenceColumn) + 1;

    const fs::path dir = tsv.parent_path();
    std::vector<ManifestEntry> entries;
    for (std::size_t i = headerIndex + 1; i < lines.size(); ++i) {
        const long line = long(i) + 1;
        if (trimmed(lines[i]).empty())
            continue;
        if (!isValidUtf8(lines[i])) {
            addProblem(problems, tsv, line, "not valid UTF-8; row skipped");
            continue;
        }
        const std::vector<std::string> fields = splitOn(lines[i], '\t');
        if (fields.size() < needed) {
            addProblem(problems, tsv, line,
                       "expected at least " + std::to_string(needed)
                           + " tab-separated columns, found " + std::to_string(fields.size())
                           + "; row skipped");
            continue;
        }
        const std::string clip = trimmed(fields[pathColumn]);
        if (clip.empty()) {
            addProblem(problems, tsv, line, "empty path; row skipped");
            continue;
        }
        ManifestEntry entry;
        const fs::path clipPath(clip);
        if (clipPath.is_absolute()) {
            entry.audio = clipPath;
        } else if (isFile(dir / "clips" / clipPath)) {
            entry.audio = dir / "clips" / clipPath;
        } else {
            entry.audio = dir / clipPath;
        }
        if (!isFile(entry.audio)) {
            addProblem(problems, tsv, line,
                       "audio file \"" + clip
                           + "\" not found in clips/ or beside the TSV; row skipped");
            continue;
        }
        entry.text = trimmed(fields[sentenceColumn]);
        if (speakerColumn && *speakerColumn < fields.size())
            entry.speaker = trimmed(fields[*speakerColumn]);
        if (localeColumn && *localeColumn < fields.size())
            entry.language = trimmed(fields[*localeColumn]);
        entry.id = clipPath.stem().string();
        entries.push_back(std::move(entry));
    }
    return entries;
}

bool isKaldiDir(const fs::path &dir)
{
    std::error_code ec;
    return fs::is_directory(dir, ec) && isFile(dir / "wav.scp");
}

std::vector<ManifestEntry> readKaldiDir(const fs::path &dir, std::vector<std::string> *problems)
{
    const fs::path wavScp = dir / "wav.scp";
    if (!isFile(wavScp))
        throw Error(dir.string(), "not a Kaldi data directory: it has no wav.scp");

    // Recordings: id -> audio file, in wav.scp order.
    std::vector<std::pair<std::string, fs::path>> recordings;
    std::unordered_map<std::string, fs::path> audioOf;
    std::unordered_set<std::string> skipped; // reported once in wav.scp, not again per segment
    // Relative paths in wav.scp are usually relative to the recipe folder (data/train/.. /..)
    // where Kaldi's scripts run; the data dir and its parent come first.
    const fs::path parent = dir.parent_path();
    const std::vector<fs::path> bases{dir, parent, parent.parent_path(), fs::path()};

    const auto readRecording = [&](long line, const std::string &id, const std::string &value) {
        if (audioOf.count(id) || skipped.count(id)) {
            addProblem(problems, wavScp, line,
                       "recording \"" + id + "\" appears twice; the first is used");
            return;
        }
        skipped.insert(id);
        if (value.empty()) {
            addProblem(problems, wavScp, line, "recording \"" + id + "\" has no audio path");
            return;
        }
        if (value.back() == '|') {
            addProblem(problems, wavScp, line,
                       "recording \"" + id
                           + "\": pipe commands in wav.scp are not supported; convert the audio "
                             "first");
            return;
        }
        const fs::path given(value);
        fs::path found;
        if (given.is_absolute()) {
            if (isFile(given))
                found = given;
        } else {
            for (const fs::path &base : bases) {
                const fs::path candidate = base.empty() ? given : base / given;
                if (isFile(candidate)) {
                    found = candidate.lexically_normal();
                    break;
                }
            }
        }
        if (found.empty()) {
            const bool ark = value.find(".ark:") != std::string::npos;
            addProblem(problems, wavScp, line,
                       ark ? "recording \"" + id
                                 + "\": Kaldi archive (.ark) entries are not supported; "
                                   "write the audio as files first"
                           : "recording \"" + id + "\": audio file \"" + value
                                 + "\" not found (looked in the data directory and the two "
                                   "folders above it)");
            return;
        }
        skipped.erase(id);
        audioOf.emplace(id, found);
        recordings.emplace_back(id, found);
    };
    readKaldiTable(wavScp, problems, readRecording);

    const auto text = readKaldiMap(dir / "text", problems, false);
    const auto utt2spk = readKaldiMap(dir / "utt2spk", problems, true);
    const auto utt2lang = readKaldiMap(dir / "utt2lang", problems, true);
    const auto fill = [&](ManifestEntry &e) {
        if (const auto it = text.find(e.id); it != text.end())
            e.text = it->second;
        if (const auto it = utt2spk.find(e.id); it != utt2spk.end())
            e.speaker = it->second;
        if (const auto it = utt2lang.find(e.id); it != utt2lang.end())
            e.language = it->second;
    };

    std::vector<ManifestEntry> entries;
    const fs::path segments = dir / "segments";
    if (!isFile(segments)) {
        for (const auto &[id, audio] : recordings) {
            ManifestEntry e;
            e.id = id;
            e.audio = audio;
            fill(e);
            entries.push_back(std::move(e));
        }
        return entries;
    }

    std::unordered_set<std::string> seen;
    const auto readSegment = [&](long line, const std::string &utt, const std::string &rest) {
        std::vector<std::string> fields;
        for (std::string &f : splitOn(rest, ' '))
            for (std::string &g : splitOn(f, '\t'))
                if (!g.empty())
                    fields.push_back(std::move(g));
        if (fields.size() != 3) {
            addProblem(problems, segments, line,
                       "expected \"utterance recording start end\"; segment skipped");
            return;
        }
        double start = 0, end = 0;
        if (!parseNumber(fields[1], &start) || !parseNumber(fields[2], &end)) {
            addProblem(problems, segments, line,
                       "start and end of \"" + utt
                           + "\" must be numbers of seconds; segment skipped");
            return;
        }
        // Kaldi's extract-segments reads an end of -1 as "to the end of the recording".
        const bool toEnd = end == -1;
        if (start < 0 || (!toEnd && end < start)) {
            addProblem(problems, segments, line,
                       "segment \"" + utt + "\" ends before it starts; segment skipped");
            return;
        }
        const auto audio = audioOf.find(fields[0]);
        if (audio == audioOf.end()) {
            if (!skipped.count(fields[0]))
                addProblem(problems, segments, line,
                           "segment \"" + utt + "\" refers to recording \"" + fields[0]
                               + "\", which is not in wav.scp; segment skipped");
            return;
        }
        if (!seen.insert(utt).second) {
            addProblem(problems, segments, line,
                       "segment \"" + utt + "\" appears twice; the first is used");
            return;
        }
        ManifestEntry e;
        e.id = utt;
        e.audio = audio->second;
        e.start = start;
        if (!toEnd)
            e.end = end;
        fill(e);
        entries.push_back(std::move(e));
    };
    readKaldiTable(segments, problems, readSegment);
    return entries;
}

std::vector<ManifestEntry> readNemoManifest(const fs::path &jsonl,
                                            std::vector<std::string> *problems)
{
    const std::vector<std::string> lines = splitLines(manifestText(jsonl));
    const fs::path dir = jsonl.parent_path();
    std::vector<ManifestEntry> entries;
    std::size_t objects = 0; // lines that were JSON objects
    long firstBadLine = 0;   // first line that was not JSON, for a file with none
    std::string firstBadReason;

    for (std::size_t i = 0; i < lines.size(); ++i) {
        const long line = long(i) + 1;
        const std::string content = trimmed(lines[i]);
        if (content.empty())
            continue;
        nlohmann::json row;
        try {
            row = nlohmann::json::parse(content);
        } catch (const nlohmann::json::parse_error &e) {
            // e.what(): "[json.exception.parse_error.101] parse error at line 1, column 7: ..."
            std::string detail = e.what();
            const std::size_t colon = detail.find(": ", detail.find("column"));
            detail = colon == std::string::npos ? detail : detail.substr(colon + 2);
            const std::string reason
                = "invalid JSON at column " + std::to_string(e.byte) + ": " + detail;
            if (!firstBadLine) {
                firstBadLine = line;
                firstBadReason = reason;
            }
            addProblem(problems, jsonl, line, reason + "; line skipped");
            continue;
        }
        if (!row.is_object()) {
            if (!firstBadLine) {
                firstBadLine = line;
                firstBadReason = "expected one JSON object per line";
            }
            addProblem(problems, jsonl, line, "expected a JSON object; line skipped");
            continue;
        }
        ++objects;

        const auto field = [&row](const char *name) -> const nlohmann::json * {
            const auto it = row.find(name);
            return it == row.end() || it->is_null() ? nullptr : &*it;
        };
        const nlohmann::json *audio = field("audio_filepath");
        if (!audio || !audio->is_string() || audio->get<std::string>().empty()) {
            addProblem(problems, jsonl, line, "no \"audio_filepath\" string; line skipped");
            continue;
        }
        ManifestEntry e;
        const fs::path audioPath(audio->get<std::string>());
        e.audio = audioPath.is_absolute() ? audioPath : (dir / audioPath).lexically_normal();
        if (!isFile(e.audio)) {
            addProblem(problems, jsonl, line,
                       "audio file \"" + audioPath.string() + "\" not found; line skipped");
            continue;
        }
        if (const nlohmann::json *text = field("text")) {
            if (!text->is_string()) {
                addProblem(problems, jsonl, line, "\"text\" is not a string; line skipped");
                continue;
            }
            e.text = trimmed(text->get<std::string>());
        }
        std::optional<double> duration, offset;
        bool badNumber = false;
        for (const char *name : {"duration", "offset"}) {
            const nlohmann::json *v = field(name);
            if (!v)
                continue;
            if (!v->is_number() || v->get<double>() < 0 || !std::isfinite(v->get<double>())) {
                addProblem(problems, jsonl, line,
                           std::string("\"") + name
                               + "\" is not a number of seconds >= 0; line skipped");
                badNumber = true;
                break;
            }
            (std::string(name) == "duration" ? duration : offset) = v->get<double>();
        }
        if (badNumber)
            continue;
        // Without "offset" the entry is the whole file (NeMo's "duration" is then the
        // file's length); with it, [offset, offset + duration).
        if (offset) {
            e.start = *offset;
            if (duration)
                e.end = *offset + *duration;
        }
        if (const nlohmann::json *v = field("speaker"))
            e.speaker = jsonToString(*v);
        if (const nlohmann::json *lang = field("lang"); lang || (lang = field("language")))
            e.language = jsonToString(*lang);
        if (const nlohmann::json *v = field("id"))
            e.id = jsonToString(*v);
        entries.push_back(std::move(e));
    }
    if (objects == 0 && firstBadLine)
        throw Error(jsonl.string(), firstBadLine,
                    "not a NeMo manifest (one JSON object per line): " + firstBadReason);
    return entries;
}

} // namespace fieldbench
