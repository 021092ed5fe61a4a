#pragma once

// What a training run reads from a project: the utterances (segments with audio, language,
// speaker and transcript), the train/dev split, and the order of batches. Everything here
// is a pure function of the project, the config and the seed, so runs are reproducible and
// a resumed run sees exactly the batches an uninterrupted one would. No torch.

#include "fieldbench/train/trainconfig.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench {

struct Utterance
{
    std::int64_t segmentId = 0;
    std::int64_t recordingId = 0;
    std::filesystem::path audio; // absolute path of the 16 kHz FLAC
    double start = 0, end = 0;   // seconds in the recording
    int language = 0;            // index into TrainingData::languages
    std::string speaker;         // empty = unknown
    std::string transcript;      // of the config's tier (ctc); empty otherwise
    double seconds() const { return end - start; }
};

struct TrainingData
{
    std::vector<std::string> languages; // ISO 639-3, sorted
    std::vector<Utterance> train, dev;
    std::vector<std::string> devSpeakers;       // when split by speaker
    std::vector<std::int64_t> devRecordings;    // when split by recording
    std::vector<std::string> warnings;          // e.g. a language with one speaker has no dev set

    std::vector<double> trainSecondsPerLanguage() const;
    // splits.json: {"seed", "by", "languages", "train": [segment ids], "dev": [...], ...}
    std::string splitJson(std::uint64_t seed, const std::string &by) const;
};

// Reads the project's segments for the config (languages, speakers, min/max seconds; for
// ctc only segments with a non-empty transcript on `data.tier`, and none longer than
// max_seconds since a transcript cannot be cropped) and splits them: per language, the
// speakers (or recordings) are shuffled with the seed and the first
// ceil(dev_fraction * n) go to dev (explicit dev_speakers win), so no speaker/recording is
// in both sets. `savedSplit` (the run's splits.json) restores a split exactly on resume.
// Throws Error naming the problem (no such language, no usable segments...).
TrainingData loadTrainingData(const std::filesystem::path &projectDir, const TrainConfig &config,
                              const std::string &savedSplit = {});

// The batches of one epoch, as indices into `train`. An epoch draws train.size() items:
// each item's language with the alpha-sampling probabilities (LanguageSampler), then the
// next utterance of that language from its shuffled pool (cycled when up-sampled). Items
// are sorted by length into `data.buckets` buckets; a batch takes neighbours from one
// bucket while (items x longest) stays within batch_seconds and items <= max_batch_size;
// the batch order is shuffled. `languageCounts` (optional) receives items per language.
std::vector<std::vector<int>> planEpoch(const std::vector<Utterance> &train, const std::vector<double> &languageProbabilities,
                                        const TrainDataConfig &data, std::uint64_t seed, std::int64_t epoch,
                                        std::vector<std::int64_t> *languageCounts = nullptr);

// The dev utterances one evaluation scores, as indices into `dev`: all of them when there are
// at most `maxUtterances`, else an equal share per language (at least one), evenly spaced
// within each language's utterances so every dev speaker is heard. Deterministic.
std::vector<int> evaluationSubset(const std::vector<Utterance> &dev, std::size_t maxUtterances);

// splitmix64 of (a, b): independent seeds for epochs, batches and languages.
std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b);

} // namespace fieldbench
