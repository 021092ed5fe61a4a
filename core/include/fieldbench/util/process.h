#pragma once

#include <string>
#include <vector>

namespace fieldbench {

struct ProcessResult
{
    int exitCode = -1;       // -1 when the program could not be started or was signalled
    std::string standardOutput;
    std::string standardError;
};

// Runs argv[0] (looked up on PATH) with the arguments, no shell, and waits for it.
// Never throws for a failing program; check exitCode. Throws Error only when the program
// cannot be found at all, with a message saying which Debian package provides it when
// `debianPackage` is given.
ProcessResult runProcess(const std::vector<std::string> &argv, const std::string &debianPackage = {});

// True when `program` is found on PATH.
bool programAvailable(const std::string &program);

} // namespace fieldbench
