#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fieldbench {

// How silence at the ends of a take is found: a window is "sound" when its RMS is above
// both the absolute floor and the level relative to the loudest window.
struct TrimConfig
{
    double windowSeconds = 0.02;  // RMS window (and hop), seconds
    double floorDb = -50.0;       // absolute threshold, dBFS
    double relativeDb = -35.0;    // threshold relative to the loudest window, dB (<= 0)
    double paddingSeconds = 0.15; // kept before the first and after the last sound, seconds

    std::vector<std::string> validate() const;
};

// Frames [begin, end) of `samples` to keep. When nothing is above the thresholds (or the
// signal is empty) the whole signal is kept: {0, samples.size()}.
struct TrimRange
{
    std::size_t begin = 0;
    std::size_t end = 0;
};

TrimRange findSoundRange(const std::vector<float> &samples, int sampleRate, const TrimConfig &config = {});

// Level of a block for meters: peak |x| and RMS, both linear.
struct BlockLevel
{
    float peak = 0;
    float rms = 0;
};
BlockLevel measureLevel(const float *samples, std::size_t n);

} // namespace fieldbench
