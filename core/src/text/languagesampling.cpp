#include "fieldbench/text/languagesampling.h"

#include "fieldbench/util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace fieldbench {

std::map<std::string, double> languageSamplingProbabilities(const std::map<std::string, std::int64_t> &counts,
                                                            double alpha)
{
    if (!(alpha > 0.0))
        throw Error("language sampling exponent alpha must be above 0 (XLM-R used 0.3; 1 keeps the natural "
                    "proportions), got " + std::to_string(alpha));
    double total = 0;
    for (const auto &[code, n] : counts)
        total += double(std::max<std::int64_t>(n, 0));
    if (total <= 0)
        throw Error("language sampling: none of the languages has any text");
    std::map<std::string, double> q;
    double z = 0;
    for (const auto &[code, n] : counts) {
        const double v = n > 0 ? std::pow(double(n) / total, alpha) : 0.0;
        q[code] = v;
        z += v;
    }
    for (auto &[code, v] : q)
        v /= z;
    return q;
}

std::map<std::string, std::vector<std::string>>
resampleLanguages(const std::map<std::string, std::vector<std::string>> &lines, double alpha, std::int64_t total,
                  std::uint64_t seed)
{
    std::map<std::string, std::int64_t> counts;
    std::int64_t all = 0;
    for (const auto &[code, l] : lines) {
        counts[code] = std::int64_t(l.size());
        all += std::int64_t(l.size());
    }
    const auto q = languageSamplingProbabilities(counts, alpha);
    if (total <= 0)
        total = all;
    std::mt19937_64 rng(seed);
    std::map<std::string, std::vector<std::string>> out;
    for (const auto &[code, l] : lines) {
        const auto want = std::int64_t(std::llround(q.at(code) * double(total)));
        if (l.empty() || want <= 0)
            continue;
        std::vector<std::size_t> order(l.size());
        std::vector<std::string> &dst = out[code];
        dst.reserve(std::size_t(want));
        while (std::int64_t(dst.size()) < want) {
            std::iota(order.begin(), order.end(), std::size_t(0));
            std::shuffle(order.begin(), order.end(), rng);
            for (std::size_t i = 0; i < order.size() && std::int64_t(dst.size()) < want; ++i)
                dst.push_back(l[order[i]]);
        }
    }
    return out;
}

LanguageSampler::LanguageSampler(const std::map<std::string, double> &q, std::uint64_t seed)
    : m_rng(seed)
{
    std::vector<double> weights;
    for (const auto &[code, p] : q) {
        if (p <= 0)
            continue;
        m_languages.push_back(code);
        weights.push_back(p);
    }
    if (m_languages.empty())
        throw Error("language sampling: no language has a probability above 0");
    m_distribution = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
}

const std::string &LanguageSampler::next()
{
    return m_languages[m_distribution(m_rng)];
}

std::string LanguageSampler::saveState() const
{
    std::ostringstream out;
    out << m_rng << ' ' << m_distribution;
    return out.str();
}

void LanguageSampler::restoreState(const std::string &state)
{
    std::istringstream in(state);
    std::mt19937_64 rng;
    std::discrete_distribution<std::size_t> distribution;
    in >> rng >> distribution;
    if (!in)
        throw Error("language sampling: the saved generator state is not readable");
    m_rng = rng;
    m_distribution = distribution;
}

} // namespace fieldbench
