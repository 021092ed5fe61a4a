#pragma once

#include <stdexcept>
#include <string>

namespace fieldbench {

// The one exception type core throws for problems a user can act on: bad input files,
// missing tools, invalid settings. what() is a complete sentence naming the file (and the
// line where there is one) and the problem.
class Error : public std::runtime_error
{
public:
    explicit Error(const std::string &message)
        : std::runtime_error(message)
    {}
    Error(const std::string &file, const std::string &message)
        : std::runtime_error(file + ": " + message)
    {}
    Error(const std::string &file, long line, const std::string &message)
        : std::runtime_error(file + ":" + std::to_string(line) + ": " + message)
    {}
};

} // namespace fieldbench
