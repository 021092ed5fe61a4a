#include "commands.h"
#include "output.h"

#include "fieldbench/corpus/demo.h"

#include <iostream>
#include <sstream>

namespace fieldbench::cli {

void addDemoCommand(CLI::App &app, int &exitCode)
{
    auto *cmd = app.add_subcommand(
        "demo", "Build a multilingual demo project from espeak-ng speech and Debian's translated manual pages");
    static std::string dir;
    static DemoOptions options;
    static std::string languages;
    static bool json = false;
    cmd->add_option("dir", dir, "New project folder")->required();
    cmd->add_option("--languages", languages, "Comma-separated espeak-ng voices (default: 16 languages)");
    cmd->add_option("--speakers", options.speakersPerLanguage, "Voice variants per language")->capture_default_str();
    cmd->add_option("--sentences", options.sentencesPerSpeaker, "Utterances per speaker")->capture_default_str();
    cmd->add_option("--text-sentences", options.textSentences, "Sentences per language as text")->capture_default_str();
    cmd->add_option("--seed", options.seed, "Random seed")->capture_default_str();
    cmd->add_flag("--json", json, "Print the summary as JSON");
    cmd->callback([&exitCode] {
        if (!languages.empty()) {
            options.languages.clear();
            std::stringstream ss(languages);
            for (std::string l; std::getline(ss, l, ',');)
                if (!l.empty())
                    options.languages.push_back(l);
        }
        ConsoleProgress progress(!json);
        const DemoSummary s = buildDemoProject(dir, options, &progress);
        if (json) {
            nlohmann::json j = toJson(s.import);
            j["languages"] = s.languagesBuilt;
            j["warnings"] = s.warnings;
            std::cout << j.dump(2) << "\n";
        } else {
            for (const auto &w : s.warnings)
                std::cerr << "warning: " << w << "\n";
            std::cout << formatSummary(s.import);
            std::cout << "demo project in " << dir << " with " << s.languagesBuilt.size() << " languages\n";
        }
        if (s.import.failed > 0)
            exitCode = kExitPartial;
    });
}

} // namespace fieldbench::cli
