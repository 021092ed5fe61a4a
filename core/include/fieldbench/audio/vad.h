#pragma once

// Voice-activity detection by short-time energy and zero-crossing rate, for splitting long
// recordings into segments a CTC model can transcribe. Plain C++, no torch.
//
// A frame is speech when its energy is `marginDb` above the recording's noise floor (the
// `noisePercentile` of frame energies) and above `floorDb`; a quieter frame still counts
// when its zero-crossing rate is high (fricatives, /s/ /f/) and its energy is at least half
// the margin above the floor. Speech runs closer than `minSilenceSeconds` are merged; runs
// shorter than `minSpeechSeconds` are dropped; each segment is padded by
// `paddingSeconds`; a segment longer than `maxSegmentSeconds` is cut at its quietest frame
// (away from the ends) until every piece fits.

#include <string>
#include <vector>

namespace fieldbench {

struct VadConfig
{
    double frameSeconds = 0.02;       // analysis frame (and hop) length
    double floorDb = -50.0;           // frames quieter than this (dBFS RMS) are never speech
    double marginDb = 10.0;           // speech is this many dB above the noise floor
    double noisePercentile = 0.1;     // share of frames assumed to be background (0..0.5)
    double zcrThreshold = 0.3;        // zero crossings per sample above which a quiet frame is a fricative; 0 disables
    double minSilenceSeconds = 0.3;   // shorter pauses do not split a segment
    double minSpeechSeconds = 0.15;   // shorter bursts are dropped
    double paddingSeconds = 0.1;      // added before and after each segment (clipped to the audio)
    double maxSegmentSeconds = 20.0;  // longer segments are split; 0 disables

    std::vector<std::string> validate() const;
};

struct VadSegment
{
    double start = 0; // seconds
    double end = 0;
};

// Segments of speech in mono `samples` at `sampleRate`, sorted, not overlapping. Throws
// Error when the config is invalid.
std::vector<VadSegment> detectSpeech(const std::vector<float> &samples, int sampleRate, const VadConfig &config = {});

} // namespace fieldbench
