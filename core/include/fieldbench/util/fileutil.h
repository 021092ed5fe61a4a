#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace fieldbench {

// Whole file as bytes. Throws Error naming the file when it cannot be read.
std::string readFile(const std::filesystem::path &path);

// Writes `data` to a temporary file next to `path`, fsyncs it and renames it over `path`,
// so a reader (or a crash) sees either the old or the new content, never a mix.
void writeFileAtomically(const std::filesystem::path &path, std::string_view data);

// A unique, not yet existing temporary name in `dir` ("<dir>/.tmp-<prefix>-<random><ext>").
// Names starting with ".tmp-" are removed by Project::open() as leftovers of a crash.
std::filesystem::path temporaryPath(const std::filesystem::path &dir, std::string_view prefix,
                                    std::string_view extension);

// fsync of a file or directory; errors are ignored (best effort, used after renames).
void syncPath(const std::filesystem::path &path);

// XXH3-128 of a file's bytes, as 32 lower-case hex digits. Streams; any size.
std::string hashFile(const std::filesystem::path &path);
std::string hashBytes(std::string_view bytes);

// Lower-cased extension without the dot ("wav", "textgrid").
std::string lowerExtension(const std::filesystem::path &path);

} // namespace fieldbench
