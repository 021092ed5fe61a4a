#include "fieldbench/audio/audiofile.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <sndfile.h>
#include <soxr.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

struct SndFileCloser
{
    void operator()(SNDFILE *f) const { sf_close(f); }
};
using SndFilePtr = std::unique_ptr<SNDFILE, SndFileCloser>;

struct SoxrDeleter
{
    void operator()(soxr_t s) const { soxr_delete(s); }
};
using SoxrPtr = std::unique_ptr<std::remove_pointer_t<soxr_t>, SoxrDeleter>;

std::string describeFormat(int format)
{
    SF_FORMAT_INFO major{}, sub{};
    major.format = format & SF_FORMAT_TYPEMASK;
    sub.format = format & SF_FORMAT_SUBMASK;
    std::string out;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &major, sizeof major) == 0 && major.name)
        out = major.name;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &sub, sizeof sub) == 0 && sub.name)
        out += (out.empty() ? "" : ", ") + std::string(sub.name);
    return out;
}

int bitsOf(int format)
{
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_ULAW:
    case SF_FORMAT_ALAW:
        return 8;
    case SF_FORMAT_PCM_16:
        return 16;
    case SF_FORMAT_PCM_24:
        return 24;
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_FLOAT:
        return 32;
    case SF_FORMAT_DOUBLE:
        return 64;
    default:
        return 0;
    }
}

SndFilePtr openForReading(const fs::path &path, SF_INFO &info)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(path.string(), "file not found");
    if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0)
        throw Error(path.string(), "empty file (0 bytes)");
    info = SF_INFO{};
    SNDFILE *f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f)
        throw Error(path.string(), std::string("not readable as audio: ") + sf_strerror(nullptr));
    if (info.channels <= 0 || info.samplerate <= 0) {
        sf_close(f);
        throw Error(path.string(), "invalid audio header (no channels or sample rate)");
    }
    return SndFilePtr(f);
}

} // namespace

AudioInfo probeAudio(const fs::path &path)
{
    SF_INFO info;
    SndFilePtr f = openForReading(path, info);
    AudioInfo out;
    out.format = describeFormat(info.format);
    out.sampleRate = info.samplerate;
    out.channels = info.channels;
    out.frames = info.frames;
    out.bitsPerSample = bitsOf(info.format);
    if (out.frames <= 0)
        throw Error(path.string(), "contains no audio (0 samples)");
    return out;
}

AudioInfo convertToProjectFlac(const fs::path &source, const fs::path &destination,
                               std::int64_t *outputFrames, const std::atomic<bool> *cancel)
{
    SF_INFO info;
    SndFilePtr in = openForReading(source, info);
    AudioInfo result;
    result.format = describeFormat(info.format);
    result.sampleRate = info.samplerate;
    result.channels = info.channels;
    result.frames = info.frames;
    result.bitsPerSample = bitsOf(info.format);
    if (info.frames <= 0)
        throw Error(source.string(), "contains no audio (0 samples)");
    // libsndfile clamps a WAV/AIFF data chunk that runs past the end of the file to what
    // is there and notes it in its log ("data : 64000 (should be 31956)").
    {
        char log[8192] = {};
        sf_command(in.get(), SFC_GET_LOG_INFO, log, sizeof log);
        const std::string text(log);
        const std::size_t data = text.find("\ndata : ");
        if (data != std::string::npos) {
            const std::size_t eol = text.find('\n', data + 1);
            if (text.substr(data, eol - data).find("should be") != std::string::npos)
                throw Error(source.string(), "truncated: the header announces more audio data than the file "
                                             "holds (an interrupted copy or recording?); 'sox IN OUT' can "
                                             "rewrite the header if the partial audio is wanted");
        }
    }

    SF_INFO outInfo{};
    outInfo.samplerate = kProjectSampleRate;
    outInfo.channels = 1;
    const bool deep = result.bitsPerSample > 16;
    outInfo.format = SF_FORMAT_FLAC | (deep ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16);
    SNDFILE *rawOut = sf_open(destination.c_str(), SFM_WRITE, &outInfo);
    if (!rawOut)
        throw Error(destination.string(), std::string("cannot write FLAC: ") + sf_strerror(nullptr));
    SndFilePtr out(rawOut);
    // Float input beyond [-1, 1] is clipped rather than wrapped when quantised.
    sf_command(out.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);

    SoxrPtr resampler;
    const bool resample = info.samplerate != kProjectSampleRate;
    if (resample) {
        soxr_error_t err = nullptr;
        const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        const soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        soxr_t s = soxr_create(double(info.samplerate), double(kProjectSampleRate), 1, &err, &io, &q, nullptr);
        if (!s || err)
            throw Error(source.string(), std::string("cannot create resampler: ") + (err ? err : "unknown error"));
        resampler.reset(s);
    }

    constexpr sf_count_t kBlock = 1 << 16; // frames per read
    std::vector<float> interleaved(std::size_t(kBlock) * std::size_t(info.channels));
    std::vector<float> mono(kBlock);
    std::vector<float> resampled(std::size_t(double(kBlock) * kProjectSampleRate / info.samplerate) + 1024);
    std::int64_t written = 0;
    sf_count_t readTotal = 0;

    auto emit = [&](const float *data, std::size_t n) {
        if (n == 0)
            return;
        if (sf_writef_float(out.get(), data, sf_count_t(n)) != sf_count_t(n))
            throw Error(destination.string(), std::string("write failed: ") + sf_strerror(out.get()));
        written += std::int64_t(n);
    };
    auto push = [&](const float *data, std::size_t n, bool last) {
        if (!resample) {
            emit(data, n);
            return;
        }
        // Feed everything; drain until soxr has nothing more for this input.
        std::size_t consumed = 0;
        for (;;) {
            std::size_t idone = 0, odone = 0;
            soxr_error_t err = soxr_process(resampler.get(), last && consumed >= n ? nullptr : data + consumed,
                                            n - consumed, &idone, resampled.data(), resampled.size(), &odone);
            if (err)
                throw Error(source.string(), std::string("resampling failed: ") + err);
            consumed += idone;
            emit(resampled.data(), odone);
            if (consumed >= n && (!last || odone == 0))
                break;
        }
    };

    for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            throw Cancelled{};
        const sf_count_t got = sf_readf_float(in.get(), interleaved.data(), kBlock);
        if (got <= 0)
            break;
        readTotal += got;
        const int ch = info.channels;
        if (ch == 1) {
            std::copy_n(interleaved.data(), got, mono.data());
        } else {
            const float scale = 1.0f / float(ch);
            for (sf_count_t i = 0; i < got; ++i) {
                float sum = 0;
                for (int c = 0; c < ch; ++c)
                    sum += interleaved[std::size_t(i * ch + c)];
                mono[std::size_t(i)] = sum * scale;
            }
        }
        push(mono.data(), std::size_t(got), false);
    }
    if (sf_error(in.get()) != SF_ERR_NO_ERROR)
        throw Error(source.string(), std::string("decoding failed: ") + sf_strerror(in.get()));
    // A file whose header announces more audio than it holds is truncated. Compressed
    // formats may report approximate lengths; allow a small tolerance there.
    const sf_count_t tolerance = result.bitsPerSample == 0 ? info.samplerate / 10 : 0;
    if (readTotal + tolerance < info.frames)
        throw Error(source.string(), "truncated: the header announces " + std::to_string(info.frames) +
                                         " samples but only " + std::to_string(readTotal) + " could be read");
    if (readTotal == 0)
        throw Error(source.string(), "contains no audio (0 samples)");
    push(nullptr, 0, true);
    result.frames = readTotal;
    if (outputFrames)
        *outputFrames = written;
    if (sf_close(out.release()) != 0)
        throw Error(destination.string(), "cannot finish FLAC file");
    return result;
}

std::vector<float> readMono(const fs::path &path, double startSeconds, double endSeconds, int *sampleRate)
{
    SF_INFO info;
    SndFilePtr in = openForReading(path, info);
    if (sampleRate)
        *sampleRate = info.samplerate;
    sf_count_t first = std::max<sf_count_t>(0, sf_count_t(std::llround(startSeconds * info.samplerate)));
    sf_count_t last = endSeconds < 0 ? info.frames : sf_count_t(std::llround(endSeconds * info.samplerate));
    last = std::min(last, info.frames);
    if (last <= first)
        return {};
    if (first > 0 && sf_seek(in.get(), first, SEEK_SET) < 0)
        throw Error(path.string(), "cannot seek to " + std::to_string(startSeconds) + " s");
    const sf_count_t count = last - first;
    std::vector<float> interleaved(std::size_t(count) * std::size_t(info.channels));
    const sf_count_t got = sf_readf_float(in.get(), interleaved.data(), count);
    if (got < 0)
        throw Error(path.string(), std::string("decoding failed: ") + sf_strerror(in.get()));
    std::vector<float> mono(static_cast<std::size_t>(got));
    for (sf_count_t i = 0; i < got; ++i) {
        float sum = 0;
        for (int c = 0; c < info.channels; ++c)
            sum += interleaved[std::size_t(i * info.channels + c)];
        mono[std::size_t(i)] = sum / float(info.channels);
    }
    return mono;
}

void writeAudio(const fs::path &path, const std::vector<float> &samples, int sampleRate)
{
    const std::string ext = lowerExtension(path);
    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = 1;
    if (ext == "flac")
        info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    else if (ext == "ogg")
        info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    else if (ext == "opus")
        info.format = SF_FORMAT_OGG | SF_FORMAT_OPUS;
    else if (ext == "wav")
        info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    else
        throw Error(path.string(), "cannot write audio with extension '." + ext + "' (use wav, flac, ogg or opus)");
    SNDFILE *f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f)
        throw Error(path.string(), std::string("cannot write: ") + sf_strerror(nullptr));
    SndFilePtr out(f);
    sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    if (sf_writef_float(f, samples.data(), sf_count_t(samples.size())) != sf_count_t(samples.size()))
        throw Error(path.string(), std::string("write failed: ") + sf_strerror(f));
}

bool looksLikeAudio(const fs::path &path)
{
    static const std::set<std::string> kExtensions = {
        "wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "sph", "nist", "aif", "aiff", "aifc",
        "au", "snd", "w64", "caf", "rf64", "voc", "sd2", "htk", "wv", "mpc", "paf", "svx",
        "ircam", "sf", "xi", "pvf", "avr"};
    return kExtensions.count(lowerExtension(path)) > 0;
}

} // namespace fieldbench
