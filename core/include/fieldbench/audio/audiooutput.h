#pragma once

#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

// Plays mono float audio. Implementations: PortAudio (when built with it) and a null
// output. play() returns immediately; playback runs on the audio library's thread, whose
// callback only copies from the buffer handed over here.
class AudioOutput
{
public:
    virtual ~AudioOutput() = default;
    // Throws Error with a user-facing reason when no output device exists.
    virtual void play(std::vector<float> samples, int sampleRate) = 0;
    virtual void stop() = 0;
    virtual bool isPlaying() const = 0;
    // Seconds played since play(); for a playhead.
    virtual double position() const = 0;
};

// The best output this build has: PortAudio, else one whose play() throws
// "built without PortAudio".
std::unique_ptr<AudioOutput> createAudioOutput();

} // namespace fieldbench
