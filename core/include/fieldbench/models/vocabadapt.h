#pragma once

// Vocabulary adaptation of an XLM-R masked LM to a new language (WECHSEL / FOCUS / OFA /
// "UNKs Everywhere" / "Embedding structure matters"): given the source model and tokenizer
// and a target-language SentencePiece model, either REPLACE the vocabulary by the target
// one or EXTEND the source vocabulary with the target pieces it lacks, and initialise the
// embeddings of the new pieces -- and, since the decoder is tied to them, the output layer;
// the output bias too -- by one of six methods. Pieces the two vocabularies share keep
// their source embedding and bias exactly.

#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/sentencepiece.h"

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

enum class EmbeddingInit {
    Random,        // normal(0, initializer_range), bias 0 (the baseline)
    Mean,          // mean of all source embeddings (and biases)
    Decomposition, // mean over the source pieces the new piece's text splits into under the
                   // old tokenizer
    Focus,         // FOCUS-style: a weighted combination of the shared pieces' source
                   // embeddings, weights = sparsemax of cosine similarities in a fastText
                   // space trained on the target text (tokenized by the target tokenizer)
    Script,        // script-aware: drawn from normal(mean, std) of the source embeddings of
                   // pieces in the same script (Latin, Cyrillic...)
    Ofa,           // OFA-style: low-rank factorisation E ~ P B of the source embeddings (SVD,
                   // rank `ofaRank`); the new piece's coordinates are the FOCUS-weighted
                   // combination of the shared pieces' coordinates; its embedding = coords B
};

std::string toString(EmbeddingInit method);
EmbeddingInit embeddingInitFromString(const std::string &name); // Error for an unknown name
std::vector<std::string> embeddingInitNames();

struct VocabAdaptConfig
{
    bool extend = false;         // false: replace the vocabulary by the target tokenizer's;
                                 // true: append the target pieces the source lacks
    EmbeddingInit method = EmbeddingInit::Focus; // initialisation of the new pieces
    int fasttextDim = 64;        // fastText vector size (FOCUS, OFA)
    int fasttextEpochs = 10;     // fastText epochs over the target text
    int focusTopK = 20;          // FOCUS/OFA: most similar shared pieces considered per new piece
    int ofaRank = 0;             // OFA: rank of the factorisation; 0 = hidden_size / 2
    std::uint64_t seed = 1;      // random and script-aware draws, fastText
};

struct VocabAdaptResult
{
    XlmrConfig config;                                  // vocab_size updated
    XlmrForMaskedLM model{nullptr};
    std::shared_ptr<const SentencePieceTokenizer> spm;  // the new model's SentencePiece model
    std::int64_t copied = 0;        // rows copied exactly (shared pieces and special tokens)
    std::vector<std::int64_t> newIds; // rows initialised by the method
    std::map<std::int64_t, std::int64_t> copiedFrom; // new id -> source id for copied rows
};

// `targetText`: target-language lines (fastText for FOCUS/OFA). Does not change `source`.
VocabAdaptResult adaptVocabulary(XlmrForMaskedLMImpl &source, const XlmrTokenizer &sourceTokenizer,
                                 const SentencePieceTokenizer &target, const std::vector<std::string> &targetText,
                                 const VocabAdaptConfig &config);

// Sparsemax (Martins & Astudillo 2016) of a 1-D tensor: a probability vector with exact zeros.
torch::Tensor sparsemax(const torch::Tensor &scores);

// fastText skip-gram vectors for `words` trained on `lines` (whitespace-tokenized), through
// libfasttext; words absent from the text get their subword vector. [words, dim].
torch::Tensor fasttextVectors(const std::vector<std::string> &lines, const std::vector<std::string> &words, int dim,
                              int epochs, int seed);

} // namespace fieldbench
