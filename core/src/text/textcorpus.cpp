#include "fieldbench/text/textcorpus.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/strings.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <unordered_set>

namespace fieldbench {
namespace {

std::string nfcOrThrow(const std::string &utf8, const std::string &where)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t len16 = 0;
    u_strFromUTF8(nullptr, 0, &len16, utf8.data(), int32_t(utf8.size()), &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        throw Error(where + ": invalid UTF-8");
    status = U_ZERO_ERROR;
    std::u16string u16(std::size_t(len16), u'\0');
    u_strFromUTF8(reinterpret_cast<UChar *>(u16.data()), len16, nullptr, utf8.data(), int32_t(utf8.size()), &status);
    if (U_FAILURE(status))
        throw Error(where + ": invalid UTF-8");

    const UNormalizer2 *nfcNorm = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status))
        throw Error("ICU: NFC normaliser unavailable");
    if (unorm2_isNormalized(nfcNorm, reinterpret_cast<const UChar *>(u16.data()), len16, &status) && U_SUCCESS(status))
        return utf8;
    status = U_ZERO_ERROR;
    const int32_t cap = len16 * 3 + 16;
    std::u16string norm(std::size_t(cap), u'\0');
    const int32_t normLen = unorm2_normalize(nfcNorm, reinterpret_cast<const UChar *>(u16.data()), len16,
                                             reinterpret_cast<UChar *>(norm.data()), cap, &status);
    if (U_FAILURE(status))
        throw Error(where + ": cannot normalise to NFC");
    int32_t len8 = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &len8, reinterpret_cast<const UChar *>(norm.data()), normLen, &status);
    status = U_ZERO_ERROR;
    std::string out(std::size_t(len8), '\0');
    u_strToUTF8(out.data(), len8, nullptr, reinterpret_cast<const UChar *>(norm.data()), normLen, &status);
    return out;
}


} // namespace

std::string nfc(const std::string &utf8)
{
    if (firstInvalidUtf8(utf8) != std::string::npos)
        throw Error("invalid UTF-8 at byte " + std::to_string(firstInvalidUtf8(utf8)));
    return nfcOrThrow(utf8, "text");
}

std::map<std::string, std::int64_t> scriptCounts(const std::string &utf8)
{
    std::map<std::string, std::int64_t> out;
    const auto *p = reinterpret_cast<const uint8_t *>(utf8.data());
    const int32_t n = int32_t(utf8.size());
    int32_t i = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0 || !u_isalpha(c))
            continue;
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED)
            continue;
        ++out[uscript_getName(script)];
    }
    return out;
}

TextStats textStats(const std::vector<std::string> &lines)
{
    TextStats st;
    for (const std::string &line : lines) {
        ++st.sentences;
        const auto *p = reinterpret_cast<const uint8_t *>(line.data());
        const int32_t n = int32_t(line.size());
        int32_t i = 0;
        bool inWord = false;
        while (i < n) {
            UChar32 c;
            U8_NEXT(p, i, n, c);
            if (c < 0)
                continue;
            ++st.characters;
            const bool space = u_isUWhiteSpace(c);
            if (!space && !inWord)
                ++st.words;
            inWord = !space;
        }
        for (const auto &[script, count] : scriptCounts(line))
            st.scripts[script] += count;
    }
    return st;
}

NormalisedText normaliseText(const std::string &utf8, const std::string &fileNameForErrors)
{
    NormalisedText out;
    std::size_t pos = 0;
    if (utf8.compare(0, 3, "\xEF\xBB\xBF") == 0)
        pos = 3;
    std::unordered_set<std::string> seen;
    long lineNo = 0;
    while (pos < utf8.size()) {
        std::size_t end = utf8.find('\n', pos);
        if (end == std::string::npos)
            end = utf8.size();
        ++lineNo;
        const std::string raw = utf8.substr(pos, end - pos);
        pos = end + 1;
        const std::size_t bad = firstInvalidUtf8(raw);
        if (bad != std::string::npos)
            throw Error(fileNameForErrors, lineNo,
                        "invalid UTF-8 at byte " + std::to_string(bad + 1) +
                            " of the line (is the file in another encoding? convert it to UTF-8, e.g. with iconv)");
        std::string line = trimmed(nfcOrThrow(raw, fileNameForErrors + ":" + std::to_string(lineNo)));
        if (line.empty()) {
            ++out.emptyLines;
            continue;
        }
        if (!seen.insert(line).second) {
            ++out.duplicatesRemoved;
            continue;
        }
        out.lines.push_back(std::move(line));
    }
    out.stats = textStats(out.lines);
    return out;
}

} // namespace fieldbench
