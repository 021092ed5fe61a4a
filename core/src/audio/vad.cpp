#include "fieldbench/audio/vad.h"

#include "fieldbench/util/error.h"

#include <algorithm>
#include <cmath>

namespace fieldbench {

std::vector<std::string> VadConfig::validate() const
{
    std::vector<std::string> p;
    if (!(frameSeconds >= 0.005 && frameSeconds <= 0.1))
        p.push_back("vad frame length must be between 0.005 and 0.1 s");
    if (!(marginDb >= 0))
        p.push_back("vad margin must be >= 0 dB");
    if (!(noisePercentile >= 0 && noisePercentile <= 0.5))
        p.push_back("vad noise percentile must be between 0 and 0.5");
    if (!(zcrThreshold >= 0 && zcrThreshold <= 1))
        p.push_back("vad zero-crossing threshold must be between 0 and 1 (crossings per sample)");
    if (!(minSilenceSeconds >= 0) || !(minSpeechSeconds >= 0) || !(paddingSeconds >= 0))
        p.push_back("vad durations must be >= 0 s");
    if (!(maxSegmentSeconds == 0 || maxSegmentSeconds >= 1.0))
        p.push_back("vad maximum segment length must be 0 (no limit) or at least 1 s");
    return p;
}

std::vector<VadSegment> detectSpeech(const std::vector<float> &x, int sampleRate, const VadConfig &c)
{
    const auto problems = c.validate();
    if (!problems.empty())
        throw Error("voice-activity detection: " + problems.front());
    if (sampleRate <= 0)
        throw Error("voice-activity detection: invalid sample rate");
    const std::size_t hop = std::max<std::size_t>(1, std::size_t(std::lround(c.frameSeconds * sampleRate)));
    const std::size_t frames = x.size() / hop;
    if (frames == 0)
        return {};
    std::vector<double> db(frames), zcr(frames);
    for (std::size_t f = 0; f < frames; ++f) {
        double e = 0;
        int crossings = 0;
        const float *s = x.data() + f * hop;
        for (std::size_t i = 0; i < hop; ++i) {
            e += double(s[i]) * s[i];
            if (i > 0 && ((s[i] >= 0) != (s[i - 1] >= 0)))
                ++crossings;
        }
        db[f] = 10.0 * std::log10(e / double(hop) + 1e-12);
        zcr[f] = double(crossings) / double(hop);
    }
    std::vector<double> sorted = db;
    const std::size_t k = std::min(frames - 1, std::size_t(c.noisePercentile * double(frames - 1)));
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(k), sorted.end());
    const double noise = sorted[k];
    const double threshold = std::max(c.floorDb, noise + c.marginDb);
    const double weakThreshold = std::max(c.floorDb, noise + c.marginDb / 2);

    std::vector<char> speech(frames, 0);
    for (std::size_t f = 0; f < frames; ++f)
        speech[f] = db[f] >= threshold || (c.zcrThreshold > 0 && zcr[f] >= c.zcrThreshold && db[f] >= weakThreshold);

    // Runs of speech frames [a, b).
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t f = 0; f < frames;) {
        if (!speech[f]) {
            ++f;
            continue;
        }
        std::size_t g = f;
        while (g < frames && speech[g])
            ++g;
        runs.emplace_back(f, g);
        f = g;
    }
    const double fs = double(hop) / sampleRate; // seconds per frame
    std::vector<std::pair<std::size_t, std::size_t>> merged;
    for (const auto &r : runs) {
        if (!merged.empty() && double(r.first - merged.back().second) * fs < c.minSilenceSeconds)
            merged.back().second = r.second;
        else
            merged.push_back(r);
    }
    // Split over-long runs at the quietest frame in their middle part.
    const std::size_t maxFrames = c.maxSegmentSeconds > 0
                                      ? std::max<std::size_t>(2, std::size_t((c.maxSegmentSeconds - 2 * c.paddingSeconds) / fs))
                                      : 0;
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    for (auto r : merged) {
        while (maxFrames && r.second - r.first > maxFrames) {
            const std::size_t len = std::min(r.second - r.first, maxFrames);
            const std::size_t lo = r.first + len / 2, hi = r.first + len; // cut in the second half
            std::size_t cut = lo;
            for (std::size_t f = lo; f < hi; ++f)
                if (db[f] < db[cut])
                    cut = f;
            pieces.emplace_back(r.first, cut);
            r.first = cut;
        }
        pieces.push_back(r);
    }
    const double total = double(x.size()) / sampleRate;
    std::vector<VadSegment> out;
    for (const auto &r : pieces) {
        if (double(r.second - r.first) * fs < c.minSpeechSeconds)
            continue;
        VadSegment s{std::max(0.0, double(r.first) * fs - c.paddingSeconds),
                     std::min(total, double(r.second) * fs + c.paddingSeconds)};
        if (!out.empty() && s.start < out.back().end) // paddings overlap: meet in the middle of the pause
            s.start = out.back().end = (s.start + out.back().end) / 2;
        out.push_back(s);
    }
    return out;
}

} // namespace fieldbench
