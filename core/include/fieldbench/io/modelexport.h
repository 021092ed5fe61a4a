#pragma once

// Export of wav2vec 2.0 models as folders Hugging Face transformers loads with
// from_pretrained as they are: config.json, model.safetensors ({"format": "pt"}),
// preprocessor_config.json (Wav2Vec2FeatureExtractor), for CTC models vocab.json,
// tokenizer_config.json and special_tokens_map.json (Wav2Vec2CTCTokenizer conventions),
// a README.md model card and metrics.json. The source is a training run folder
// (docs/run-directory.md: its best or latest checkpoint) or a model folder.

#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench {

struct ExportOptions
{
    std::filesystem::path run;       // training run folder; empty when `model` is given
    std::filesystem::path model;     // model folder (HF layout); empty when `run` is given
    std::filesystem::path out;       // folder to write (created; must be empty or absent unless `overwrite`)
    std::string dtype = "fp32";      // weights as "fp32", "fp16" or "bf16"
    bool encoderOnly = false;        // save Wav2Vec2Model (no quantizer / CTC head)
    std::string checkpoint = "best"; // run only: "best", "latest" or a checkpoint folder name
    bool overwrite = false;          // replace files in a non-empty `out`

    // Readable problems, empty when usable.
    std::vector<std::string> validate() const;
};

struct ExportReport
{
    std::filesystem::path source;         // the model folder exported (a checkpoint of the run)
    std::string architecture;             // as written in config.json "architectures"
    std::int64_t parameters = 0;
    std::vector<std::string> files;       // written, relative to `out`
    std::vector<std::string> warnings;    // e.g. "no dev metrics in metrics.jsonl"
};

// Throws Error naming the file and the problem (missing checkpoint, a CTC model without a
// vocabulary, a vocabulary whose pad token is not the model's blank...). Files are written
// atomically one by one; a failure leaves no half-written file.
ExportReport exportModel(const ExportOptions &options);

// The checkpoint folder `which` ("best", "latest" or a name) of a run, by
// checkpoints/index.json (falling back to the newest step-* folder when index.json lacks
// "best"). Throws Error.
std::filesystem::path runCheckpoint(const std::filesystem::path &run, const std::string &which);

} // namespace fieldbench
