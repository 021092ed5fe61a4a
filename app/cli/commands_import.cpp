#include "commands.h"
#include "output.h"

#include "fieldbench/corpus/importer.h"
#include "fieldbench/corpus/project.h"

#include <iostream>

namespace fieldbench::cli {

void addImportCommands(CLI::App &app, int &exitCode)
{
    auto *cmd = app.add_subcommand(
        "import", "Import audio, transcriptions (ELAN, TextGrid, Common Voice, Kaldi, NeMo, .txt/.lab) and text");
    static std::vector<std::string> paths;
    static std::string projectDir = ".";
    static ImportOptions options;
    static bool json = false, quiet = false;
    cmd->add_option("paths", paths, "Files and folders (folders are walked recursively)")->required();
    cmd->add_option("-p,--project", projectDir, "Project folder")->capture_default_str();
    cmd->add_option("-l,--language", options.language, "ISO 639-3 code for files that do not say (e.g. spa, fin)");
    cmd->add_option("-s,--speaker", options.speaker, "Speaker for files that do not say");
    cmd->add_option("-t,--tier", options.tier, "Tier that defines segments (ELAN/TextGrid; default: first with text)");
    cmd->add_option("--tier-type", options.tierType, "ELAN: choose the tier by linguistic type instead");
    cmd->add_option("-j,--jobs", options.threads, "Decoding threads (0 = all cores)");
    cmd->add_flag("--json", json, "Print the summary as JSON on stdout");
    cmd->add_flag("-q,--quiet", quiet, "No progress on stderr");
    cmd->callback([&exitCode] {
        Project project = Project::open(projectDir);
        Importer importer(project, options);
        ConsoleProgress progress(!quiet && !json);
        std::vector<std::filesystem::path> inputs(paths.begin(), paths.end());
        const ImportSummary summary = importer.run(inputs, &progress);
        if (json)
            std::cout << toJson(summary).dump(2) << "\n";
        else
            std::cout << formatSummary(summary);
        if (summary.failed > 0)
            exitCode = summary.imported + summary.textDocuments > 0 ? kExitPartial : kExitError;
    });
}

} // namespace fieldbench::cli
