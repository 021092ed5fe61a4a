#pragma once

// Masked-language-model training data, as pure functions and one small batcher the training
// engine can pull from: dynamic masking (each call draws new masks: 15% of the tokens, of
// which 80% become <mask>, 10% a random token, 10% stay), a whole-word option, sequence
// packing, and alpha language sampling. Ids follow XlmrTokenizer (fairseq order).

#include "fieldbench/text/languagesampling.h"
#include "fieldbench/text/sentencepiece.h"

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace fieldbench {

struct MlmDataConfig
{
    double maskProbability = 0.15;   // share of (non-special) tokens to predict
    double replaceWithMask = 0.8;    // of those: share replaced by <mask>
    double replaceWithRandom = 0.1;  // of those: share replaced by a random token (the rest stay)
    bool wholeWordMasking = false;   // predict whole words (a word = a piece starting with U+2581
                                     // and the pieces that continue it)
    int maxLength = 128;             // tokens per sequence incl. <s> and </s>
    bool packSequences = true;       // fill each sequence with consecutive sentences (</s> between
                                     // them) instead of one padded sentence per row
    double alpha = 0.3;              // language sampling exponent (1 = natural proportions)
    std::uint64_t seed = 1;          // masks, language choice, sentence order

    std::vector<std::string> validate() const;
};

struct MlmBatch
{
    torch::Tensor inputIds;      // [B, T] int64, masked
    torch::Tensor attentionMask; // [B, T] int64, 1 = token
    torch::Tensor labels;        // [B, T] int64, original id where predicted, -100 elsewhere
    std::vector<std::string> languages; // language of each row
    std::int64_t tokens = 0;     // non-pad tokens
    std::int64_t predicted = 0;  // labelled positions
};

// What the masking needs to know about the vocabulary.
struct MlmVocabulary
{
    std::int64_t size = 0;        // vocab_size (ids 0..size-1)
    std::int64_t pad = XlmrTokenizer::kPad;
    std::int64_t bos = XlmrTokenizer::kBos;
    std::int64_t eos = XlmrTokenizer::kEos;
    std::int64_t mask = 0;        // <mask> id
    std::int64_t firstRegular = 4; // random replacements are drawn from [firstRegular, mask)
    std::vector<bool> startsWord; // per id: piece begins a word (for whole-word masking)

    static MlmVocabulary of(const XlmrTokenizer &tokenizer);
};

// Dynamic masking of `ids` [B, T] in place of a copy: returns {masked inputs, labels}.
// Special tokens (<s>, </s>, <pad>, <unk>, <mask>) are never chosen (as transformers).
// Token level: each eligible token independently with maskProbability (as transformers'
// DataCollatorForLanguageModeling). Whole-word: words in random order until
// round(maskProbability * eligible tokens) tokens are chosen (at least one word per row),
// all pieces of a word together (DataCollatorForWholeWordMask).
std::pair<torch::Tensor, torch::Tensor> maskTokens(const torch::Tensor &ids, const MlmVocabulary &vocab,
                                                   const MlmDataConfig &config, std::mt19937_64 &rng);

// Sentences of each language, tokenized once (model ids, no special tokens), served as
// packed or padded MLM batches. Not thread-safe (one instance per data-loading thread).
class MlmBatcher
{
public:
    // text: language -> lines. Sentences longer than maxLength - 2 are cut into pieces.
    MlmBatcher(const XlmrTokenizer &tokenizer, const std::map<std::string, std::vector<std::string>> &text,
               const MlmDataConfig &config);
    MlmBatcher(MlmVocabulary vocab, std::map<std::string, std::vector<std::vector<std::int64_t>>> sentences,
               const MlmDataConfig &config);

    // `batchSize` rows; each row's language drawn with the alpha probabilities, its
    // sentences taken in a shuffled order that is reshuffled after each pass.
    MlmBatch next(int batchSize);

    // Every sentence once, in order, language by language, packed (or one a row) into
    // batches of `batchSize` rows, masked with a generator seeded by `seed`: the same
    // sequences and masks on every call and for every model that uses the same tokenizer.
    // For held-out evaluation.
    std::vector<MlmBatch> evaluationBatches(int batchSize, std::uint64_t seed) const;

    // Where next() stands (each language's sentence order and position, the masking and
    // language generators) as JSON text, and its restoration into a batcher built from the
    // same text and settings: next() then returns what the saved one would have. For
    // checkpoints of a training run; restoreState throws Error when the text differs.
    std::string saveState() const;
    void restoreState(const std::string &state);

    const std::map<std::string, double> &languageProbabilities() const { return m_q; }
    std::int64_t tokenCount() const; // sentence tokens over all languages
    const MlmVocabulary &vocabulary() const { return m_vocab; }

private:
    std::vector<std::int64_t> nextRow(const std::string &language);
    MlmBatch collate(std::vector<std::vector<std::int64_t>> rows, std::vector<std::string> langs,
                     std::mt19937_64 &rng) const;

    struct Stream
    {
        std::vector<std::vector<std::int64_t>> sentences;
        std::vector<std::size_t> order;
        std::size_t pos = 0;
    };

    MlmVocabulary m_vocab;
    MlmDataConfig m_config;
    std::map<std::string, Stream> m_streams;
    std::map<std::string, double> m_q;
    std::unique_ptr<LanguageSampler> m_sampler;
    std::mt19937_64 m_rng;
};

} // namespace fieldbench
