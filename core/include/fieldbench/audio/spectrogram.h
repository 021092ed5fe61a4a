#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fieldbench {

struct SpectrogramConfig
{
    double windowSeconds = 0.025; // Hann window length, seconds
    double hopSeconds = 0.010;    // step between frames, seconds
    double floorDb = -90.0;       // values below this (dB re full scale) are clamped
    int maxFrames = 4000;         // longer signals get a larger hop; 0 disables the limit

    std::vector<std::string> validate() const;
};

// Short-time power spectrum in dB: values[frame * bins + bin]. Frame f is centred at
// f * hopSeconds + windowSeconds / 2; bin b is b * binHz. The FFT size is the window
// length rounded up to a power of two.
struct Spectrogram
{
    int frames = 0;
    int bins = 0;
    double hopSeconds = 0;
    double windowSeconds = 0;
    double binHz = 0;
    std::vector<float> values;

    float at(int frame, int bin) const { return values[std::size_t(frame) * std::size_t(bins) + std::size_t(bin)]; }
};

Spectrogram computeSpectrogram(const std::vector<float> &samples, int sampleRate, const SpectrogramConfig &config = {});

} // namespace fieldbench
