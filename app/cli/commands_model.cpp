#include "commands.h"

#include "fieldbench/io/safetensors.h"
#include "fieldbench/io/xlmrconfig.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <iostream>

namespace fieldbench::cli {

namespace {

Wav2Vec2Architecture parseArchitecture(const std::string &name)
{
    if (name == "pretraining" || name == "Wav2Vec2ForPreTraining")
        return Wav2Vec2Architecture::PreTraining;
    if (name == "ctc" || name == "Wav2Vec2ForCTC")
        return Wav2Vec2Architecture::CTC;
    if (name == "model" || name == "Wav2Vec2Model")
        return Wav2Vec2Architecture::Model;
    throw Error("unknown architecture '" + name + "' (pretraining, ctc or model)");
}

std::string humanCount(std::int64_t n)
{
    char buf[32];
    if (n >= 1000000)
        std::snprintf(buf, sizeof buf, "%.1fM", double(n) / 1e6);
    else if (n >= 1000)
        std::snprintf(buf, sizeof buf, "%.1fk", double(n) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
    return buf;
}

// An XLM-R (masked LM) folder, by config.json's model_type: `model info` describes those
// too, so the GUI's new-run dialog accepts the starting model of an mlm run.
bool isXlmrFolder(const std::filesystem::path &dir)
{
    const std::filesystem::path cfg = std::filesystem::is_directory(dir) ? dir / "config.json" : dir;
    if (!std::filesystem::exists(cfg))
        return false;
    const nlohmann::json j = nlohmann::json::parse(readFile(cfg), nullptr, false);
    const std::string type = j.is_object() ? j.value("model_type", std::string()) : std::string();
    return type == "xlm-roberta" || type == "roberta";
}

void printXlmrInfo(const std::filesystem::path &dir, bool asJson)
{
    LoadedXlmrMaskedLM m = loadXlmrMaskedLM(dir, /*allowPartial=*/true);
    const XlmrConfig &c = m.config;
    const std::int64_t params = xlmrParameterCount(*m.model);
    const bool tokenizer = std::filesystem::exists(dir / "sentencepiece.bpe.model");
    if (asJson) {
        std::cout << nlohmann::json{{"architecture", "XLMRobertaForMaskedLM"}, {"parameters", params},
                                    {"missing", m.report.missing}, {"unexpected", m.report.unexpected},
                                    {"tokenizer", tokenizer}, {"config", c.toJson()}}.dump(2) << "\n";
        return;
    }
    std::cout << "architecture:   XLMRobertaForMaskedLM\n"
              << "parameters:     " << humanCount(params) << " (" << params << ")\n"
              << "encoder:        " << c.numHiddenLayers << " layers x " << c.hiddenSize << " hidden, "
              << c.numAttentionHeads << " heads, " << c.intermediateSize << " feed-forward\n"
              << "vocabulary:     " << c.vocabSize << " tokens, inputs up to " << c.maxSequenceLength() << " tokens\n"
              << "tokenizer:      " << (tokenizer ? "sentencepiece.bpe.model" : "missing (no sentencepiece.bpe.model)") << "\n";
    for (const auto &n : m.report.missing)
        std::cout << "missing tensor: " << n << "\n";
    for (const auto &n : m.report.unexpected)
        std::cout << "unused tensor:  " << n << "\n";
}

} // namespace

void addModelCommands(CLI::App &app)
{
    CLI::App *model = app.add_subcommand("model", "Inspect, run and create wav2vec 2.0 model folders (Hugging Face format)");
    model->require_subcommand(1);

    auto *info = model->add_subcommand("info", "Architecture, parameter count and config of a model folder (wav2vec 2.0 or XLM-R)");
    static std::string infoDir;
    static bool infoJson = false;
    info->add_option("dir", infoDir, "Model folder (config.json + model.safetensors)")->required();
    info->add_flag("--json", infoJson, "Machine-readable output");
    info->callback([] {
        if (isXlmrFolder(infoDir)) {
            printXlmrInfo(infoDir, infoJson);
            return;
        }
        const LoadedWav2Vec2 m = loadWav2Vec2(infoDir, /*allowPartial=*/true);
        const Wav2Vec2Config &c = m.config;
        const std::int64_t params = parameterCount(*m.module);
        if (infoJson) {
            std::cout << nlohmann::json{{"architecture", toString(m.architecture)}, {"parameters", params},
                                        {"missing", m.report.missing}, {"unexpected", m.report.unexpected},
                                        {"config", c.toJson()}}.dump(2) << "\n";
            return;
        }
        std::cout << "architecture:   " << toString(m.architecture) << "\n"
                  << "parameters:     " << humanCount(params) << " (" << params << ")\n"
                  << "encoder:        " << c.numHiddenLayers << " layers x " << c.hiddenSize << " hidden, "
                  << c.numAttentionHeads << " heads, " << c.intermediateSize << " feed-forward, "
                  << (c.doStableLayerNorm ? "pre-LN (stable layer norm)" : "post-LN") << "\n"
                  << "feature encoder: " << c.numFeatExtractLayers() << " conv layers, " << c.featExtractNorm << " norm, "
                  << (c.convBias ? "with" : "no") << " conv bias, " << c.outputLength(16000)
                  << " frames per second of 16 kHz audio\n"
                  << "quantizer:      " << c.numCodevectorGroups << " groups x " << c.numCodevectorsPerGroup
                  << " entries, codevector_dim " << c.codevectorDim << "\n";
        if (m.architecture == Wav2Vec2Architecture::CTC)
            std::cout << "CTC vocabulary: " << c.vocabSize << " (blank = " << c.padTokenId << ")\n";
        for (const auto &n : m.report.missing)
            std::cout << "missing tensor: " << n << "\n";
        for (const auto &n : m.report.unexpected)
            std::cout << "unused tensor:  " << n << "\n";
    });

    auto *run = model->add_subcommand("run", "Run a model in eval mode on input_values and write its named outputs");
    static std::string runModel, runInput, runOutput;
    run->add_option("--model", runModel, "Model folder")->required();
    run->add_option("--input", runInput, "safetensors with input_values [B,T] (and attention_mask [B,T])")->required();
    run->add_option("--output", runOutput, "safetensors to write")->required();
    run->callback([] {
        const LoadedWav2Vec2 m = loadWav2Vec2(runModel);
        SafeTensorsFile input(runInput);
        if (!input.contains("input_values"))
            throw Error(runInput, "no tensor named input_values");
        const torch::Tensor values = input.tensor("input_values").to(torch::kFloat32);
        if (values.dim() != 2)
            throw Error(runInput, "input_values must have shape [batch, samples]");
        const torch::Tensor mask = input.contains("attention_mask") ? input.tensor("attention_mask") : torch::Tensor();
        const auto outputs = m.run(values, mask);
        std::vector<NamedTensor> tensors;
        for (const auto &[name, t] : outputs)
            tensors.push_back({name, t.contiguous()});
        saveSafeTensors(runOutput, tensors, {{"format", "pt"}, {"producer", "fieldbench"}});
        std::cout << "wrote " << tensors.size() << " outputs to " << runOutput << "\n";
    });

    auto *init = model->add_subcommand("init", "Create a randomly initialised model folder from a preset");
    static std::string preset = "small", out, architecture = "pretraining";
    static std::uint64_t seed = 0;
    init->add_option("--preset", preset, "tiny | small | base | large | xlsr-300m")->capture_default_str();
    init->add_option("--architecture", architecture, "pretraining | ctc | model")->capture_default_str();
    init->add_option("--seed", seed, "Random seed")->capture_default_str();
    init->add_option("--out", out, "New model folder")->required();
    init->callback([] {
        torch::manual_seed(seed);
        const LoadedWav2Vec2 m = createWav2Vec2(Wav2Vec2Config::preset(preset), parseArchitecture(architecture));
        saveModelFolder(*m.module, m.config, out);
        std::cout << "created " << toString(m.architecture) << " '" << preset << "' with "
                  << humanCount(parameterCount(*m.module)) << " parameters in " << out << "\n";
    });
}

} // namespace fieldbench::cli
