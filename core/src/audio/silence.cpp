#include "fieldbench/audio/silence.h"

#include <algorithm>
#include <cmath>

namespace fieldbench {

std::vector<std::string> TrimConfig::validate() const
{
    std::vector<std::string> problems;
    if (!(windowSeconds > 0.001 && windowSeconds <= 1.0))
        problems.push_back("the silence window must be between 0.001 and 1 s");
    if (!(floorDb < 0))
        problems.push_back("the silence floor must be below 0 dBFS");
    if (!(relativeDb <= 0))
        problems.push_back("the relative silence threshold must be at most 0 dB");
    if (!(paddingSeconds >= 0))
        problems.push_back("the padding kept around sound cannot be negative");
    return problems;
}

BlockLevel measureLevel(const float *samples, std::size_t n)
{
    BlockLevel l;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float a = std::fabs(samples[i]);
        l.peak = std::max(l.peak, a);
        sum += double(samples[i]) * samples[i];
    }
    l.rms = n ? float(std::sqrt(sum / double(n))) : 0.0f;
    return l;
}

TrimRange findSoundRange(const std::vector<float> &samples, int sampleRate, const TrimConfig &config)
{
    const std::size_t total = samples.size();
    TrimRange whole{0, total};
    if (total == 0 || sampleRate <= 0)
        return whole;
    const std::size_t window = std::max<std::size_t>(1, std::size_t(config.windowSeconds * sampleRate));
    const std::size_t windows = (total + window - 1) / window;
    std::vector<float> rms(windows);
    float loudest = 0;
    for (std::size_t w = 0; w < windows; ++w) {
        const std::size_t from = w * window;
        rms[w] = measureLevel(samples.data() + from, std::min(window, total - from)).rms;
        loudest = std::max(loudest, rms[w]);
    }
    const float threshold = std::max(float(std::pow(10.0, config.floorDb / 20.0)),
                                     loudest * float(std::pow(10.0, config.relativeDb / 20.0)));
    std::size_t first = windows, last = 0;
    for (std::size_t w = 0; w < windows; ++w) {
        if (rms[w] > threshold) {
            first = std::min(first, w);
            last = w;
        }
    }
    if (first == windows)
        return whole;
    const std::size_t pad = std::size_t(config.paddingSeconds * sampleRate);
    const std::size_t begin = first * window;
    const std::size_t end = std::min(total, (last + 1) * window);
    return {begin > pad ? begin - pad : 0, std::min(total, end + pad)};
}

} // namespace fieldbench
