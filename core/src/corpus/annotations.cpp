#include "fieldbench/corpus/annotations.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/strings.h"

#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace fs = std::filesystem;

namespace fieldbench {

namespace {

void appendUtf8(std::string &out, UChar32 cp)
{
    uint8_t buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, cp);
    out.append(reinterpret_cast<const char *>(buf), std::size_t(len));
}

// UTF-16 (from byte `begin`) to UTF-8 with ICU's code-point iteration; unpaired surrogates
// are errors with the line they are on.
std::string utf16ToUtf8(const std::string &bytes, std::size_t begin, bool bigEndian,
                        const fs::path &file)
{
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.data());
    std::u16string units;
    units.reserve((bytes.size() - begin) / 2);
    std::size_t i = begin;
    for (; i + 1 < bytes.size(); i += 2)
        units.push_back(char16_t(bigEndian ? (s[i] << 8) | s[i + 1] : (s[i + 1] << 8) | s[i]));
    std::string out;
    out.reserve(units.size());
    long line = 1;
    const auto *u = reinterpret_cast<const UChar *>(units.data());
    const int32_t n = int32_t(units.size());
    for (int32_t k = 0; k < n;) {
        UChar32 cp;
        U16_NEXT(u, k, n, cp);
        if (U_IS_SURROGATE(cp))
            throw Error(file.string(), line, "invalid UTF-16: unpaired surrogate");
        if (cp == '\n')
            ++line;
        appendUtf8(out, cp);
    }
    if (i < bytes.size())
        throw Error(file.string(), line,
                    "UTF-16 text has an odd number of bytes; the file is truncated");
    return out;
}

std::string latin1ToUtf8(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char c : bytes)
        appendUtf8(out, static_cast<unsigned char>(c));
    return out;
}


// Next whitespace-separated field of `s` (advanced past it); empty at the end.
std::string_view nextField(std::string_view &s)
{
    std::size_t b = 0;
    while (b < s.size() && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    std::size_t e = b;
    while (e < s.size() && s[e] != ' ' && s[e] != '\t')
        ++e;
    const std::string_view field = s.substr(b, e - b);
    s.remove_prefix(e);
    return field;
}

// One "start end label" line of an HTK / Audacity label file.
struct TimedLine
{
    double start = 0;
    double end = 0;
    bool decimal = false; // times written with a decimal point or exponent: seconds
    std::string label;
};

bool parseTimedLine(std::string_view line, TimedLine *out)
{
    std::string_view rest = line;
    const std::string_view a = nextField(rest);
    const std::string_view b = nextField(rest);
    const std::string_view label = trimmedView(rest);
    if (a.empty() || b.empty() || label.empty())
        return false;
    auto parse = [out](std::string_view f, double *value) {
        long long i = 0;
        auto r = std::from_chars(f.data(), f.data() + f.size(), i);
        if (r.ec == std::errc() && r.ptr == f.data() + f.size()) {
            *value = double(i);
            return true;
        }
        r = std::from_chars(f.data(), f.data() + f.size(), *value);
        if (r.ec == std::errc() && r.ptr == f.data() + f.size()) {
            out->decimal = true;
            return true;
        }
        return false;
    };
    out->decimal = false;
    if (!parse(a, &out->start) || !parse(b, &out->end))
        return false;
    out->label = std::string(label);
    return true;
}

} // namespace

const AnnotationTier *AnnotationDocument::tier(const std::string &name) const
{
    for (const AnnotationTier &t : tiers) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    std::size_t begin = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        lines.emplace_back(text, begin, i - begin);
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
        begin = i + 1;
    }
    if (begin < text.size())
        lines.emplace_back(text, begin, std::string::npos);
    return lines;
}

long lineNumberAt(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    long line = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')))
            ++line;
    }
    return line;
}

bool isValidUtf8(std::string_view bytes)
{
    return firstInvalidUtf8(bytes) == std::string_view::npos;
}

std::string decodeText(const std::string &bytes, const fs::path &file, bool latin1Fallback)
{
    const auto byte = [&bytes](std::size_t i) {
        return static_cast<unsigned char>(bytes[i]);
    };
    if (bytes.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE)
        return utf16ToUtf8(bytes, 2, false, file);
    if (bytes.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF)
        return utf16ToUtf8(bytes, 2, true, file);
    // Without BOM: text that starts with an ASCII character has a zero byte beside it.
    if (bytes.size() >= 2 && byte(0) != 0 && byte(0) < 0x80 && byte(1) == 0)
        return utf16ToUtf8(bytes, 0, false, file);
    if (bytes.size() >= 2 && byte(0) == 0 && byte(1) != 0 && byte(1) < 0x80)
        return utf16ToUtf8(bytes, 0, true, file);

    std::string_view text(bytes);
    if (text.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF)
        text.remove_prefix(3);
    const std::size_t bad = firstInvalidUtf8(text);
    if (bad == std::string_view::npos)
        return std::string(text);
    if (latin1Fallback)
        return latin1ToUtf8(text);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw Error(file.string(), lineNumberAt(text, bad),
                std::string("not valid UTF-8 (byte ") + hex
                    + "); save the file as UTF-8 and import it again");
}

AnnotationTier readPlainTranscript(const fs::path &file)
{
    const std::string text = decodeText(readFile(file), file);
    const std::vector<std::string> lines = splitLines(text);

    AnnotationTier tier;
    tier.name = "text";

    // Timed labels only when every non-empty line is "start end label"; Audacity's
    // spectral-selection lines ("\<TAB>low<TAB>high") are skipped in that case.
    std::vector<std::pair<long, TimedLine>> timed;
    bool allTimed = true;
    bool anyDecimal = false;
    for (std::size_t i = 0; i < lines.size() && allTimed; ++i) {
        const std::string_view line = trimmedView(lines[i]);
        if (line.empty() || line.front() == '\\')
            continue;
        TimedLine t;
        if (parseTimedLine(line, &t)) {
            anyDecimal = anyDecimal || t.decimal;
            timed.emplace_back(long(i) + 1, std::move(t));
        } else {
            allTimed = false;
        }
    }

    if (allTimed && !timed.empty()) {
        tier.type = "interval";
        // HTK times are integers in 100 ns units; decimal times are seconds.
        const double scale = anyDecimal ? 1.0 : 1e-7;
        for (auto &[line, t] : timed) {
            AnnotationInterval interval;
            interval.start = t.start * scale;
            interval.end = t.end * scale;
            interval.text = std::move(t.label);
            if (interval.start < 0 || interval.end < interval.start)
                throw Error(file.string(), line,
                            "label \"" + interval.text + "\" ends before it starts");
            tier.intervals.push_back(std::move(interval));
        }
        std::stable_sort(tier.intervals.begin(), tier.intervals.end(),
                         [](const AnnotationInterval &a, const AnnotationInterval &b) {
                             return a.start < b.start;
                         });
        return tier;
    }

    tier.type = "text";
    std::string joined;
    for (const std::string &l : lines) {
        const std::string_view line = trimmedView(l);
        if (line.empty())
            continue;
        if (!joined.empty())
            joined += ' ';
        joined += line;
    }
    if (!joined.empty())
        tier.intervals.push_back(AnnotationInterval{0, 0, std::move(joined)});
    return tier;
}

} // namespace fieldbench
