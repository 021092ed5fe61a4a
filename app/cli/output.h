#pragma once

#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fieldbench::cli {

nlohmann::json toJson(const ImportSummary &summary);
nlohmann::json toJson(const ProjectStats &stats);

// Human-readable forms for the terminal.
std::string formatSummary(const ImportSummary &summary);
std::string formatStats(const ProjectStats &stats);
std::string formatDuration(double seconds); // "1 h 02 min", "3 min 05 s", "12.3 s"

// Prints "[done/total] file" on stderr, overwriting one line when stderr is a terminal.
class ConsoleProgress : public ImportObserver
{
public:
    explicit ConsoleProgress(bool enabled);
    ~ConsoleProgress() override;
    void progress(const ImportProgress &p) override;

private:
    bool m_enabled;
    bool m_tty;
    int m_lastPrinted = -1;
};

} // namespace fieldbench::cli
