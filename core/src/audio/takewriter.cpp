#include "fieldbench/audio/takewriter.h"

#include "fieldbench/util/error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

constexpr int kHeaderBytes = 44;
constexpr int kBytesPerFrame = 3; // mono, 24-bit

void put16(unsigned char *p, std::uint32_t v)
{
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
}
void put32(unsigned char *p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = (v >> (8 * i)) & 0xff;
}
std::uint32_t get32(const unsigned char *p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

void makeHeader(unsigned char *h, int rate, std::int64_t frames)
{
    const std::uint32_t dataBytes = std::uint32_t(std::min<std::int64_t>(frames * kBytesPerFrame, 0xFFFFFF00LL));
    std::memcpy(h, "RIFF", 4);
    put32(h + 4, 36 + dataBytes);
    std::memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, 16);
    put16(h + 20, 1); // PCM
    put16(h + 22, 1); // mono
    put32(h + 24, std::uint32_t(rate));
    put32(h + 28, std::uint32_t(rate) * kBytesPerFrame);
    put16(h + 32, kBytesPerFrame);
    put16(h + 34, 24);
    std::memcpy(h + 36, "data", 4);
    put32(h + 40, dataBytes);
}

void writeAll(int fd, const unsigned char *data, std::size_t n, const fs::path &path)
{
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            throw Error(path.string(), std::string("cannot write the take: ") + std::strerror(errno));
        }
        data += w;
        n -= std::size_t(w);
    }
}

} // namespace

TakeWriter::TakeWriter(const fs::path &path, int sampleRate, double flushSeconds)
    : m_path(path)
    , m_rate(sampleRate)
    , m_flushEvery(std::max<std::int64_t>(1, std::int64_t(flushSeconds * sampleRate)))
{
    if (sampleRate <= 0)
        throw Error(path.string(), "cannot write a take at " + std::to_string(sampleRate) + " Hz");
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw Error(path.string(), std::string("cannot create the take file: ") + std::strerror(errno));
    writeHeader(0);
    m_pending.reserve(std::size_t(m_flushEvery) * kBytesPerFrame * 2);
}

TakeWriter::~TakeWriter()
{
    try {
        finish();
    } catch (...) {
    }
}

void TakeWriter::writeHeader(std::int64_t frames)
{
    unsigned char h[kHeaderBytes];
    makeHeader(h, m_rate, frames);
    std::size_t done = 0;
    while (done < sizeof h) {
        const ssize_t w = ::pwrite(m_fd, h + done, sizeof h - done, off_t(done));
        if (w < 0) {
            if (errno == EINTR)
                continue;
            throw Error(m_path.string(), std::string("cannot write the take header: ") + std::strerror(errno));
        }
        done += std::size_t(w);
    }
}

void TakeWriter::write(const float *samples, std::size_t n)
{
    if (m_fd < 0)
        throw Error(m_path.string(), "internal error: write after the take was closed");
    for (std::size_t i = 0; i < n; ++i) {
        const float x = std::clamp(samples[i], -1.0f, 1.0f);
        const std::int32_t v = std::int32_t(std::lrint(double(x) * 8388607.0));
        m_pending.push_back(std::uint8_t(v & 0xff));
        m_pending.push_back(std::uint8_t((v >> 8) & 0xff));
        m_pending.push_back(std::uint8_t((v >> 16) & 0xff));
    }
    m_frames += std::int64_t(n);
    if (m_frames - m_flushedFrames >= m_flushEvery)
        flush();
}

void TakeWriter::flush()
{
    if (m_fd < 0)
        return;
    // Data first, then the header that covers it: a crash between the two leaves a header
    // one flush behind, which repairTake() corrects.
    if (!m_pending.empty()) {
        if (::lseek(m_fd, 0, SEEK_END) < 0)
            throw Error(m_path.string(), std::string("cannot write the take: ") + std::strerror(errno));
        writeAll(m_fd, m_pending.data(), m_pending.size(), m_path);
        m_pending.clear();
    }
    writeHeader(m_frames);
    ::fdatasync(m_fd);
    m_flushedFrames = m_frames;
}

void TakeWriter::finish()
{
    if (m_fd < 0)
        return;
    flush();
    ::close(m_fd);
    m_fd = -1;
}

void TakeWriter::abandon()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_pending.clear();
}

std::int64_t repairTake(const fs::path &path, int *sampleRate)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        throw Error(path.string(), std::string("cannot open the take: ") + std::strerror(errno));
    struct stat st{};
    unsigned char h[kHeaderBytes];
    const bool headerOk = ::fstat(fd, &st) == 0 && st.st_size >= kHeaderBytes &&
                          ::pread(fd, h, sizeof h, 0) == ssize_t(sizeof h) && std::memcmp(h, "RIFF", 4) == 0 &&
                          std::memcmp(h + 8, "WAVEfmt ", 8) == 0 && std::memcmp(h + 36, "data", 4) == 0 &&
                          h[20] == 1 && h[22] == 1 && h[34] == 24;
    if (!headerOk) {
        ::close(fd);
        throw Error(path.string(), "not a take written by Fieldbench (unexpected WAV header); it was left as it is");
    }
    const int rate = int(get32(h + 24));
    const std::int64_t frames = (std::int64_t(st.st_size) - kHeaderBytes) / kBytesPerFrame;
    makeHeader(h, rate, frames);
    const bool ok = ::ftruncate(fd, off_t(kHeaderBytes + frames * kBytesPerFrame)) == 0 &&
                    ::pwrite(fd, h, sizeof h, 0) == ssize_t(sizeof h) && ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!ok)
        throw Error(path.string(), std::string("cannot repair the take: ") + std::strerror(err));
    if (sampleRate)
        *sampleRate = rate;
    return frames;
}

} // namespace fieldbench
