#pragma once

#include <string>
#include <vector>

namespace fieldbench::schema {

// kMigrations[i] takes a catalog from schema version i to i + 1 (PRAGMA user_version).
// Append new steps; never edit a released one.
const std::vector<std::string> &migrations();

} // namespace fieldbench::schema
