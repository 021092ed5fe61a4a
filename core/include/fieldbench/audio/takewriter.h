#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace fieldbench {

// Writes one take as a mono 24-bit PCM WAV while it is being recorded, so that a crash
// loses at most the last second: samples are buffered in memory and written, together with
// a header that describes exactly the data written so far, every `flushSeconds` (then
// fdatasync). After a crash the file is a valid WAV up to the last flush; repairTake()
// recovers whatever complete frames reached the disk after that.
//
// Used by one thread at a time (Recorder's disk-writer thread). Throws Error naming the
// file on I/O failures.
class TakeWriter
{
public:
    TakeWriter(const std::filesystem::path &path, int sampleRate, double flushSeconds = 1.0);
    ~TakeWriter(); // finish()es; errors are swallowed there (call finish() to see them)
    TakeWriter(const TakeWriter &) = delete;
    TakeWriter &operator=(const TakeWriter &) = delete;

    void write(const float *samples, std::size_t n);
    // Writes pending samples and the header, syncs.
    void flush();
    // flush() and close. Further writes are errors.
    void finish();
    // Closes the file WITHOUT writing pending samples or the header: what a crash leaves
    // (for tests of recovery).
    void abandon();

    const std::filesystem::path &path() const { return m_path; }
    int sampleRate() const { return m_rate; }
    std::int64_t frames() const { return m_frames; }          // written or pending
    std::int64_t framesOnDisk() const { return m_flushedFrames; } // covered by the header

private:
    void writeHeader(std::int64_t frames);

    std::filesystem::path m_path;
    int m_fd = -1;
    int m_rate = 0;
    std::int64_t m_flushEvery = 0; // frames
    std::int64_t m_frames = 0;
    std::int64_t m_flushedFrames = 0;
    std::vector<unsigned char> m_pending; // encoded 24-bit samples not yet written
};

// Makes a take left by a crash a valid WAV again: the header is rewritten to cover every
// complete frame in the file (a partial last frame is cut). Returns the frame count.
// Throws Error when the file is not a take written by TakeWriter.
std::int64_t repairTake(const std::filesystem::path &path, int *sampleRate = nullptr);

} // namespace fieldbench
