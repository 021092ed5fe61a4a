#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace fieldbench {

class SpscRingBuffer;

// An input device as the audio library lists it.
struct AudioDeviceInfo
{
    int index = -1;               // pass as CaptureConfig::device
    std::string name;             // "<host API>: <device name>"
    int maxInputChannels = 0;
    double defaultSampleRate = 0; // Hz
    bool isDefault = false;       // the system's default input
};

// What to capture. Takes are stored mono at `sampleRate` and imported (resampled to
// 16 kHz) when they stop.
struct CaptureConfig
{
    int device = -1;          // AudioDeviceInfo::index; -1 = the system's default input
    int sampleRate = 48000;   // Hz, 8000..192000
    int channels = 1;         // channels opened on the device, 1..32
    int channel = 0;          // which opened channel is recorded (0-based); -1 = average of all
    int framesPerBuffer = 0;  // callback block size; 0 = the audio library chooses

    // Readable problems; empty when the settings are usable.
    std::vector<std::string> validate() const;
};

// The capture seam (STYLE.md 8): a real implementation (PortAudio) and a fake one with a
// deterministic signal for tests and demos. A source delivers mono float samples in
// [-1, 1] into the ring buffer handed to start(), from its own thread; for PortAudio that
// is the real-time callback, which only selects the channel and copies into the ring
// (no locks, no allocation, no I/O). Samples that do not fit are dropped and counted.
//
// start()/stop()/inputDevices() are called from one controlling thread.
class AudioSource
{
public:
    virtual ~AudioSource() = default;

    // Short name for messages: "PortAudio", "test signal".
    virtual std::string name() const = 0;
    // Input devices; empty when none exists (then unavailableReason() says why).
    virtual std::vector<AudioDeviceInfo> inputDevices() = 0;
    // Why nothing can be recorded ("built without PortAudio", "no input device found...");
    // empty when inputDevices() is not empty.
    virtual std::string unavailableReason() = 0;

    // Opens the device and starts delivering samples into `ring` (which must outlive the
    // stream). Throws Error with a user-facing reason (no device, rate not supported...).
    virtual void start(const CaptureConfig &config, SpscRingBuffer &ring) = 0;
    // Stops delivering; no push() happens after it returns. Safe to call when stopped.
    virtual void stop() = 0;
    virtual bool isRunning() const = 0;
    // Samples dropped because the ring buffer was full, since start().
    virtual std::uint64_t overruns() const = 0;
};

// The best source this build has: PortAudio, else one whose inputDevices() is empty and
// whose unavailableReason() says "built without PortAudio". Never throws.
std::unique_ptr<AudioSource> createAudioSource();

// A deterministic "speech-like" test signal: every 1.5 s, 0.3 s of near-silence
// (|x| < 0.002), 1.0 s of a voiced sound (a 120-240 Hz glide with five harmonics, peak
// about 0.5, smooth onset and offset), 0.2 s of near-silence. The value depends only on
// the sample index and the rate, so tests know exactly what a take must contain.
float fakeSignalSample(std::int64_t index, int sampleRate);

// AudioSource with the fake signal. Mode::Realtime runs its own thread that pushes 10 ms
// blocks paced by the clock (like a sound card; used by the app's --fake-audio demo mode);
// Mode::Manual pushes only when produce() is called (tests: exact, no timing). Each start()
// continues the signal where the previous stream stopped, so consecutive takes differ.
class FakeAudioSource final : public AudioSource
{
public:
    enum class Mode { Realtime, Manual };
    explicit FakeAudioSource(Mode mode = Mode::Realtime, bool hasDevice = true);
    ~FakeAudioSource() override;

    std::string name() const override { return "test signal"; }
    std::vector<AudioDeviceInfo> inputDevices() override;
    std::string unavailableReason() override;
    void start(const CaptureConfig &config, SpscRingBuffer &ring) override;
    void stop() override;
    bool isRunning() const override { return m_running.load(); }
    std::uint64_t overruns() const override { return m_overruns.load(); }

    // Manual mode: pushes the next `frames` samples of the signal into the ring now (on the
    // calling thread, which then is the producer). Returns how many fit.
    std::size_t produce(std::size_t frames);
    // Index of the next sample the source will deliver.
    std::int64_t position() const { return m_position.load(); }
    // Sample rate of the running stream (0 when stopped).
    int sampleRate() const { return m_rate; }
    // Multiplies the signal (then clamps to [-1, 1], as a converter would): a gain of 3
    // makes the voiced parts clip. Any thread.
    void setGain(float gain) { m_gain.store(gain); }

private:
    void run();

    Mode m_mode;
    bool m_hasDevice;
    SpscRingBuffer *m_ring = nullptr; // set by start(), used by the producer until stop()
    int m_rate = 0;
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stop{false};
    std::atomic<std::int64_t> m_position{0};
    std::atomic<std::uint64_t> m_overruns{0};
    std::atomic<float> m_gain{1.0f};
    std::thread m_thread; // Realtime mode's producer
};

} // namespace fieldbench
