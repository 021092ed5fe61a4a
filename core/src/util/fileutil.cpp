#include "fieldbench/util/fileutil.h"

#include "fieldbench/util/error.h"

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;

namespace fieldbench {

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string(), std::string("cannot open: ") + std::strerror(errno));
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error(path.string(), "read error");
    return data;
}

void syncPath(const fs::path &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

fs::path temporaryPath(const fs::path &dir, std::string_view prefix, std::string_view extension)
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    for (;;) {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
        fs::path p = dir / (".tmp-" + std::string(prefix) + "-" + buf + std::string(extension));
        if (!fs::exists(p))
            return p;
    }
}

void writeFileAtomically(const fs::path &path, std::string_view data)
{
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const fs::path tmp = temporaryPath(dir, path.filename().string(), "");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(path.string(), std::string("cannot write: ") + std::strerror(errno));
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            throw Error(path.string(), "cannot write: " + reason);
        }
        done += std::size_t(n);
    }
    ::fsync(fd);
    ::close(fd);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp);
        throw Error(path.string(), "cannot replace: " + ec.message());
    }
    syncPath(dir);
}

static std::string hex128(XXH128_hash_t h)
{
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return buf;
}

std::string hashFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path.string(), std::string("cannot open: ") + std::strerror(errno));
    XXH3_state_t *state = XXH3_createState();
    XXH3_128bits_reset(state);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        XXH3_128bits_update(state, buf.data(), std::size_t(in.gcount()));
    }
    const bool bad = in.bad();
    const XXH128_hash_t h = XXH3_128bits_digest(state);
    XXH3_freeState(state);
    if (bad)
        throw Error(path.string(), "read error");
    return hex128(h);
}

std::string hashBytes(std::string_view bytes)
{
    return hex128(XXH3_128bits(bytes.data(), bytes.size()));
}

std::string lowerExtension(const fs::path &path)
{
    std::string ext = path.extension().string();
    if (!ext.empty() && ext[0] == '.')
        ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

} // namespace fieldbench
