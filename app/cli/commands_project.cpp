#include "commands.h"
#include "output.h"

#include "fieldbench/corpus/project.h"

#include <iostream>

namespace fieldbench::cli {

void addProjectCommands(CLI::App &app)
{
    CLI::App *project = app.add_subcommand("project", "Create or describe a project folder");
    project->require_subcommand(1);

    auto *create = project->add_subcommand("create", "Create an empty project");
    static std::string createDir, createName;
    create->add_option("dir", createDir, "Project folder (created if missing)")->required();
    create->add_option("--name", createName, "Display name (default: the folder name)");
    static bool createJson = false;
    create->add_flag("--json", createJson, "Machine-readable output");
    create->callback([] {
        Project p = Project::create(createDir, createName);
        if (createJson)
            std::cout << nlohmann::json{{"name", p.name()}, {"dir", p.dir().string()},
                                        {"schema_version", p.schemaVersion()}}.dump(2) << "\n";
        else
            std::cout << "created project '" << p.name() << "' in " << p.dir().string() << "\n";
    });

    auto *info = project->add_subcommand("info", "Show a project's name, schema and contents");
    static std::string infoDir = ".";
    static bool infoJson = false;
    info->add_option("dir", infoDir, "Project folder")->capture_default_str();
    info->add_flag("--json", infoJson, "Machine-readable output");
    info->callback([] {
        const Project p = Project::open(infoDir);
        const ProjectStats st = p.stats();
        double seconds = 0;
        std::int64_t recordings = 0, segments = 0, texts = 0;
        for (const auto &l : st.languages) {
            seconds += l.audioSeconds;
            recordings += l.recordings;
            segments += l.segments;
            texts += l.textDocuments;
        }
        if (infoJson) {
            nlohmann::json j = {{"name", p.name()}, {"dir", p.dir().string()}, {"schema_version", p.schemaVersion()},
                                {"languages", st.languages.size()}, {"speakers", p.speakers().size()},
                                {"recordings", recordings}, {"segments", segments}, {"audio_seconds", seconds},
                                {"text_documents", texts}, {"tiers", p.tiers()}};
            std::cout << j.dump(2) << "\n";
            return;
        }
        std::cout << "project:   " << p.name() << "\n"
                  << "folder:    " << p.dir().string() << "\n"
                  << "schema:    " << p.schemaVersion() << "\n"
                  << "languages: " << st.languages.size() << "\n"
                  << "speakers:  " << p.speakers().size() << "\n"
                  << "audio:     " << recordings << " recording(s), " << segments << " segment(s), "
                  << formatDuration(seconds) << "\n"
                  << "text:      " << texts << " document(s)\n";
        std::cout << "tiers:    ";
        for (const auto &t : p.tiers())
            std::cout << " " << t;
        std::cout << "\n";
    });

    auto *stats = app.add_subcommand("stats", "Hours per language and speaker, segment counts, text sizes");
    static std::string statsDir = ".";
    static bool statsJson = false;
    stats->add_option("-p,--project", statsDir, "Project folder")->capture_default_str();
    stats->add_flag("--json", statsJson, "Machine-readable output");
    stats->callback([] {
        const Project p = Project::open(statsDir);
        const ProjectStats st = p.stats();
        if (statsJson)
            std::cout << toJson(st).dump(2) << "\n";
        else
            std::cout << formatStats(st);
    });
}

} // namespace fieldbench::cli
