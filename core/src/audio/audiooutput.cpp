// The one file that uses PortAudio (FIELDBENCH_HAVE_PORTAUDIO, STYLE.md 7): playback
// (AudioOutput) and capture (AudioSource) both live here.
#include "fieldbench/audio/audiooutput.h"
#include "fieldbench/audio/audiosource.h"
#include "fieldbench/audio/ringbuffer.h"

#include "fieldbench/util/error.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#ifdef FIELDBENCH_HAVE_PORTAUDIO
#include <portaudio.h>
#endif

namespace fieldbench {
namespace {

#ifdef FIELDBENCH_HAVE_PORTAUDIO

// PortAudio playback. The callback runs on PortAudio's real-time thread and only copies
// from m_samples, which is not touched by other threads while a stream is open.
class PortAudioOutput final : public AudioOutput
{
public:
    PortAudioOutput()
    {
        const PaError err = Pa_Initialize();
        m_initialised = err == paNoError;
        if (!m_initialised)
            m_initError = Pa_GetErrorText(err);
    }
    ~PortAudioOutput() override
    {
        stop();
        if (m_initialised)
            Pa_Terminate();
    }

    void play(std::vector<float> samples, int sampleRate) override
    {
        stop();
        if (!m_initialised)
            throw Error("audio playback is unavailable: " + m_initError);
        const PaDeviceIndex device = Pa_GetDefaultOutputDevice();
        if (device == paNoDevice)
            throw Error("no audio output device found: connect headphones or speakers, or check the "
                        "system's sound settings");
        m_samples = std::move(samples);
        m_rate = sampleRate;
        m_pos.store(0);
        PaStreamParameters params{};
        params.device = device;
        params.channelCount = 1;
        params.sampleFormat = paFloat32;
        params.suggestedLatency = Pa_GetDeviceInfo(device)->defaultLowOutputLatency;
        PaError err = Pa_OpenStream(&m_stream, nullptr, &params, sampleRate, paFramesPerBufferUnspecified,
                                    paClipOff, &PortAudioOutput::callback, this);
        if (err != paNoError) {
            m_stream = nullptr;
            throw Error(std::string("cannot open the audio output device: ") + Pa_GetErrorText(err));
        }
        err = Pa_StartStream(m_stream);
        if (err != paNoError) {
            Pa_CloseStream(m_stream);
            m_stream = nullptr;
            throw Error(std::string("cannot start audio playback: ") + Pa_GetErrorText(err));
        }
    }

    void stop() override
    {
        if (m_stream) {
            Pa_AbortStream(m_stream);
            Pa_CloseStream(m_stream);
            m_stream = nullptr;
        }
    }

    bool isPlaying() const override { return m_stream && Pa_IsStreamActive(m_stream) == 1; }
    double position() const override { return m_rate > 0 ? double(m_pos.load()) / m_rate : 0.0; }

private:
    static int callback(const void *, void *output, unsigned long frames, const PaStreamCallbackTimeInfo *,
                        PaStreamCallbackFlags, void *user)
    {
        auto *self = static_cast<PortAudioOutput *>(user);
        auto *out = static_cast<float *>(output);
        std::size_t pos = self->m_pos.load(std::memory_order_relaxed);
        const std::size_t n = std::min<std::size_t>(frames, self->m_samples.size() - std::min(pos, self->m_samples.size()));
        std::copy_n(self->m_samples.data() + pos, n, out);
        std::fill(out + n, out + frames, 0.0f);
        self->m_pos.store(pos + n, std::memory_order_relaxed);
        return pos + n >= self->m_samples.size() ? paComplete : paContinue;
    }

    bool m_initialised = false;
    std::string m_initError;
    PaStream *m_stream = nullptr;
    std::vector<float> m_samples; // read by the callback while a stream is open
    int m_rate = 0;
    std::atomic<std::size_t> m_pos{0};
};


// PortAudio capture. The callback runs on PortAudio's real-time thread and only picks the
// configured channel and copies into the ring buffer (STYLE.md 14); samples that do not
// fit are counted as overruns. m_ring and the channel settings are written by start()
// before the stream starts and read by the callback only while it runs.
class PortAudioSource final : public AudioSource
{
public:
    PortAudioSource()
    {
        const PaError err = Pa_Initialize();
        m_initialised = err == paNoError;
        if (!m_initialised)
            m_initError = Pa_GetErrorText(err);
    }
    ~PortAudioSource() override
    {
        stop();
        if (m_initialised)
            Pa_Terminate();
    }

    std::string name() const override { return "PortAudio"; }

    std::vector<AudioDeviceInfo> inputDevices() override
    {
        std::vector<AudioDeviceInfo> out;
        if (!m_initialised)
            return out;
        const PaDeviceIndex def = Pa_GetDefaultInputDevice();
        const int count = Pa_GetDeviceCount();
        for (int i = 0; i < count; ++i) {
            const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
            if (!info || info->maxInputChannels < 1)
                continue;
            AudioDeviceInfo d;
            d.index = i;
            const PaHostApiInfo *api = Pa_GetHostApiInfo(info->hostApi);
            d.name = std::string(api ? api->name : "?") + ": " + (info->name ? info->name : "?");
            d.maxInputChannels = info->maxInputChannels;
            d.defaultSampleRate = info->defaultSampleRate;
            d.isDefault = i == def;
            out.push_back(std::move(d));
        }
        return out;
    }

    std::string unavailableReason() override
    {
        if (!m_initialised)
            return "audio recording is unavailable: " + m_initError;
        if (inputDevices().empty())
            return "no audio input device found: connect a microphone or audio interface, or check the "
                   "system's sound settings";
        return {};
    }

    void start(const CaptureConfig &config, SpscRingBuffer &ring) override
    {
        stop();
        if (!m_initialised)
            throw Error("audio recording is unavailable: " + m_initError);
        const auto problems = config.validate();
        if (!problems.empty())
            throw Error("cannot record: " + problems.front());
        const PaDeviceIndex device = config.device >= 0 ? config.device : Pa_GetDefaultInputDevice();
        const PaDeviceInfo *info = device == paNoDevice ? nullptr : Pa_GetDeviceInfo(device);
        if (!info || info->maxInputChannels < 1)
            throw Error("no audio input device found: connect a microphone or audio interface, or check the "
                        "system's sound settings");
        if (config.channels > info->maxInputChannels)
            throw Error(std::string("the input device \"") + info->name + "\" has " +
                        std::to_string(info->maxInputChannels) + " channel(s); choose fewer");
        PaStreamParameters params{};
        params.device = device;
        params.channelCount = config.channels;
        params.sampleFormat = paFloat32;
        params.suggestedLatency = info->defaultLowInputLatency;
        PaError err = Pa_IsFormatSupported(&params, nullptr, config.sampleRate);
        if (err != paNoError)
            throw Error(std::string("the input device \"") + info->name + "\" cannot record at " +
                        std::to_string(config.sampleRate) + " Hz with " + std::to_string(config.channels) +
                        " channel(s): " + Pa_GetErrorText(err));
        m_ring = &ring;
        m_stopFlag.store(false);
        m_channels = config.channels;
        m_channel = config.channel;
        m_overruns.store(0);
        err = Pa_OpenStream(&m_stream, &params, nullptr, config.sampleRate,
                            config.framesPerBuffer > 0 ? unsigned(config.framesPerBuffer) : paFramesPerBufferUnspecified,
                            paClipOff, &PortAudioSource::callback, this);
        if (err != paNoError) {
            m_stream = nullptr;
            throw Error(std::string("cannot open the audio input device: ") + Pa_GetErrorText(err));
        }
        err = Pa_StartStream(m_stream);
        if (err != paNoError) {
            Pa_CloseStream(m_stream);
            m_stream = nullptr;
            throw Error(std::string("cannot start recording: ") + Pa_GetErrorText(err));
        }
    }

    void stop() override
    {
        m_stopFlag.store(true); // the callback stops pushing at once and completes the stream
        if (m_stream) {
            Pa_StopStream(m_stream); // returns after the last callback has finished
            Pa_CloseStream(m_stream);
            m_stream = nullptr;
        }
        m_ring = nullptr;
    }

    bool isRunning() const override { return m_stream && Pa_IsStreamActive(m_stream) == 1; }
    std::uint64_t overruns() const override { return m_overruns.load(); }

private:
    static int callback(const void *input, void *, unsigned long frames, const PaStreamCallbackTimeInfo *,
                        PaStreamCallbackFlags, void *user)
    {
        auto *self = static_cast<PortAudioSource *>(user);
        if (self->m_stopFlag.load(std::memory_order_acquire))
            return paComplete;
        const auto *in = static_cast<const float *>(input);
        if (!in)
            return paContinue;
        const int channels = self->m_channels;
        if (channels == 1) {
            const std::size_t ok = self->m_ring->push(in, frames);
            self->m_overruns.fetch_add(frames - ok, std::memory_order_relaxed);
            return paContinue;
        }
        // Pick (or average) the channel into a stack block, then copy into the ring.
        float block[256];
        const int channel = self->m_channel;
        unsigned long done = 0;
        while (done < frames) {
            const unsigned long n = std::min<unsigned long>(256, frames - done);
            const float *src = in + done * std::size_t(channels);
            for (unsigned long i = 0; i < n; ++i) {
                if (channel >= 0) {
                    block[i] = src[i * std::size_t(channels) + std::size_t(channel)];
                } else {
                    float sum = 0;
                    for (int c = 0; c < channels; ++c)
                        sum += src[i * std::size_t(channels) + std::size_t(c)];
                    block[i] = sum / float(channels);
                }
            }
            const std::size_t ok = self->m_ring->push(block, n);
            self->m_overruns.fetch_add(n - ok, std::memory_order_relaxed);
            done += n;
        }
        return paContinue;
    }

    bool m_initialised = false;
    std::string m_initError;
    PaStream *m_stream = nullptr;
    SpscRingBuffer *m_ring = nullptr; // producer side used by the callback while the stream runs
    int m_channels = 1;
    int m_channel = 0;
    std::atomic<bool> m_stopFlag{false}; // set by stop(), read by the callback
    std::atomic<std::uint64_t> m_overruns{0};
};

#else

class NoAudioOutput final : public AudioOutput
{
public:
    void play(std::vector<float>, int) override
    {
        throw Error("audio playback is unavailable: this Fieldbench was built without PortAudio");
    }
    void stop() override {}
    bool isPlaying() const override { return false; }
    double position() const override { return 0; }
};

class NoAudioSource final : public AudioSource
{
public:
    std::string name() const override { return "none"; }
    std::vector<AudioDeviceInfo> inputDevices() override { return {}; }
    std::string unavailableReason() override
    {
        return "audio recording is unavailable: this Fieldbench was built without PortAudio";
    }
    void start(const CaptureConfig &, SpscRingBuffer &) override { throw Error(unavailableReason()); }
    void stop() override {}
    bool isRunning() const override { return false; }
    std::uint64_t overruns() const override { return 0; }
};

#endif

} // namespace

std::unique_ptr<AudioSource> createAudioSource()
{
#ifdef FIELDBENCH_HAVE_PORTAUDIO
    return std::make_unique<PortAudioSource>();
#else
    return std::make_unique<NoAudioSource>();
#endif
}

std::unique_ptr<AudioOutput> createAudioOutput()
{
#ifdef FIELDBENCH_HAVE_PORTAUDIO
    return std::make_unique<PortAudioOutput>();
#else
    return std::make_unique<NoAudioOutput>();
#endif
}

} // namespace fieldbench
