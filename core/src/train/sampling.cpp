#include "fieldbench/train/sampling.h"

#include "fieldbench/util/error.h"

#include <cmath>
#include <numeric>

namespace fieldbench {

std::vector<double> samplingProbabilities(const std::vector<double> &sizes, double alpha)
{
    if (alpha < 0 || alpha > 1)
        throw Error("the sampling exponent alpha must be in [0, 1], not " + std::to_string(alpha));
    const double total = std::accumulate(sizes.begin(), sizes.end(), 0.0);
    if (!(total > 0))
        throw Error("no language has any data to sample from");
    std::vector<double> p(sizes.size(), 0.0);
    double sum = 0;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (sizes[i] > 0) {
            p[i] = std::pow(sizes[i] / total, alpha);
            sum += p[i];
        }
    }
    for (double &v : p)
        v /= sum;
    return p;
}

LanguageSampler::LanguageSampler(std::vector<double> probabilities, std::uint64_t seed)
    : m_probabilities(std::move(probabilities))
    , m_seed(seed)
    , m_rng(seed)
{
    double acc = 0;
    for (double p : m_probabilities) {
        acc += p;
        m_cumulative.push_back(acc);
    }
    if (m_cumulative.empty() || !(acc > 0))
        throw Error("language sampler: no language has a positive probability");
}

int LanguageSampler::next()
{
    ++m_draws;
    // 53 random bits -> [0, total): exact and the same on every platform (unlike
    // std::uniform_real_distribution, whose algorithm is implementation-defined).
    const double u = double(m_rng() >> 11) * (1.0 / 9007199254740992.0) * m_cumulative.back();
    for (std::size_t i = 0; i < m_cumulative.size(); ++i)
        if (u < m_cumulative[i] && m_probabilities[i] > 0)
            return int(i);
    for (std::size_t i = m_cumulative.size(); i-- > 0;)
        if (m_probabilities[i] > 0)
            return int(i);
    return 0;
}

void LanguageSampler::skipTo(std::uint64_t draws)
{
    m_rng.seed(m_seed);
    m_draws = 0;
    m_rng.discard(draws);
    m_draws = draws;
}

} // namespace fieldbench
