#pragma once

// CTC decoding over per-frame log-probabilities: greedy (best path) and prefix beam
// search, optionally scored by a token n-gram language model (characters or phones: the
// CTC vocabulary's tokens) and/or a lexicon. Plain C++ (no torch): the input is a
// row-major [frames x vocab] array of natural-log probabilities (log_softmax of the logits).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fieldbench {

// One decoded token (a collapsed run of identical non-blank frames).
struct CtcToken
{
    int id = 0;           // vocabulary id
    int firstFrame = 0;   // first frame of the run (the emission)
    int lastFrame = 0;    // last frame of the run, inclusive
    float confidence = 0; // highest posterior of `id` over the run, in [0, 1]
};

struct CtcHypothesis
{
    std::vector<CtcToken> tokens;
    double acousticLogProb = 0; // greedy: log-probability of the best path; beam: log of the
                                // summed probability of every path of this prefix
    double score = 0;           // what the search ranked by (acoustic + weighted LM + bonuses)
};

// Best path: argmax per frame, runs collapsed, blanks removed.
CtcHypothesis ctcGreedyDecode(const float *logProbs, int frames, int vocab, int blank);

// A language model over CTC token ids (characters or phones, the word delimiter included).
// States are small integer ids the model hands out; start() is the sentence start.
class TokenLanguageModel
{
public:
    virtual ~TokenLanguageModel() = default;
    virtual int start() const = 0;
    // log P(token | state) (natural log); *next receives the state after `token`.
    virtual double score(int state, int token, int *next) const = 0;
    // log P(end of sentence | state).
    virtual double finish(int state) const = 0;
};

// An interpolated Witten-Bell n-gram over token ids, trained from token sequences (e.g.
// the project's transcripts of the tier the model was fine-tuned on, or text documents
// mapped to the vocabulary). Unseen tokens get a floor probability from a uniform
// distribution over the vocabulary. States are contexts of up to order-1 tokens.
class CharNgramLm : public TokenLanguageModel
{
public:
    // order >= 1; vocabSize: ids are in [0, vocabSize).
    CharNgramLm(int order, int vocabSize);

    void add(const std::vector<int> &sentence); // one training sentence (token ids)
    // Call after the last add(); before that score() throws.
    void finalise();

    int order() const { return m_order; }
    int start() const override { return 0; }
    double score(int state, int token, int *next) const override;
    double finish(int state) const override;
    // Perplexity per token (end included) of sentences; for tests and reports.
    double perplexity(const std::vector<std::vector<int>> &sentences) const;

    // A plain text file: "fieldbench-token-ngram 1", order, vocab size, then one line per
    // n-gram count "count<TAB>id id id". Throws Error naming the file.
    void save(const std::filesystem::path &file) const;
    static CharNgramLm load(const std::filesystem::path &file);

private:
    double prob(const std::vector<int> &context, int token) const; // interpolated
    int stateOf(const std::vector<int> &context) const;

    int m_order;
    int m_vocab;
    bool m_final = false;
    // counts[context][token]; the context is up to order-1 ids (the start of sentence is
    // the id m_vocab, the end of sentence m_vocab + 1).
    std::map<std::vector<int>, std::unordered_map<int, double>> m_counts;
    std::map<std::vector<int>, double> m_totals;
    mutable std::map<std::vector<int>, int> m_stateIds; // context -> state (grows while decoding)
    mutable std::vector<std::vector<int>> m_states;
};

struct CtcBeamOptions
{
    int beamSize = 8;             // prefixes kept per frame; 1 keeps only the best prefix
    double tokenPruneLogProb = -12.0; // tokens below this frame log-probability are not tried
    double lmWeight = 0.5;        // weight of the LM log-probability; 0 disables the LM
    double tokenBonus = 0.0;      // added per emitted token (counters the LM's bias to short outputs)
    int wordDelimiter = -1;       // vocabulary id of "|" (lexicon scoring and word ends); -1: none
    // Lexicon: words as token-id sequences (without delimiters). When non-empty, a word that
    // is finished (delimiter or end) and is not in it costs `oovPenalty`, and a word prefix
    // that no lexicon word starts with costs it once, as soon as it appears.
    std::vector<std::vector<int>> lexicon;
    double oovPenalty = -5.0;     // log-domain penalty (<= 0)
};

// CTC prefix beam search (Hannun et al. 2014 style): probabilities of paths ending in blank
// and in non-blank are kept apart per prefix, so repeated tokens separated by a blank stay
// two tokens. Returns up to beamSize hypotheses, best first. Token times (first/last frame)
// and confidences come from the most probable path of each prefix. `lm` may be null.
std::vector<CtcHypothesis> ctcPrefixBeamSearch(const float *logProbs, int frames, int vocab, int blank,
                                               const CtcBeamOptions &options,
                                               const TokenLanguageModel *lm = nullptr);

} // namespace fieldbench
