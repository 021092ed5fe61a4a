#pragma once

#include <QString>

#include <vector>

namespace fieldbench {

// Samples of one segment plus a coarse min/max envelope for drawing long stretches fast.
// Plain data: made on a pool thread by loadWaveform(), then shared read-only with the GUI
// thread (std::shared_ptr<const Waveform>).
struct Waveform
{
    static constexpr int kSamplesPerBin = 128;

    std::vector<float> samples; // mono, at sampleRate; empty on error
    int sampleRate = 0;         // Hz
    double start = 0;           // seconds into the recording of samples[0]
    bool truncated = false;     // the segment was longer than the limit; the rest is not loaded
    std::vector<float> binMin;  // min of samples[i * kSamplesPerBin, (i + 1) * kSamplesPerBin)
    std::vector<float> binMax;  // max of the same
    float peak = 0;             // largest absolute sample value
    QString error;              // why nothing could be loaded; empty on success

    double duration() const { return sampleRate > 0 ? double(samples.size()) / sampleRate : 0.0; }
    // Min and max of samples[from, to), using the bins where they cover whole bins.
    void range(std::size_t from, std::size_t to, float *min, float *max) const;
};

// Reads [start, end) of a project FLAC (at most `maxSeconds`) and computes the envelope.
// Never throws: failures go to Waveform::error. Any thread.
Waveform loadWaveform(const QString &audioFile, double start, double end, double maxSeconds = 600.0);

} // namespace fieldbench
