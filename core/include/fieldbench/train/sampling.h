#pragma once

// Multilingual sampling (XLSR, XLM-R): language l is drawn with probability
// p_l = q_l^alpha / sum_k q_k^alpha, q_l = n_l / N, where n_l is the amount of data of l
// (seconds of audio, sentences of text). alpha = 1 samples as in the data, alpha = 0
// uniformly over languages; XLSR and XLM-R use 0.5 to up-sample low-resource languages.
// No torch: the GUI shows these shares before a run starts.

#include <cstdint>
#include <random>
#include <vector>

namespace fieldbench {

// Probabilities per language (same order as `sizes`); languages with size 0 get 0.
// Throws Error when no size is positive or alpha is outside [0, 1].
std::vector<double> samplingProbabilities(const std::vector<double> &sizes, double alpha);

// Draws language indices with the given probabilities, reproducibly from a seed; its state
// is a plain integer pair (for checkpoints).
class LanguageSampler
{
public:
    LanguageSampler(std::vector<double> probabilities, std::uint64_t seed);
    int next();
    std::uint64_t draws() const { return m_draws; }
    // Restores the state after `draws` draws (replays the generator; cheap for the counts
    // a training run reaches).
    void skipTo(std::uint64_t draws);
    const std::vector<double> &probabilities() const { return m_probabilities; }

private:
    std::vector<double> m_probabilities;
    std::vector<double> m_cumulative;
    std::uint64_t m_seed;
    std::mt19937_64 m_rng;
    std::uint64_t m_draws = 0;
};

} // namespace fieldbench
