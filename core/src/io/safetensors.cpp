#include "fieldbench/io/safetensors.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// The format is little-endian; tensors are copied byte for byte between the file and
// LibTorch's (native-endian) storage.
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors.cpp assumes a little-endian host"
#endif

// Debian's LibTorch 1.13 has neither FP8 (added in 2.1) nor usable unsigned 16/32/64-bit
// tensors (2.3).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define FIELDBENCH_TORCH_HAS_FP8 1
#endif
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define FIELDBENCH_TORCH_HAS_UNSIGNED 1
#endif

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace fieldbench {

namespace {

// The reference implementation's limit; a larger "header length" is a file of another kind.
constexpr std::uint64_t kMaxHeaderSize = 100'000'000;

constexpr SafeDType kAllDTypes[] = {
    SafeDType::BOOL, SafeDType::U8,  SafeDType::I8,  SafeDType::I16,     SafeDType::U16,
    SafeDType::F16,  SafeDType::BF16, SafeDType::I32, SafeDType::U32,    SafeDType::F32,
    SafeDType::F64,  SafeDType::I64, SafeDType::U64, SafeDType::F8_E4M3, SafeDType::F8_E5M2,
};

std::optional<SafeDType> dtypeFromString(std::string_view name)
{
    for (SafeDType dtype : kAllDTypes) {
        if (toString(dtype) == name)
            return dtype;
    }
    return std::nullopt;
}

std::optional<c10::ScalarType> torchType(SafeDType dtype)
{
    switch (dtype) {
    case SafeDType::BOOL: return c10::ScalarType::Bool;
    case SafeDType::U8: return c10::ScalarType::Byte;
    case SafeDType::I8: return c10::ScalarType::Char;
    case SafeDType::I16: return c10::ScalarType::Short;
    case SafeDType::F16: return c10::ScalarType::Half;
    case SafeDType::BF16: return c10::ScalarType::BFloat16;
    case SafeDType::I32: return c10::ScalarType::Int;
    case SafeDType::F32: return c10::ScalarType::Float;
    case SafeDType::F64: return c10::ScalarType::Double;
    case SafeDType::I64: return c10::ScalarType::Long;
#ifdef FIELDBENCH_TORCH_HAS_UNSIGNED
    case SafeDType::U16: return c10::ScalarType::UInt16;
    case SafeDType::U32: return c10::ScalarType::UInt32;
    case SafeDType::U64: return c10::ScalarType::UInt64;
#else
    case SafeDType::U16:
    case SafeDType::U32:
    case SafeDType::U64: return std::nullopt;
#endif
#ifdef FIELDBENCH_TORCH_HAS_FP8
    case SafeDType::F8_E4M3: return c10::ScalarType::Float8_e4m3fn;
    case SafeDType::F8_E5M2: return c10::ScalarType::Float8_e5m2;
#else
    case SafeDType::F8_E4M3:
    case SafeDType::F8_E5M2: return std::nullopt;
#endif
    }
    return std::nullopt;
}

std::optional<SafeDType> safeType(c10::ScalarType type)
{
    for (SafeDType dtype : kAllDTypes) {
        if (torchType(dtype) == type)
            return dtype;
    }
    return std::nullopt;
}

// A tensor name for a message: quoted, and cut short, since a hostile header can hold
// names of megabytes.
std::string quoted(const std::string &name)
{
    constexpr std::size_t maxLength = 200;
    if (name.size() <= maxLength)
        return "'" + name + "'";
    return "'" + name.substr(0, maxLength) + "...'";
}

std::string shapeString(const std::vector<std::int64_t> &shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string offsetsString(const SafeTensorInfo &info)
{
    return "[" + std::to_string(info.begin) + ", " + std::to_string(info.end) + "]";
}

// nlohmann's messages start with "[json.exception.parse_error.101] ".
std::string jsonReason(const Json::exception &e)
{
    std::string s = e.what();
    const std::size_t bracket = s.find("] ");
    if (!s.empty() && s[0] == '[' && bracket != std::string::npos)
        s.erase(0, bracket + 2);
    return s;
}

// Parses JSON text, rejecting duplicate keys in any object (nlohmann keeps the last one
// silently, so two tensors of one name would go unnoticed) and nesting deeper than
// `maxDepth` (a safetensors header has 3 levels; the limit stops a hostile header early).
// `topLevelKeys` receives the keys of the outer object in file order. `what` names the
// text in messages ("header").
Json parseStrictJson(const char *begin, const char *end, const std::string &file, const std::string &what,
                     int maxDepth, std::vector<std::string> *topLevelKeys)
{
    std::vector<std::set<std::string>> keysOfOpenObjects;
    int depth = 0;
    auto callback = [&](int, Json::parse_event_t event, Json &parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
            keysOfOpenObjects.emplace_back();
            [[fallthrough]];
        case Json::parse_event_t::array_start:
            if (++depth > maxDepth)
                throw Error(file, "the " + what + " nests deeper than " + std::to_string(maxDepth) + " levels");
            break;
        case Json::parse_event_t::object_end:
            keysOfOpenObjects.pop_back();
            [[fallthrough]];
        case Json::parse_event_t::array_end:
            --depth;
            break;
        case Json::parse_event_t::key: {
            const auto &key = parsed.get_ref<const std::string &>();
            if (!keysOfOpenObjects.back().insert(key).second)
                throw Error(file, "the " + what + " has the duplicate key " + quoted(key));
            if (depth == 1 && topLevelKeys)
                topLevelKeys->push_back(key);
            break;
        }
        case Json::parse_event_t::value:
            break;
        }
        return true;
    };
    try {
        return Json::parse(begin, end, callback);
    } catch (const Json::exception &e) {
        // parse_error, and out_of_range for numbers such as 1e999.
        throw Error(file, "invalid JSON in the " + what + ": " + jsonReason(e));
    }
}

std::uint64_t byteSize(const std::string &file, const std::string &where, const std::vector<std::int64_t> &shape,
                       SafeDType dtype)
{
    std::uint64_t count = 1;
    for (std::int64_t dim : shape) {
        if (__builtin_mul_overflow(count, std::uint64_t(dim), &count))
            throw Error(file, where + ": the element count of shape " + shapeString(shape) + " overflows");
    }
    std::uint64_t bytes = 0;
    if (count > std::uint64_t(std::numeric_limits<std::int64_t>::max())
        || __builtin_mul_overflow(count, std::uint64_t(elementSize(dtype)), &bytes))
        throw Error(file, where + ": the byte size of shape " + shapeString(shape) + " overflows");
    return bytes;
}

SafeTensorInfo parseEntry(const std::string &file, const std::string &name, const Json &entry,
                          std::uint64_t dataSize)
{
    const std::string where = "tensor " + quoted(name);
    if (!entry.is_object())
        throw Error(file, where + ": the header entry is not an object");
    for (auto it = entry.begin(); it != entry.end(); ++it) {
        if (it.key() != "dtype" && it.key() != "shape" && it.key() != "data_offsets")
            throw Error(file, where + ": unexpected key " + quoted(it.key()) + " in the header entry");
    }
    for (const char *key : {"dtype", "shape", "data_offsets"}) {
        if (!entry.contains(key))
            throw Error(file, where + ": the header entry is missing \"" + key + "\"");
    }

    SafeTensorInfo info;
    info.name = name;

    const Json &dtype = entry.at("dtype");
    if (!dtype.is_string())
        throw Error(file, where + ": \"dtype\" is not a string");
    const auto parsedDType = dtypeFromString(dtype.get_ref<const std::string &>());
    if (!parsedDType)
        throw Error(file, where + ": unknown dtype " + quoted(dtype.get<std::string>()));
    info.dtype = *parsedDType;

    const Json &shape = entry.at("shape");
    if (!shape.is_array())
        throw Error(file, where + ": \"shape\" is not an array");
    for (const Json &dim : shape) {
        // nlohmann stores non-negative integers as unsigned and negative ones as signed.
        if (dim.is_number_integer() && !dim.is_number_unsigned() && dim.get<std::int64_t>() < 0)
            throw Error(file, where + ": negative dimension " + dim.dump() + " in \"shape\"");
        if (!dim.is_number_integer())
            throw Error(file, where + ": \"shape\" holds " + dim.dump() + ", not an integer");
        const std::uint64_t value = dim.is_number_unsigned() ? dim.get<std::uint64_t>() : 0; // "-0"
        if (value > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            throw Error(file, where + ": dimension " + dim.dump() + " in \"shape\" overflows a 64-bit size");
        info.shape.push_back(std::int64_t(value));
    }
    const std::uint64_t bytes = byteSize(file, where, info.shape, info.dtype);

    const Json &offsets = entry.at("data_offsets");
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned()
        || !offsets[1].is_number_unsigned())
        throw Error(file, where + ": \"data_offsets\" is " + offsets.dump().substr(0, 100)
                              + ", not two non-negative integers [begin, end]");
    info.begin = offsets[0].get<std::uint64_t>();
    info.end = offsets[1].get<std::uint64_t>();
    if (info.begin > info.end)
        throw Error(file, where + ": data_offsets " + offsetsString(info) + " end before they begin");
    if (info.end > dataSize)
        throw Error(file, where + ": data_offsets " + offsetsString(info) + " reach beyond the data section, which has "
                              + std::to_string(dataSize) + " bytes (is the file truncated?)");
    if (info.end - info.begin != bytes)
        throw Error(file, where + ": shape " + shapeString(info.shape) + " of dtype " + toString(info.dtype) + " takes "
                              + std::to_string(bytes) + " bytes, but data_offsets " + offsetsString(info) + " span "
                              + std::to_string(info.end - info.begin));
    return info;
}

// Tensors must tile the data section exactly, as the reference implementation demands:
// no overlaps (a hostile file could alias tensors), no gaps, nothing after the last one.
void checkLayout(const std::string &file, const std::vector<SafeTensorInfo> &tensors, std::uint64_t dataSize)
{
    std::vector<const SafeTensorInfo *> sorted;
    for (const SafeTensorInfo &info : tensors)
        sorted.push_back(&info);
    std::stable_sort(sorted.begin(), sorted.end(), [](const SafeTensorInfo *a, const SafeTensorInfo *b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    std::uint64_t expected = 0;
    const SafeTensorInfo *previous = nullptr;
    for (const SafeTensorInfo *info : sorted) {
        if (info->begin < expected) // implies previous != nullptr
            throw Error(file, "tensor " + quoted(info->name) + " (data_offsets " + offsetsString(*info)
                                  + ") overlaps tensor " + quoted(previous->name) + " (data_offsets "
                                  + offsetsString(*previous) + ")");
        if (info->begin > expected)
            throw Error(file, std::to_string(info->begin - expected) + " unused bytes in the data section "
                                  + (previous ? "between tensor " + quoted(previous->name) + " and tensor "
                                                : std::string("before tensor "))
                                  + quoted(info->name));
        expected = info->end;
        previous = info;
    }
    if (expected != dataSize)
        throw Error(file, std::to_string(dataSize - expected) + " unused bytes at the end of the data section"
                              + (previous ? " after tensor " + quoted(previous->name) : std::string()));
}

void parseMetadata(const std::string &file, const Json &entry, std::map<std::string, std::string> &metadata)
{
    if (entry.is_null()) // the reference implementation reads null as "no metadata"
        return;
    if (!entry.is_object())
        throw Error(file, "__metadata__ is not an object");
    for (auto it = entry.begin(); it != entry.end(); ++it) {
        if (!it.value().is_string())
            throw Error(file, "__metadata__ value of " + quoted(it.key()) + " is not a string");
        metadata.emplace(it.key(), it.value().get<std::string>());
    }
}

void writeAll(int fd, const void *data, std::size_t size, const std::string &file)
{
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        // Linux writes at most ~2 GB per call.
        const ssize_t n = ::write(fd, p, std::min<std::size_t>(size, std::size_t(1) << 30));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw Error(file, std::string("cannot write: ") + std::strerror(errno));
        }
        p += n;
        size -= std::size_t(n);
    }
}

// A temporary file next to the target; removed unless commit() renamed it over the target.
class TemporaryFile
{
public:
    explicit TemporaryFile(const fs::path &target)
        : m_target(target)
        , m_dir(target.has_parent_path() ? target.parent_path() : fs::path("."))
        , m_path(temporaryPath(m_dir, target.filename().string(), ""))
    {
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (m_fd < 0)
            throw Error(target.string(), std::string("cannot write: ") + std::strerror(errno));
    }
    ~TemporaryFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_committed)
            ::unlink(m_path.c_str());
    }
    TemporaryFile(const TemporaryFile &) = delete;
    TemporaryFile &operator=(const TemporaryFile &) = delete;

    int fd() const { return m_fd; }

    void commit()
    {
        const std::string file = m_target.string();
        if (::fsync(m_fd) != 0)
            throw Error(file, std::string("cannot write: fsync failed: ") + std::strerror(errno));
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0)
            throw Error(file, std::string("cannot write: ") + std::strerror(errno));
        std::error_code ec;
        fs::rename(m_path, m_target, ec);
        if (ec)
            throw Error(file, "cannot replace: " + ec.message());
        m_committed = true;
        syncPath(m_dir);
    }

private:
    fs::path m_target;
    fs::path m_dir;
    fs::path m_path;
    int m_fd = -1;
    bool m_committed = false;
};

std::string dumpString(const std::string &file, const std::string &text, const char *what)
{
    try {
        return Json(text).dump();
    } catch (const Json::exception &) {
        throw Error(file, std::string(what) + " " + quoted(text) + " is not valid UTF-8");
    }
}

bool endsWith(const std::string &s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// weight_map of a model.safetensors.index.json: tensor name -> shard file (relative).
std::map<std::string, std::string> readWeightMap(const fs::path &indexPath)
{
    const std::string file = indexPath.string();
    std::error_code ec;
    const auto size = fs::file_size(indexPath, ec);
    if (!ec && size > kMaxHeaderSize)
        throw Error(file, "the index is larger than 100 MB");
    const std::string text = readFile(indexPath);
    const Json index = parseStrictJson(text.data(), text.data() + text.size(), file, "index", 64, nullptr);
    if (!index.is_object())
        throw Error(file, "the index is not a JSON object");
    if (!index.contains("weight_map") || !index.at("weight_map").is_object())
        throw Error(file, "the index has no \"weight_map\" object");
    std::map<std::string, std::string> weightMap;
    for (const auto &[name, shard] : index.at("weight_map").items()) {
        if (!shard.is_string())
            throw Error(file, "the weight_map entry of tensor " + quoted(name) + " is not a file name");
        const fs::path shardPath(shard.get<std::string>());
        // Shards live in the index's folder; an index must not point elsewhere.
        bool outside = shardPath.empty() || shardPath.is_absolute();
        for (const fs::path &part : shardPath)
            outside = outside || part == "..";
        if (outside)
            throw Error(file, "the weight_map puts tensor " + quoted(name) + " in " + quoted(shard.get<std::string>())
                                  + ", which is not a file in the checkpoint folder");
        weightMap.emplace(name, shard.get<std::string>());
    }
    return weightMap;
}

} // namespace

std::string toString(SafeDType dtype)
{
    switch (dtype) {
    case SafeDType::BOOL: return "BOOL";
    case SafeDType::U8: return "U8";
    case SafeDType::I8: return "I8";
    case SafeDType::I16: return "I16";
    case SafeDType::U16: return "U16";
    case SafeDType::F16: return "F16";
    case SafeDType::BF16: return "BF16";
    case SafeDType::I32: return "I32";
    case SafeDType::U32: return "U32";
    case SafeDType::F32: return "F32";
    case SafeDType::F64: return "F64";
    case SafeDType::I64: return "I64";
    case SafeDType::U64: return "U64";
    case SafeDType::F8_E4M3: return "F8_E4M3";
    case SafeDType::F8_E5M2: return "F8_E5M2";
    }
    return "?";
}

std::size_t elementSize(SafeDType dtype)
{
    switch (dtype) {
    case SafeDType::BOOL:
    case SafeDType::U8:
    case SafeDType::I8:
    case SafeDType::F8_E4M3:
    case SafeDType::F8_E5M2: return 1;
    case SafeDType::I16:
    case SafeDType::U16:
    case SafeDType::F16:
    case SafeDType::BF16: return 2;
    case SafeDType::I32:
    case SafeDType::U32:
    case SafeDType::F32: return 4;
    case SafeDType::F64:
    case SafeDType::I64:
    case SafeDType::U64: return 8;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------
// SafeTensorsFile

SafeTensorsFile::SafeTensorsFile(const fs::path &path)
    : m_path(path)
{
    const std::string file = path.string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(file, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(file, "cannot open: not a regular file");
    }
    const auto size = std::uint64_t(st.st_size);
    if (size < 8) {
        ::close(fd);
        throw Error(file, "file too short for safetensors: " + std::to_string(size)
                              + " bytes, but the header length alone takes 8");
    }
    // The mapping stays valid after close(). Another process truncating the file while it
    // is mapped would make reads fault (SIGBUS); checkpoints are written by rename, so a
    // file we have open is never truncated by Fieldbench itself.
    void *map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    const int mapError = errno;
    ::close(fd);
    if (map == MAP_FAILED)
        throw Error(file, std::string("cannot map: ") + std::strerror(mapError));
    m_map = static_cast<const std::uint8_t *>(map);
    m_size = size;

    try {
        std::uint64_t headerSize = 0;
        std::memcpy(&headerSize, m_map, 8);
        if (headerSize > kMaxHeaderSize)
            throw Error(file, "header length " + std::to_string(headerSize)
                                  + " is larger than the 100 MB limit (not a safetensors file?)");
        if (headerSize > size - 8)
            throw Error(file, "header length " + std::to_string(headerSize) + " reaches beyond the end of the file ("
                                  + std::to_string(size) + " bytes; is it truncated?)");
        m_dataOffset = 8 + headerSize;
        const std::uint64_t dataSize = size - m_dataOffset;

        const char *text = reinterpret_cast<const char *>(m_map + 8);
        std::vector<std::string> order;
        const Json header = parseStrictJson(text, text + headerSize, file, "header", 3, &order);
        if (!header.is_object())
            throw Error(file, "the header is not a JSON object");
        for (const std::string &name : order) {
            if (name == "__metadata__")
                parseMetadata(file, header.at(name), m_metadata);
            else
                m_tensors.push_back(parseEntry(file, name, header.at(name), dataSize));
        }
        checkLayout(file, m_tensors, dataSize);
        for (std::size_t i = 0; i < m_tensors.size(); ++i)
            m_index.emplace(m_tensors[i].name, i);
    } catch (...) {
        ::munmap(const_cast<std::uint8_t *>(m_map), m_size);
        throw;
    }
}

SafeTensorsFile::~SafeTensorsFile()
{
    if (m_map)
        ::munmap(const_cast<std::uint8_t *>(m_map), m_size);
}

const SafeTensorInfo *SafeTensorsFile::find(const std::string &name) const
{
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

const std::uint8_t *SafeTensorsFile::data(const SafeTensorInfo &info) const
{
    return m_map + m_dataOffset + info.begin;
}

torch::Tensor SafeTensorsFile::tensor(const std::string &name) const
{
    const std::string file = m_path.string();
    const SafeTensorInfo *info = find(name);
    if (!info)
        throw Error(file, "no tensor named " + quoted(name));
    const auto type = torchType(info->dtype);
    if (!type)
        throw Error(file, "tensor " + quoted(name) + ": dtype " + toString(info->dtype)
                              + " has no LibTorch equivalent (LibTorch " TORCH_VERSION ")");
    try {
        torch::Tensor tensor = torch::empty(info->shape, torch::TensorOptions().dtype(*type));
        const std::size_t bytes = info->end - info->begin;
        if (bytes > 0) {
            auto *out = static_cast<std::uint8_t *>(tensor.data_ptr());
            std::memcpy(out, data(*info), bytes);
            // LibTorch assumes bools are 0 or 1; a file may hold any byte.
            if (info->dtype == SafeDType::BOOL) {
                for (std::size_t i = 0; i < bytes; ++i)
                    out[i] = out[i] != 0;
            }
        }
        return tensor;
    } catch (const c10::Error &e) {
        throw Error(file, "tensor " + quoted(name) + ": LibTorch cannot hold it: " + e.what_without_backtrace());
    }
}

// ---------------------------------------------------------------------------------------
// SafeTensorsCheckpoint

SafeTensorsCheckpoint::SafeTensorsCheckpoint(const fs::path &path)
{
    m_path = path;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        // transformers prefers the single file when both exist.
        if (fs::exists(path / "model.safetensors", ec))
            m_path = path / "model.safetensors";
        else if (fs::exists(path / "model.safetensors.index.json", ec))
            m_path = path / "model.safetensors.index.json";
        else
            throw Error(path.string(), "neither model.safetensors nor model.safetensors.index.json is in this folder");
    }

    if (!endsWith(m_path.filename().string(), ".index.json")) {
        m_files.push_back(std::make_unique<SafeTensorsFile>(m_path));
        for (const SafeTensorInfo &info : m_files.front()->tensors())
            m_where.emplace(info.name, 0);
        return;
    }

    // Sharded: the weight_map is authoritative; tensors a shard holds beyond it are not
    // part of the checkpoint. Shards open in name order, so "-00001-of-" comes first.
    const std::map<std::string, std::string> weightMap = readWeightMap(m_path);
    std::map<std::string, std::size_t> shardIndex;
    for (const auto &entry : weightMap)
        shardIndex.emplace(entry.second, 0);
    const fs::path dir = m_path.parent_path();
    for (auto &[shard, index] : shardIndex) {
        index = m_files.size();
        m_files.push_back(std::make_unique<SafeTensorsFile>(dir / shard));
    }
    for (const auto &[name, shard] : weightMap) {
        const std::size_t index = shardIndex.at(shard);
        if (!m_files[index]->contains(name))
            throw Error(m_path.string(), "the weight_map puts tensor " + quoted(name) + " in " + shard
                                             + ", but that file has no such tensor");
        m_where.emplace(name, index);
    }
}

std::vector<std::string> SafeTensorsCheckpoint::names() const
{
    std::vector<std::string> names;
    names.reserve(m_where.size());
    for (const auto &entry : m_where)
        names.push_back(entry.first);
    return names;
}

bool SafeTensorsCheckpoint::contains(const std::string &name) const
{
    return m_where.count(name) > 0;
}

const SafeTensorInfo &SafeTensorsCheckpoint::info(const std::string &name) const
{
    const auto it = m_where.find(name);
    if (it == m_where.end())
        throw Error(m_path.string(), "no tensor named " + quoted(name));
    return *m_files[it->second]->find(name);
}

torch::Tensor SafeTensorsCheckpoint::tensor(const std::string &name) const
{
    const auto it = m_where.find(name);
    if (it == m_where.end())
        throw Error(m_path.string(), "no tensor named " + quoted(name));
    return m_files[it->second]->tensor(name);
}

const std::map<std::string, std::string> &SafeTensorsCheckpoint::metadata() const
{
    static const std::map<std::string, std::string> none;
    return m_files.empty() ? none : m_files.front()->metadata();
}

// ---------------------------------------------------------------------------------------
// Writing

void saveSafeTensors(const fs::path &path, const std::vector<NamedTensor> &tensors,
                     const std::map<std::string, std::string> &metadata)
{
    const std::string file = path.string();

    // The header first, from shapes and dtypes alone: tensor data is copied to the CPU one
    // tensor at a time while writing, so a checkpoint on the GPU never sits in host memory
    // as a whole.
    std::string header = "{";
    if (!metadata.empty()) {
        header += "\"__metadata__\":{";
        bool first = true;
        for (const auto &[key, value] : metadata) {
            header += (first ? "" : ",") + dumpString(file, key, "metadata key") + ":"
                      + dumpString(file, value, "metadata value");
            first = false;
        }
        header += "}";
    }
    std::set<std::string> names;
    std::vector<std::uint64_t> sizes;
    std::uint64_t offset = 0;
    for (const NamedTensor &named : tensors) {
        const std::string where = "tensor " + quoted(named.name);
        if (named.name == "__metadata__")
            throw Error(file, "\"__metadata__\" is reserved and cannot name a tensor");
        if (!names.insert(named.name).second)
            throw Error(file, "duplicate tensor name " + quoted(named.name));
        if (!named.tensor.defined())
            throw Error(file, where + " is undefined");
        const auto dtype = safeType(named.tensor.scalar_type());
        if (!dtype)
            throw Error(file, where + ": dtype " + std::string(c10::toString(named.tensor.scalar_type()))
                                  + " cannot be stored in safetensors");
        const std::vector<std::int64_t> shape = named.tensor.sizes().vec();
        const std::uint64_t bytes = byteSize(file, where, shape, *dtype);
        header += (header.size() > 1 ? "," : "") + dumpString(file, named.name, "tensor name") + ":{\"dtype\":\""
                  + toString(*dtype) + "\",\"shape\":" + Json(shape).dump() + ",\"data_offsets\":["
                  + std::to_string(offset) + "," + std::to_string(offset + bytes) + "]}";
        sizes.push_back(bytes);
        offset += bytes;
    }
    header += "}";
    // As the reference implementation: spaces up to a multiple of 8, so that the data
    // section starts 8-byte aligned. (The reference also orders tensors by dtype size to
    // keep each one aligned; we keep the caller's order, and readers copy anyway.)
    header.append((8 - header.size() % 8) % 8, ' ');

    TemporaryFile out(path);
    const std::uint64_t headerSize = header.size();
    writeAll(out.fd(), &headerSize, 8, file);
    writeAll(out.fd(), header.data(), header.size(), file);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (sizes[i] == 0)
            continue;
        torch::Tensor cpu;
        try {
            cpu = tensors[i].tensor.detach();
            if (cpu.layout() != torch::kStrided)
                cpu = cpu.to_dense();
            cpu = cpu.to(torch::kCPU).resolve_conj().resolve_neg().contiguous();
        } catch (const c10::Error &e) {
            throw Error(file, "tensor " + quoted(tensors[i].name) + ": cannot copy it to the CPU: "
                                  + e.what_without_backtrace());
        }
        if (std::uint64_t(cpu.numel()) * cpu.element_size() != sizes[i])
            throw Error(file, "tensor " + quoted(tensors[i].name) + " changed while it was being written");
        writeAll(out.fd(), cpu.data_ptr(), sizes[i], file);
    }
    out.commit();
}

std::map<std::string, torch::Tensor> loadSafeTensors(const fs::path &path)
{
    const SafeTensorsCheckpoint checkpoint(path);
    std::map<std::string, torch::Tensor> tensors;
    for (const std::string &name : checkpoint.names())
        tensors.emplace(name, checkpoint.tensor(name));
    return tensors;
}

} // namespace fieldbench
