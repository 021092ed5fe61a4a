#include "fieldbench/audio/audiooutput.h"

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

#endif

} // namespace

std::unique_ptr<AudioOutput> createAudioOutput()
{
#ifdef FIELDBENCH_HAVE_PORTAUDIO
    return std::make_unique<PortAudioOutput>();
#else
    return std::make_unique<NoAudioOutput>();
#endif
}

} // namespace fieldbench
