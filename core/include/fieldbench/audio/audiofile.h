#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench {

// Sample rate of every recording stored in a project.
constexpr int kProjectSampleRate = 16000;

struct AudioInfo
{
    std::string format;      // libsndfile's description, e.g. "WAV (Microsoft), Signed 16 bit PCM"
    int sampleRate = 0;      // Hz
    int channels = 0;
    std::int64_t frames = 0; // per channel
    int bitsPerSample = 0;   // 0 for lossy/compressed formats whose depth is not defined
    double durationSeconds() const { return sampleRate > 0 ? double(frames) / sampleRate : 0.0; }
};

// Reads the header of any file libsndfile opens. Throws Error naming the file and
// libsndfile's reason (unknown format, truncated header...), or "contains no audio" for
// zero frames.
AudioInfo probeAudio(const std::filesystem::path &path);

// Streams `source` (any format, rate and channel count libsndfile reads) through a channel
// average and soxr's high-quality resampler into a 16 kHz mono FLAC at `destination`
// (PCM_16 when the source has at most 16 bits, PCM_24 otherwise). Memory stays bounded for
// recordings of any length. Returns the source's AudioInfo; the number of 16 kHz frames
// written goes to *outputFrames. Throws Error naming the file on decode failures
// (truncated data is detected when fewer frames than announced can be read). `cancel`,
// when set, is checked between blocks; a cancelled conversion throws Cancelled.
AudioInfo convertToProjectFlac(const std::filesystem::path &source,
                               const std::filesystem::path &destination,
                               std::int64_t *outputFrames = nullptr,
                               const std::atomic<bool> *cancel = nullptr);

struct Cancelled
{};

// Decodes [startSeconds, endSeconds) of a file (endSeconds < 0: to the end) to mono float
// at the file's own rate. For project FLACs that is 16 kHz. Throws Error.
std::vector<float> readMono(const std::filesystem::path &path, double startSeconds = 0.0,
                            double endSeconds = -1.0, int *sampleRate = nullptr);

// Writes mono float samples in [-1, 1] as FLAC/WAV (chosen by extension: flac, wav, ogg).
void writeAudio(const std::filesystem::path &path, const std::vector<float> &samples, int sampleRate);

// Extensions that are tried as audio when a folder is walked.
bool looksLikeAudio(const std::filesystem::path &path);

} // namespace fieldbench
