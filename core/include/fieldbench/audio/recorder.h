#pragma once

#include "fieldbench/audio/audiosource.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fieldbench {

class SpscRingBuffer;
class TakeWriter;

struct RecorderConfig
{
    CaptureConfig capture;            // device, rate, channel
    double ringSeconds = 10.0;        // ring buffer between the audio thread and the writer, seconds
    double flushSeconds = 1.0;        // a take is on disk (valid header) at least this often, seconds
    double levelClipThreshold = 0.999; // |sample| at or above this counts as clipping (linear)

    std::vector<std::string> validate() const;
};

// Input levels since the last call of Recorder::takeLevels() (linear, 0..1).
struct InputLevels
{
    float peak = 0;
    float rms = 0;
    bool clipped = false;  // a sample reached the clip threshold
};

// What stopTake() leaves.
struct TakeInfo
{
    std::filesystem::path file;
    int sampleRate = 0;
    std::int64_t frames = 0;
    double seconds() const { return sampleRate > 0 ? double(frames) / sampleRate : 0.0; }
};

// The capture pipeline: an AudioSource pushes into a lock-free ring buffer from its
// (real-time) thread; a disk-writer thread owned here drains the ring every few
// milliseconds, measures levels, and - while a take is active - writes into a TakeWriter
// (crash-safe WAV, flushed every `flushSeconds`). While the stream is open without a take
// the samples only feed the level meter (monitoring).
//
// Control functions (open/close/startTake/stopTake) are called from one thread (the GUI
// thread); levels are atomics, readable from any thread. A failure on the writer thread
// (disk full...) ends the take and is reported by writerError(); no exception crosses
// threads.
class Recorder
{
public:
    explicit Recorder(std::unique_ptr<AudioSource> source);
    ~Recorder(); // close()s; an active take is finished (kept on disk)
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    AudioSource &source() { return *m_source; }

    // Starts the stream and the writer thread. Throws Error (invalid config, no device...).
    void open(const RecorderConfig &config);
    void close();
    bool isOpen() const { return m_open; }
    const RecorderConfig &config() const { return m_config; }

    // Starts writing a take at `file` (mono 24-bit WAV at the capture rate) with the next
    // samples that arrive. Throws Error when the file cannot be created or a take is active.
    void startTake(const std::filesystem::path &file);
    // Ends the take after everything captured up to this call has been written; finishes the
    // file (valid header, synced). Throws Error when the writer failed.
    TakeInfo stopTake();
    bool isRecording() const { return m_recording.load(); }
    // Seconds written to the current take so far (0 when none).
    double takeSeconds() const;

    // Peak/RMS/clip since the previous call (GUI meter polls this).
    InputLevels takeLevels();
    // Overruns reported by the source (samples lost because the writer fell behind).
    std::uint64_t droppedSamples() const { return m_source->overruns(); }
    // Set when the writer thread failed; cleared by open().
    std::string writerError() const;

    // For crash tests: stops the writer as a crash would, leaving the take file with only
    // what was flushed. The Recorder is closed afterwards.
    void abandonTakeForTesting();

private:
    void writerLoop();

    std::unique_ptr<AudioSource> m_source;
    RecorderConfig m_config;
    std::unique_ptr<SpscRingBuffer> m_ring;
    bool m_open = false;
    std::thread m_writer;
    std::atomic<bool> m_stopWriter{false};
    std::atomic<bool> m_recording{false};

    mutable std::mutex m_mutex;          // guards m_take, m_error, m_consumed handshake
    std::condition_variable m_drained;   // writer -> stopTake(): m_consumed advanced
    std::unique_ptr<TakeWriter> m_take;  // guarded by m_mutex; written by the writer thread
    std::uint64_t m_takeStartIndex = 0;  // guarded by m_mutex: ring index where the take begins
    std::uint64_t m_takeEndIndex = 0;    // guarded by m_mutex: ring index where it ends (max: open)
    std::uint64_t m_consumed = 0;        // guarded by m_mutex: ring samples processed so far
    std::string m_error;                 // guarded by m_mutex
    std::atomic<std::int64_t> m_takeFrames{0};

    std::atomic<float> m_peak{0};
    std::atomic<float> m_sumSquares{0};
    std::atomic<std::uint32_t> m_levelCount{0};
    std::atomic<bool> m_clipped{false};
};

} // namespace fieldbench
