#include "fieldbench/audio/audiosource.h"

#include "fieldbench/audio/ringbuffer.h"
#include "fieldbench/util/error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace fieldbench {

std::vector<std::string> CaptureConfig::validate() const
{
    std::vector<std::string> problems;
    if (sampleRate < 8000 || sampleRate > 192000)
        problems.push_back("sample rate " + std::to_string(sampleRate) + " Hz is out of range (8000-192000 Hz)");
    if (channels < 1 || channels > 32)
        problems.push_back("channel count " + std::to_string(channels) + " is out of range (1-32)");
    if (channel < -1 || channel >= channels)
        problems.push_back("channel " + std::to_string(channel + 1) + " does not exist when " +
                           std::to_string(channels) + " channel(s) are opened");
    if (framesPerBuffer < 0 || framesPerBuffer > 65536)
        problems.push_back("frames per buffer must be 0 (automatic) or at most 65536");
    return problems;
}

float fakeSignalSample(std::int64_t index, int sampleRate)
{
    constexpr double kPi = 3.14159265358979323846;
    const std::int64_t period = std::int64_t(1.5 * sampleRate);
    const std::int64_t inPeriod = index % period;
    const double t = double(inPeriod) / sampleRate; // seconds into the 1.5 s period
    // Deterministic low-level noise from an integer hash of the index.
    std::uint64_t h = std::uint64_t(index) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    const double noise = (double(h >> 11) / double(1ull << 53) - 0.5) * 0.002; // |noise| < 0.001
    if (t < 0.3 || t >= 1.3)
        return float(noise);
    const double u = t - 0.3; // 0..1 s into the voiced part
    // f0 glides 120 -> 240 Hz; phase is the integral of f0.
    const double phase = 2 * kPi * (120.0 * u + 60.0 * u * u);
    double v = 0;
    for (int k = 1; k <= 5; ++k)
        v += std::sin(k * phase) / k;
    const double envelope = std::sin(kPi * u); // smooth onset and offset
    return float(0.3 * envelope * v + noise);
}

FakeAudioSource::FakeAudioSource(Mode mode, bool hasDevice)
    : m_mode(mode)
    , m_hasDevice(hasDevice)
{}

FakeAudioSource::~FakeAudioSource()
{
    stop();
}

std::vector<AudioDeviceInfo> FakeAudioSource::inputDevices()
{
    if (!m_hasDevice)
        return {};
    AudioDeviceInfo d;
    d.index = 0;
    d.name = "Test signal (deterministic)";
    d.maxInputChannels = 2;
    d.defaultSampleRate = 48000;
    d.isDefault = true;
    return {d};
}

std::string FakeAudioSource::unavailableReason()
{
    return m_hasDevice ? std::string() : std::string("no audio input device found (test source without devices)");
}

void FakeAudioSource::start(const CaptureConfig &config, SpscRingBuffer &ring)
{
    stop();
    if (!m_hasDevice)
        throw Error("no audio input device found: connect a microphone or audio interface");
    const auto problems = config.validate();
    if (!problems.empty())
        throw Error("cannot record: " + problems.front());
    m_ring = &ring;
    m_rate = config.sampleRate;
    m_overruns.store(0);
    m_stop.store(false);
    m_running.store(true);
    if (m_mode == Mode::Realtime)
        m_thread = std::thread([this] { run(); });
}

void FakeAudioSource::stop()
{
    m_stop.store(true);
    if (m_thread.joinable())
        m_thread.join();
    m_running.store(false);
    m_ring = nullptr;
    m_rate = 0;
}

std::size_t FakeAudioSource::produce(std::size_t frames)
{
    if (!m_running.load() || !m_ring)
        return 0;
    float block[1024];
    std::size_t pushed = 0;
    std::int64_t pos = m_position.load();
    const float gain = m_gain.load();
    while (frames > 0) {
        const std::size_t n = std::min<std::size_t>(frames, 1024);
        for (std::size_t i = 0; i < n; ++i)
            block[i] = std::clamp(gain * fakeSignalSample(pos + std::int64_t(i), m_rate), -1.0f, 1.0f);
        const std::size_t ok = m_ring->push(block, n);
        pushed += ok;
        m_overruns.fetch_add(n - ok);
        pos += std::int64_t(n); // dropped samples are lost, as with a real device
        frames -= n;
    }
    m_position.store(pos);
    return pushed;
}

void FakeAudioSource::run()
{
    // Paced like a sound card: 10 ms blocks against a steady clock.
    using clock = std::chrono::steady_clock;
    const auto begin = clock::now();
    std::int64_t delivered = 0;
    while (!m_stop.load()) {
        const double elapsed = std::chrono::duration<double>(clock::now() - begin).count();
        const std::int64_t due = std::int64_t(elapsed * m_rate);
        if (due > delivered) {
            produce(std::size_t(due - delivered));
            delivered = due;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace fieldbench
