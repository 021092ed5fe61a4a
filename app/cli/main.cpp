// fieldbench-cli: every job the GUI can launch, headless and scriptable.

#include "commands.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/runtime.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char **argv)
{
    CLI::App app{"Fieldbench: speech and text models for low-resource languages", "fieldbench-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", FIELDBENCH_VERSION);
    int threads = 0;
    app.add_option("--threads", threads, "CPU threads for LibTorch (0 = all cores)");

    int exitCode = 0;
    app.add_subcommand("info", "Versions, devices and features of this build")->callback([] {
        std::cout << fieldbench::runtimeReport();
    });
    fieldbench::cli::addProjectCommands(app);
    fieldbench::cli::addImportCommands(app, exitCode);
    fieldbench::cli::addDemoCommand(app, exitCode);
    fieldbench::cli::addModelCommands(app);
    fieldbench::cli::addBenchCommands(app);
    fieldbench::cli::addTrainCommands(app, exitCode);
    fieldbench::cli::addExportCommands(app);
    fieldbench::cli::addAnalyzeCommands(app);
    fieldbench::cli::addTokenizerCommands(app);
    fieldbench::cli::addMlmCommands(app);

    app.parse_complete_callback([&] { fieldbench::initialiseRuntime(threads); });
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    } catch (const fieldbench::Error &e) {
        std::cerr << "fieldbench-cli: " << e.what() << "\n";
        return fieldbench::cli::kExitError;
    } catch (const std::exception &e) {
        std::cerr << "fieldbench-cli: unexpected error: " << e.what() << "\n";
        return fieldbench::cli::kExitError;
    }
    return exitCode;
}
