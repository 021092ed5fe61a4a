#include "waveform.h"

#include "convert.h"

#include "fieldbench/audio/audiofile.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace fieldbench {

void Waveform::range(std::size_t from, std::size_t to, float *min, float *max) const
{
    float lo = 0;
    float hi = 0;
    bool any = false;
    auto raw = [&](std::size_t a, std::size_t b) {
        for (std::size_t i = a; i < b; ++i) {
            const float s = samples[i];
            lo = any ? std::min(lo, s) : s;
            hi = any ? std::max(hi, s) : s;
            any = true;
        }
    };
    to = std::min(to, samples.size());
    const std::size_t bin = kSamplesPerBin;
    const std::size_t firstBin = (from + bin - 1) / bin;
    const std::size_t lastBin = to / bin; // exclusive
    if (lastBin > firstBin + 1) {
        raw(from, firstBin * bin);
        for (std::size_t b = firstBin; b < lastBin && b < binMin.size(); ++b) {
            lo = any ? std::min(lo, binMin[b]) : binMin[b];
            hi = any ? std::max(hi, binMax[b]) : binMax[b];
            any = true;
        }
        raw(lastBin * bin, to);
    } else {
        raw(from, to);
    }
    *min = lo;
    *max = hi;
}

Waveform loadWaveform(const QString &audioFile, double start, double end, double maxSeconds)
{
    Waveform w;
    w.start = start;
    try {
        double readEnd = end;
        if (end > start && end - start > maxSeconds) {
            readEnd = start + maxSeconds;
            w.truncated = true;
        }
        int rate = 0;
        w.samples = readMono(toPath(audioFile), start, readEnd, &rate);
        w.sampleRate = rate;
    } catch (const std::exception &e) {
        w.error = QString::fromUtf8(e.what());
        return w;
    } catch (...) {
        w.error = QCoreApplication::translate("fieldbench::Waveform", "The audio could not be read.");
        return w;
    }
    if (w.samples.empty() || w.sampleRate <= 0) {
        w.samples.clear();
        w.error = QCoreApplication::translate("fieldbench::Waveform", "The segment contains no audio.");
        return w;
    }

    const std::size_t n = w.samples.size();
    const std::size_t bins = (n + Waveform::kSamplesPerBin - 1) / Waveform::kSamplesPerBin;
    w.binMin.resize(bins);
    w.binMax.resize(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        const auto first = w.samples.begin() + std::ptrdiff_t(b * Waveform::kSamplesPerBin);
        const auto last = w.samples.begin() + std::ptrdiff_t(std::min(n, (b + 1) * Waveform::kSamplesPerBin));
        const auto [lo, hi] = std::minmax_element(first, last);
        w.binMin[b] = *lo;
        w.binMax[b] = *hi;
        w.peak = std::max({w.peak, std::abs(*lo), std::abs(*hi)});
    }
    return w;
}

} // namespace fieldbench
