#pragma once

// Transcription of recordings with a CTC model folder (Wav2Vec2ForCTC + vocab.json):
// segmentation (voice-activity detection, an annotation tier, or fixed windows), batched
// inference, greedy or prefix-beam CTC decoding (optionally with a token n-gram LM and a
// lexicon), token and segment timestamps from the CTC frames, confidences.
//
// No torch in this header (pimpl): widgets use it. One Transcriber is used by one thread
// at a time.

#include "fieldbench/audio/vad.h"
#include "fieldbench/corpus/annotations.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

class Project;
class CharNgramLm;

// The CTC vocabulary of a model folder (vocab.json), and how token ids become text.
struct CtcVocabulary
{
    std::vector<std::string> tokens; // by id
    int blank = 0;                   // pad_token_id
    int delimiter = -1;              // "|", -1 when absent
    std::vector<bool> special;       // pad, unk, <s>, </s>: never printed
    bool phones = false;             // phone units: tokens printed space-separated, words by " | "

    // unit: "char", "phone" or "auto" (phones when any non-special token is longer than
    // one character, as espeak IPA phones are). Throws Error naming the file.
    static CtcVocabulary load(const std::filesystem::path &vocabJson, int blank, const std::string &unit = "auto");
    std::string decode(const std::vector<int> &ids) const;
    // Text -> ids for LM training: chars by longest match (whitespace -> delimiter), phones
    // split on whitespace. Pieces not in the vocabulary are skipped and counted in *unknown.
    std::vector<int> encode(const std::string &text, std::size_t *unknown = nullptr) const;
};

struct TranscribeConfig
{
    std::string segmentation = "vad"; // "vad", "tier" (intervals given to transcribe()) or "fixed" (windows of maxSegmentSeconds)
    VadConfig vad;                    // for "vad"; vad.maxSegmentSeconds also caps "tier" and "fixed" pieces
    int batchSize = 8;                // segments per forward pass
    double batchLengthRatio = 1.25;   // a batch's longest segment is at most this times its shortest (less padding)
    int beamSize = 0;                 // 0: greedy; N >= 1: CTC prefix beam search keeping N prefixes
    double lmWeight = 0.5;            // beam search: weight of the n-gram LM (when one is set)
    double tokenBonus = 0.0;          // beam search: log-domain bonus per token
    double oovPenalty = -5.0;         // beam search with a lexicon: penalty per word not in it
    std::string unit = "auto";        // "char", "phone" or "auto" (see CtcVocabulary::load)
    std::string device = "cpu";       // "cpu", "cuda", "cuda:N"
    bool bf16 = false;                // bf16 autocast for the forward pass (CUDA, or CPUs with AVX-512 bf16)

    std::vector<std::string> validate() const;
};

struct TranscribedToken
{
    std::string text;
    double start = 0; // seconds in the recording
    double end = 0;
    float confidence = 0; // highest posterior of the token over its frames
};

struct TranscribedSegment
{
    double start = 0; // seconds in the recording (the segment's bounds)
    double end = 0;
    std::string text;
    double confidence = 0; // mean token confidence; no tokens: mean blank posterior
    std::vector<TranscribedToken> tokens;
};

struct Transcription
{
    std::filesystem::path audio;
    double durationSeconds = 0;
    std::vector<TranscribedSegment> segments;

    AnnotationTier toTier(const std::string &name) const; // one interval per segment
    std::string toJson() const;                           // with tokens, times and confidences
    std::string toText() const;                           // one line per segment
};

struct TranscribeProgress
{
    int segmentsDone = 0;
    int segmentsTotal = 0;
    double audioSecondsDone = 0;
};

class TranscribeObserver
{
public:
    virtual ~TranscribeObserver() = default;
    virtual void progress(const TranscribeProgress &p) = 0; // called on the transcribing thread
};

class Transcriber
{
public:
    // Loads config.json, the weights, vocab.json and preprocessor_config.json (do_normalize)
    // of a CTC model folder. Throws Error (not a CTC model, no vocabulary...).
    Transcriber(const std::filesystem::path &modelDir, const TranscribeConfig &config = {});
    ~Transcriber();
    Transcriber(const Transcriber &) = delete;
    Transcriber &operator=(const Transcriber &) = delete;

    const CtcVocabulary &vocabulary() const;
    double frameSeconds() const; // encoder frame hop (0.02 s for the standard conv stack)

    // A language model / lexicon for beam search (kept by shared ownership).
    void setLanguageModel(std::shared_ptr<const CharNgramLm> lm);
    void setLexicon(const std::vector<std::string> &words); // words as text, encoded with the vocabulary

    // Transcribes 16 kHz mono samples. `spans` (segmentation "tier"): the intervals to
    // transcribe (seconds); otherwise VAD or fixed windows find them. `cancel` is checked
    // between batches; a cancelled run throws Cancelled.
    Transcription transcribe(const std::vector<float> &samples, const std::vector<AnnotationInterval> &spans = {},
                             TranscribeObserver *observer = nullptr, const std::atomic<bool> *cancel = nullptr);
    // Any audio file (resampled to 16 kHz when needed).
    Transcription transcribeFile(const std::filesystem::path &audio, const std::vector<AnnotationInterval> &spans = {},
                                 TranscribeObserver *observer = nullptr, const std::atomic<bool> *cancel = nullptr);

    // Log-probabilities [frames x vocab] (row-major) of one span, for tests and tools.
    std::vector<float> logProbs(const std::vector<float> &samples, int *frames);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// 16 kHz mono samples of any audio file (soxr resampling through a temporary FLAC when the
// file has another rate). Throws Error.
std::vector<float> readAudio16k(const std::filesystem::path &audio);

// A token n-gram LM from the project's transcripts on `tier` (and, for character units,
// its text documents), encoded with `vocab`; `languages` (ISO 639-3) restricts both, empty =
// all. Throws Error when nothing could be encoded.
CharNgramLm trainProjectLm(const Project &project, const CtcVocabulary &vocab, const std::string &tier, int order,
                           const std::vector<std::string> &languages = {});

} // namespace fieldbench
