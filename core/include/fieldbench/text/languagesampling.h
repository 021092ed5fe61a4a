#pragma once

// Multilingual sampling with exponent alpha (XLM-R, Conneau et al. 2020): language i, with
// n_i units (sentences, tokens) of N in all, is drawn with probability
//   q_i = p_i^alpha / sum_j p_j^alpha,   p_i = n_i / N.
// alpha = 1 keeps the natural proportions, alpha -> 0 makes languages equally likely; XLM-R
// used 0.3. Plain C++ (no torch): the tokenizer trainer and the MLM data use it.

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace fieldbench {

// q_i for every language with n_i > 0 (languages with 0 units get 0). Throws Error for
// alpha <= 0 or when every count is 0.
std::map<std::string, double> languageSamplingProbabilities(const std::map<std::string, std::int64_t> &counts,
                                                            double alpha);

// A multilingual corpus resampled to the alpha distribution: `total` lines (0 = as many as
// the input has), of which round(q_i * total) come from language i -- its own lines in a
// shuffled order, repeated when it needs more than it has (upsampling a small language),
// a random subset when it needs fewer. Deterministic for a seed. Returns language -> lines.
std::map<std::string, std::vector<std::string>>
resampleLanguages(const std::map<std::string, std::vector<std::string>> &lines, double alpha, std::int64_t total,
                  std::uint64_t seed);

// Draws a language with probabilities `q` (from languageSamplingProbabilities).
class LanguageSampler
{
public:
    LanguageSampler(const std::map<std::string, double> &q, std::uint64_t seed);
    const std::string &next();

    // The generator's state as text, and its restoration (a resumed training run draws the
    // same languages as an uninterrupted one). restoreState throws Error on garbage.
    std::string saveState() const;
    void restoreState(const std::string &state);

private:
    std::vector<std::string> m_languages;
    std::discrete_distribution<std::size_t> m_distribution;
    std::mt19937_64 m_rng;
};

} // namespace fieldbench
