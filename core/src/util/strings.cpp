#include "fieldbench/util/strings.h"

#include <unicode/utf8.h>

namespace fieldbench {

std::string_view trimmedView(std::string_view s)
{
    const auto isSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::size_t firstInvalidUtf8(std::string_view bytes)
{
    const auto *p = reinterpret_cast<const uint8_t *>(bytes.data());
    const int32_t n = int32_t(bytes.size());
    int32_t i = 0;
    while (i < n) {
        const int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0)
            return std::size_t(at);
    }
    return std::string_view::npos;
}

} // namespace fieldbench
