#pragma once

// safetensors (https://github.com/huggingface/safetensors) reading and writing. Never
// pickles. Reads are memory-mapped; every header is validated before any tensor is
// touched, so a malformed or hostile file is an Error with a reason, never a crash or an
// out-of-bounds read.

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

// The dtypes the format defines (names as in the header's "dtype" field).
enum class SafeDType { BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E4M3, F8_E5M2 };

std::string toString(SafeDType dtype);
std::size_t elementSize(SafeDType dtype);

struct SafeTensorInfo
{
    std::string name;
    SafeDType dtype = SafeDType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0; // byte offsets into the data section (after the header)
    std::uint64_t end = 0;
};

// One .safetensors file, memory-mapped read-only. Thread-safe for concurrent reads.
class SafeTensorsFile
{
public:
    // Throws Error("<file>: <reason>") for: short file, header length beyond the file or
    // above 100 MB, invalid JSON, non-object entries, unknown dtype, negative or
    // overflowing shapes, offsets outside the data section, overlapping or gapped tensors,
    // shape x dtype size != byte length.
    explicit SafeTensorsFile(const std::filesystem::path &path);
    ~SafeTensorsFile();
    SafeTensorsFile(const SafeTensorsFile &) = delete;
    SafeTensorsFile &operator=(const SafeTensorsFile &) = delete;

    const std::filesystem::path &path() const { return m_path; }
    const std::map<std::string, std::string> &metadata() const { return m_metadata; }
    const std::vector<SafeTensorInfo> &tensors() const { return m_tensors; } // file order
    const SafeTensorInfo *find(const std::string &name) const;
    bool contains(const std::string &name) const { return find(name) != nullptr; }

    // A CPU tensor with the stored dtype and shape, copied out of the mapping (owns its
    // memory). Throws Error for an unknown name or a dtype LibTorch cannot represent
    // (unsigned 16/32/64-bit, FP8 on old LibTorch).
    torch::Tensor tensor(const std::string &name) const;
    // Raw little-endian bytes of a tensor, pointing into the mapping (valid while this
    // object lives).
    const std::uint8_t *data(const SafeTensorInfo &info) const;

private:
    std::filesystem::path m_path;
    std::map<std::string, std::string> m_metadata;
    std::vector<SafeTensorInfo> m_tensors;
    std::map<std::string, std::size_t> m_index;
    const std::uint8_t *m_map = nullptr; // whole file, mmap'd
    std::size_t m_size = 0;
    std::size_t m_dataOffset = 0;        // 8 + header length
};

// A checkpoint folder or file: a single model.safetensors, or a sharded checkpoint
// described by model.safetensors.index.json ({"weight_map": {name: shard file}}).
class SafeTensorsCheckpoint
{
public:
    // `path`: a .safetensors file, an .index.json file, or a folder containing
    // model.safetensors or model.safetensors.index.json. Throws Error.
    explicit SafeTensorsCheckpoint(const std::filesystem::path &path);

    std::vector<std::string> names() const; // sorted
    bool contains(const std::string &name) const;
    torch::Tensor tensor(const std::string &name) const;
    const SafeTensorInfo &info(const std::string &name) const;
    // Metadata of the first shard (HF writes the same {"format": "pt"} in each).
    const std::map<std::string, std::string> &metadata() const;

private:
    std::filesystem::path m_path; // the file or index read (named in errors)
    std::vector<std::unique_ptr<SafeTensorsFile>> m_files;
    std::map<std::string, std::size_t> m_where; // name -> index into m_files
};

struct NamedTensor
{
    std::string name;
    torch::Tensor tensor; // any device/layout; written contiguous, little-endian, on CPU
};

// Writes a .safetensors file (tensors in the given order, 8-byte aligned header padded
// with spaces as the reference implementation does), to a temporary name, fsynced, then
// renamed over `path`. Throws Error for duplicate names or unsupported dtypes.
void saveSafeTensors(const std::filesystem::path &path, const std::vector<NamedTensor> &tensors,
                     const std::map<std::string, std::string> &metadata = {});

// Loads every tensor of a file or checkpoint folder into a name -> tensor map.
std::map<std::string, torch::Tensor> loadSafeTensors(const std::filesystem::path &path);

} // namespace fieldbench
