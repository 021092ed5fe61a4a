#pragma once

#include <string>
#include <string_view>

namespace fieldbench {

// `s` without leading and trailing ASCII whitespace (space, \t, \r, \n, \f, \v).
std::string_view trimmedView(std::string_view s);
inline std::string trimmed(std::string_view s) { return std::string(trimmedView(s)); }

// Offset of the first byte of `bytes` that is not part of well-formed UTF-8 (ICU decides),
// or std::string_view::npos when all of it is valid.
std::size_t firstInvalidUtf8(std::string_view bytes);

} // namespace fieldbench
