#include "fieldbench/audio/spectrogram.h"

#include <algorithm>
#include <cmath>
#include <complex>

namespace fieldbench {
namespace {

constexpr double kPi = 3.14159265358979323846;

// In-place iterative radix-2 FFT; a.size() is a power of two.
void fft(std::vector<std::complex<double>> &a)
{
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(a[i], a[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double ang = -2 * kPi / double(len);
        const std::complex<double> wl(std::cos(ang), std::sin(ang));
        for (std::size_t i = 0; i < n; i += len) {
            std::complex<double> w(1);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const auto u = a[i + k];
                const auto v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= wl;
            }
        }
    }
}

} // namespace

std::vector<std::string> SpectrogramConfig::validate() const
{
    std::vector<std::string> problems;
    if (!(windowSeconds >= 0.001 && windowSeconds <= 1))
        problems.push_back("the spectrogram window must be between 1 ms and 1 s");
    if (!(hopSeconds > 0 && hopSeconds <= windowSeconds * 4))
        problems.push_back("the spectrogram hop must be positive and at most four windows");
    if (maxFrames < 0)
        problems.push_back("the spectrogram frame limit cannot be negative (0 disables it)");
    return problems;
}

Spectrogram computeSpectrogram(const std::vector<float> &samples, int sampleRate, const SpectrogramConfig &config)
{
    Spectrogram s;
    if (sampleRate <= 0 || samples.empty() || !config.validate().empty())
        return s;
    const std::size_t window = std::max<std::size_t>(2, std::size_t(config.windowSeconds * sampleRate));
    std::size_t hop = std::max<std::size_t>(1, std::size_t(config.hopSeconds * sampleRate));
    if (config.maxFrames > 0 && samples.size() / hop > std::size_t(config.maxFrames))
        hop = (samples.size() + std::size_t(config.maxFrames) - 1) / std::size_t(config.maxFrames);
    std::size_t nfft = 1;
    while (nfft < window)
        nfft <<= 1;
    s.bins = int(nfft / 2 + 1);
    s.frames = samples.size() < window ? 1 : int((samples.size() - window) / hop + 1);
    s.hopSeconds = double(hop) / sampleRate;
    s.windowSeconds = double(window) / sampleRate;
    s.binHz = double(sampleRate) / double(nfft);
    s.values.resize(std::size_t(s.frames) * std::size_t(s.bins));

    std::vector<double> hann(window);
    double gain = 0;
    for (std::size_t i = 0; i < window; ++i) {
        hann[i] = 0.5 - 0.5 * std::cos(2 * kPi * double(i) / double(window - 1));
        gain += hann[i];
    }
    // Scaled so that a full-scale sine reads about 0 dB.
    const double scale = 2.0 / gain;
    std::vector<std::complex<double>> buf(nfft);
    for (int f = 0; f < s.frames; ++f) {
        const std::size_t from = std::size_t(f) * hop;
        for (std::size_t i = 0; i < nfft; ++i)
            buf[i] = (i < window && from + i < samples.size()) ? samples[from + i] * hann[i] : 0.0;
        fft(buf);
        for (int b = 0; b < s.bins; ++b) {
            const double mag = std::abs(buf[std::size_t(b)]) * scale;
            const double db = 20 * std::log10(std::max(mag, 1e-12));
            s.values[std::size_t(f) * std::size_t(s.bins) + std::size_t(b)] = float(std::max(db, config.floorDb));
        }
    }
    return s;
}

} // namespace fieldbench
