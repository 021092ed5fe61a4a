#include "fieldbench/audio/recorder.h"

#include "fieldbench/audio/ringbuffer.h"
#include "fieldbench/audio/silence.h"
#include "fieldbench/audio/takewriter.h"
#include "fieldbench/util/error.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace fieldbench {
namespace {

void atomicMax(std::atomic<float> &a, float v)
{
    float cur = a.load(std::memory_order_relaxed);
    while (v > cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {}
}

void atomicAdd(std::atomic<float> &a, float v)
{
    float cur = a.load(std::memory_order_relaxed);
    while (!a.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {}
}

constexpr std::uint64_t kNoEnd = std::numeric_limits<std::uint64_t>::max();

} // namespace

std::vector<std::string> RecorderConfig::validate() const
{
    std::vector<std::string> problems = capture.validate();
    if (!(ringSeconds >= 0.5 && ringSeconds <= 600))
        problems.push_back("the ring buffer must hold between 0.5 and 600 seconds");
    if (!(flushSeconds > 0 && flushSeconds <= 60))
        problems.push_back("takes must be flushed to disk at least once a minute (0 < flush seconds <= 60)");
    if (!(levelClipThreshold > 0 && levelClipThreshold <= 1))
        problems.push_back("the clip threshold must be in (0, 1]");
    return problems;
}

Recorder::Recorder(std::unique_ptr<AudioSource> source)
    : m_source(std::move(source))
{
    if (!m_source)
        throw Error("internal error: Recorder without an audio source");
}

Recorder::~Recorder()
{
    try {
        close();
    } catch (...) {
    }
}

void Recorder::open(const RecorderConfig &config)
{
    close();
    const auto problems = config.validate();
    if (!problems.empty())
        throw Error("cannot record: " + problems.front());
    m_config = config;
    m_ring = std::make_unique<SpscRingBuffer>(std::size_t(config.ringSeconds * config.capture.sampleRate));
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_error.clear();
        m_consumed = 0;
    }
    m_stopWriter.store(false);
    m_source->start(config.capture, *m_ring); // throws when there is no device
    m_writer = std::thread([this] { writerLoop(); });
    m_open = true;
}

void Recorder::close()
{
    if (!m_open)
        return;
    m_source->stop();           // no more pushes after this
    m_stopWriter.store(true);   // the writer drains what is left, then ends
    if (m_writer.joinable())
        m_writer.join();
    m_open = false;
    std::unique_ptr<TakeWriter> take;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        take = std::move(m_take);
    }
    m_recording.store(false);
    m_takeFrames.store(0);
    if (take)
        take->finish(); // keep what was recorded
}

void Recorder::startTake(const std::filesystem::path &file)
{
    if (!m_open)
        throw Error("cannot record: the audio input is not open");
    auto writer = std::make_unique<TakeWriter>(file, m_config.capture.sampleRate, m_config.flushSeconds);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_take)
        throw Error("cannot start a take while another one is recording");
    m_take = std::move(writer);
    m_takeStartIndex = m_ring->totalPushed();
    m_takeEndIndex = kNoEnd;
    m_takeFrames.store(0);
    m_error.clear();
    m_recording.store(true);
}

TakeInfo Recorder::stopTake()
{
    const std::uint64_t target = m_ring ? m_ring->totalPushed() : 0;
    std::unique_lock<std::mutex> lock(m_mutex);
    if (!m_take) {
        m_recording.store(false);
        if (!m_error.empty())
            throw Error(m_error);
        throw Error("no take is being recorded");
    }
    m_takeEndIndex = target;
    // The writer polls every few milliseconds; a closed recorder has drained already.
    m_drained.wait_for(lock, std::chrono::seconds(10), [&] { return m_consumed >= target || !m_open; });
    std::unique_ptr<TakeWriter> take = std::move(m_take);
    m_recording.store(false);
    m_takeFrames.store(0);
    lock.unlock();
    TakeInfo info{take->path(), take->sampleRate(), take->frames()};
    take->finish();
    return info;
}

double Recorder::takeSeconds() const
{
    const int rate = m_config.capture.sampleRate;
    return rate > 0 ? double(m_takeFrames.load()) / rate : 0.0;
}

InputLevels Recorder::takeLevels()
{
    InputLevels l;
    l.peak = m_peak.exchange(0);
    const float sum = m_sumSquares.exchange(0);
    const std::uint32_t count = m_levelCount.exchange(0);
    l.rms = count ? std::sqrt(sum / float(count)) : 0.0f;
    l.clipped = m_clipped.exchange(false);
    return l;
}

std::string Recorder::writerError() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_error;
}

void Recorder::abandonTakeForTesting()
{
    m_source->stop();
    m_stopWriter.store(true);
    if (m_writer.joinable())
        m_writer.join();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_take)
            m_take->abandon();
        m_take.reset();
    }
    m_recording.store(false);
    m_open = false;
}

void Recorder::writerLoop()
{
    // Runs on the disk-writer thread until close(). Drains the ring, feeds the meter and the
    // active take. Catches every failure: it ends the take and goes to m_error.
    std::vector<float> block(4096);
    const float clip = float(m_config.levelClipThreshold);
    for (;;) {
        const bool stopping = m_stopWriter.load();
        const std::size_t n = m_ring->pop(block.data(), block.size());
        if (n == 0) {
            if (stopping)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        const BlockLevel level = measureLevel(block.data(), n);
        atomicMax(m_peak, level.peak);
        atomicAdd(m_sumSquares, level.rms * level.rms * float(n));
        m_levelCount.fetch_add(std::uint32_t(n));
        if (level.peak >= clip)
            m_clipped.store(true);

        std::lock_guard<std::mutex> lock(m_mutex);
        const std::uint64_t first = m_consumed;
        const std::uint64_t last = first + n;
        if (m_take) {
            const std::uint64_t lo = std::max(first, m_takeStartIndex);
            const std::uint64_t hi = std::min(last, m_takeEndIndex);
            if (hi > lo) {
                try {
                    m_take->write(block.data() + (lo - first), std::size_t(hi - lo));
                    m_takeFrames.store(m_take->frames());
                } catch (const std::exception &e) {
                    m_error = e.what();
                    m_take->abandon();
                    m_take.reset();
                    m_recording.store(false);
                }
            }
        }
        m_consumed = last;
        m_drained.notify_all();
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_drained.notify_all();
}

} // namespace fieldbench
