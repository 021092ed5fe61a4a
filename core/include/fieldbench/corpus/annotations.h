#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldbench {

// A time-aligned label. Point tiers (TextGrid TextTier) have start == end.
struct AnnotationInterval
{
    double start = 0; // seconds
    double end = 0;   // seconds
    std::string text; // UTF-8, trimmed; may be empty
};

struct AnnotationTier
{
    std::string name;        // ELAN TIER_ID, TextGrid tier name, "text" for plain transcripts
    std::string type;        // ELAN LINGUISTIC_TYPE_REF; "interval"/"point" for TextGrid
    std::string participant; // ELAN PARTICIPANT attribute (speaker), may be empty
    std::string parent;      // ELAN PARENT_REF, may be empty
    bool isPointTier = false;
    std::vector<AnnotationInterval> intervals; // sorted by start
};

// One annotation file's content, format-neutral.
struct AnnotationDocument
{
    std::filesystem::path file;                 // the annotation file itself
    std::vector<std::filesystem::path> media;   // linked media that exist on disk (ELAN
                                                // MEDIA_DESCRIPTOR), in document order;
                                                // links to missing files are left out
    std::vector<AnnotationTier> tiers;

    // The tier named `name`, or nullptr. The pointer lives as long as `tiers` is unchanged.
    const AnnotationTier *tier(const std::string &name) const;
};

// ELAN .eaf: time slots (including unaligned slots, interpolated between neighbours),
// ALIGNABLE_ANNOTATIONs, and REF_ANNOTATIONs (symbolic associations/subdivisions) which
// take their parent's times. Several REF_ANNOTATIONs of one tier that refer to the same
// parent (Symbolic_Subdivision) split the parent's span evenly, in PREVIOUS_ANNOTATION
// order, as ELAN draws them. Media from MEDIA_URL / RELATIVE_MEDIA_URL, resolved relative
// to the .eaf's folder, falling back to a file of the same name beside it.
// Throws Error("file:line: reason") for malformed XML or broken references (unknown time
// slot or ANNOTATION_REF, reference cycles, duplicate ids, an aligned annotation whose
// explicit end is before its start), naming the tier and annotation id.
AnnotationDocument readEaf(const std::filesystem::path &file);

// Praat TextGrid, long ("ooTextFile") and short text forms, UTF-8 with or without BOM and
// UTF-16 LE/BE with BOM (as Praat writes files with non-ASCII labels), CRLF or LF,
// interval and point (TextTier) tiers; "" escapes in labels. Throws Error with line.
// Bytes that are not UTF-8 are read as ISO 8859-1 (older Praat), like Praat does. Labels
// are trimmed; line breaks inside a label are kept as "\n". Binary and chronological
// TextGrids are refused with a message saying how to save a text one.
AnnotationDocument readTextGrid(const std::filesystem::path &file);

// One utterance of a manifest-style corpus (Common Voice, Kaldi, NeMo).
struct ManifestEntry
{
    std::filesystem::path audio;
    std::optional<double> start;    // seconds within `audio` (Kaldi segments, NeMo offset)
    std::optional<double> end;
    std::string text;
    std::string speaker;            // CV client_id, Kaldi utt2spk, NeMo "speaker"
    std::string language;           // CV locale, NeMo "lang"; empty when unknown
    std::string id;                 // utterance id where the format has one
};

// The manifest readers below share one policy: a row or line that cannot be used (too few
// fields, bad numbers, invalid UTF-8/JSON, audio file not found) is skipped and reported in
// `problems` (when given) as "file:line: reason"; the rest is returned. A file that cannot
// be a manifest of that kind at all throws Error.

// Common Voice TSV (validated.tsv, train.tsv, ...): header row with at least `path` and
// `sentence`; audio resolved in "clips/" beside the TSV (CV's layout) or beside the TSV.
// client_id -> speaker, locale -> language, id = clip name without extension. Fields are
// split on tabs only (CV does not quote). Throws Error for an empty file or a header
// without `path` or `sentence`.
std::vector<ManifestEntry> readCommonVoiceTsv(const std::filesystem::path &tsv,
                                              std::vector<std::string> *problems = nullptr);

// Kaldi data directory: wav.scp (required), text, segments, utt2spk, utt2lang (optional).
// Pipe commands in wav.scp ("... |") and .ark entries are reported as problems, not run.
// Relative wav.scp paths are looked up in the data dir, its parent and the recipe folder
// above that (where Kaldi scripts run), then as given. With `segments`, one entry per
// segment (an end of -1 leaves `end` unset: to the end of the recording); without, one
// entry per recording. Throws Error when wav.scp is missing.
std::vector<ManifestEntry> readKaldiDir(const std::filesystem::path &dir,
                                        std::vector<std::string> *problems = nullptr);
// True for a folder that holds a wav.scp file.
bool isKaldiDir(const std::filesystem::path &dir);

// NeMo JSON-lines manifest: audio_filepath (relative to the manifest's folder unless
// absolute), text (optional: unlabelled data is kept with empty text), duration, offset,
// speaker, lang (or language), id. With `offset`, start = offset and end = offset +
// duration; without, start/end stay unset (the whole file). Throws Error when no line at
// all is a JSON object (e.g. a pretty-printed JSON array).
std::vector<ManifestEntry> readNemoManifest(const std::filesystem::path &jsonl,
                                            std::vector<std::string> *problems = nullptr);

// A plain transcript beside an audio file (same stem, .txt or .lab): whole file as one
// UTF-8 label, lines joined by a space. HTK .lab files with "start end label" lines
// (100 ns units) become an interval tier.
// The tier is named "text". A whole-file label is one interval with start == end == 0
// (times unknown) and type "text"; an empty file gives no interval. Timed labels have
// type "interval"; lines with decimal times ("1.25<TAB>2.5<TAB>label", Audacity and
// WaveSurfer label files) are read as seconds. Throws Error with the line of the first
// byte that is not UTF-8, or of a label that ends before it starts.
AnnotationTier readPlainTranscript(const std::filesystem::path &file);

// Lenient line splitting: LF, CRLF, lone CR; no trailing empty line required.
std::vector<std::string> splitLines(const std::string &text);

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points
// above U+10FFFF).
bool isValidUtf8(std::string_view bytes);

// The text of a file's bytes as UTF-8 without BOM: UTF-8 with or without BOM, UTF-16 LE/BE
// with BOM (or without BOM when the text starts with an ASCII character), and, when
// `latin1Fallback` is set, ISO 8859-1 for bytes that are not valid UTF-8 (older Praat
// writes Latin-1). Throws Error("file:line: ...") for invalid UTF-8 / UTF-16.
std::string decodeText(const std::string &bytes, const std::filesystem::path &file,
                       bool latin1Fallback = false);

// 1-based line of byte `offset` in `text` (LF, CRLF and lone CR each end a line).
long lineNumberAt(std::string_view text, std::size_t offset);

} // namespace fieldbench
