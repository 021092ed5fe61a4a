#pragma once

// Sub-commands of fieldbench-cli. Each add* function registers one CLI11 sub-command whose
// callback does the work; errors are thrown as fieldbench::Error and reported by main().

#include <CLI/CLI.hpp>

namespace fieldbench::cli {

// Exit codes: 0 success; 1 error (nothing or not everything could be done); 2 partial
// success (an import where some files failed and others were imported).
constexpr int kExitError = 1;
constexpr int kExitPartial = 2;

void addProjectCommands(CLI::App &app);
void addImportCommands(CLI::App &app, int &exitCode);
void addDemoCommand(CLI::App &app, int &exitCode);
void addModelCommands(CLI::App &app);
void addBenchCommands(CLI::App &app);
void addTrainCommands(CLI::App &app, int &exitCode);
void addExportCommands(CLI::App &app); // export, transcribe, lm
void addAnalyzeCommands(CLI::App &app);
void addTokenizerCommands(CLI::App &app);
void addMlmCommands(CLI::App &app);

} // namespace fieldbench::cli
