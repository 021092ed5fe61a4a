#include "fieldbench/train/distributed.h"

#include "fieldbench/util/error.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdlib>
#include <map>

// FIELDBENCH_HAVE_DISTRIBUTED (set by core/CMakeLists.txt for this file only): 1 = the
// LibTorch has c10d with Gloo; 2 = also NCCL (a CUDA LibTorch). Undefined: single process.
#if defined(FIELDBENCH_HAVE_DISTRIBUTED)
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if FIELDBENCH_HAVE_DISTRIBUTED >= 2
#ifndef USE_C10D_NCCL
#define USE_C10D_NCCL
#endif
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace fieldbench {

namespace {

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

int envInt(const char *name, int fallback)
{
    const std::string v = env(name);
    if (v.empty())
        return fallback;
    try {
        std::size_t used = 0;
        const int n = std::stoi(v, &used);
        if (used == v.size())
            return n;
    } catch (const std::exception &) {
    }
    throw Error(std::string("environment variable ") + name + "=\"" + v + "\" is not an integer");
}

bool isCuda(const std::string &device)
{
    return device.rfind("cuda", 0) == 0;
}

} // namespace

#if defined(FIELDBENCH_HAVE_DISTRIBUTED)

// LibTorch 2.x splits c10d's process group into a ProcessGroup and per-device Backends
// (ProcessGroupGloo/NCCL derive from Backend); 1.13's derive from ProcessGroup.
#if TORCH_VERSION_MAJOR >= 2
using GroupBase = c10d::Backend;
#else
using GroupBase = c10d::ProcessGroup;
#endif

struct DistributedContext::Impl
{
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<GroupBase> group;
    std::string backend;
    torch::Device device = torch::kCPU;
};

namespace {

// Runs a collective and waits for it, turning c10d's exceptions into a readable Error.
void wait(const c10::intrusive_ptr<c10d::Work> &work, const char *what)
{
    try {
        work->wait();
    } catch (const std::exception &e) {
        throw Error(std::string("distributed training: ") + what + " failed (another rank stopped, or the "
                    "connection was lost): " + e.what());
    }
}

} // namespace

DistributedContext::DistributedContext(const Options &options)
    : m_options(options)
{
    if (options.worldSize == 1)
        return;
    m_impl = std::make_unique<Impl>();
    const auto timeout = std::chrono::milliseconds(std::int64_t(options.timeoutSeconds * 1000));
    try {
        // Rank 0 serves the rendezvous store; the others connect to it.
        c10d::TCPStoreOptions storeOptions;
        storeOptions.port = std::uint16_t(options.masterPort);
        storeOptions.isServer = options.rank == 0 && !options.externalStore;
        storeOptions.numWorkers = options.worldSize;
        storeOptions.waitWorkers = true;
        storeOptions.timeout = timeout;
        auto tcp = c10::make_intrusive<c10d::TCPStore>(options.masterAddr, storeOptions);
        m_impl->store = c10::make_intrusive<c10d::PrefixStore>("fieldbench", tcp);
        if (isCuda(options.device)) {
#if FIELDBENCH_HAVE_DISTRIBUTED >= 2
            const torch::Device dev(options.device);
            const int index = dev.has_index() ? dev.index() : options.localRank;
            if (!torch::cuda::is_available() || index >= int(torch::cuda::device_count()))
                throw Error("distributed training on " + options.device + ": rank " + std::to_string(options.rank) +
                            " wants CUDA device " + std::to_string(index) + " but " +
                            std::to_string(torch::cuda::device_count()) + " are available");
            c10::cuda::set_device(c10::DeviceIndex(index));
            m_impl->device = torch::Device(torch::kCUDA, c10::DeviceIndex(index));
            auto ncclOptions = c10d::ProcessGroupNCCL::Options::create();
            ncclOptions->timeout = timeout;
            m_impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(m_impl->store, options.rank, options.worldSize,
                                                                        ncclOptions);
            m_impl->backend = "nccl";
#else
            throw Error("distributed training on CUDA needs a LibTorch with NCCL; this build has Gloo only "
                        "(use --device cpu, or build against the PyPI torch wheel)");
#endif
        } else {
            auto glooOptions = c10d::ProcessGroupGloo::Options::create(timeout);
            const std::string ifname = env("GLOO_SOCKET_IFNAME");
            if (!ifname.empty())
                glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
            else if (options.masterAddr == "127.0.0.1" || options.masterAddr == "localhost")
                glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
            else
                glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            m_impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(m_impl->store, options.rank, options.worldSize,
                                                                        glooOptions);
            m_impl->backend = "gloo";
        }
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        throw Error("distributed training: rank " + std::to_string(options.rank) + " of " +
                    std::to_string(options.worldSize) + " could not join the group at " + options.masterAddr + ":" +
                    std::to_string(options.masterPort) + " (" + e.what() + ")");
    }
}

bool DistributedContext::available()
{
    return true;
}

void DistributedContext::averageGradients(const std::vector<torch::Tensor> &params)
{
    if (!m_impl)
        return;
    torch::NoGradGuard noGrad;
    // Which parameters have a gradient on any rank: one small all-reduce, so that every
    // rank packs the same buckets even when some gradients exist on some ranks only.
    std::vector<const torch::Tensor *> trainable;
    for (const auto &p : params)
        if (p.requires_grad())
            trainable.push_back(&p);
    if (trainable.empty())
        return;
    torch::Tensor present = torch::zeros({std::int64_t(trainable.size())}, torch::kFloat32);
    {
        auto acc = present.accessor<float, 1>();
        for (std::size_t i = 0; i < trainable.size(); ++i)
            acc[std::int64_t(i)] = trainable[i]->grad().defined() ? 1.0f : 0.0f;
    }
    {
        std::vector<torch::Tensor> t{present.to(m_impl->device)};
        wait(m_impl->group->allreduce(t), "the gradient presence all-reduce");
        present = t[0].to(torch::kCPU);
    }
    auto presentAcc = present.accessor<float, 1>();

    // Buckets of same dtype and device, filled in parameter order, at most bucketBytes each
    // (a single larger gradient gets a bucket of its own).
    struct Bucket
    {
        std::vector<torch::Tensor> grads;
        std::size_t bytes = 0;
    };
    std::map<std::pair<int, std::string>, std::vector<Bucket>> buckets;
    for (std::size_t i = 0; i < trainable.size(); ++i) {
        if (presentAcc[std::int64_t(i)] == 0.0f)
            continue;
        torch::Tensor p = *trainable[i];
        if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
        const torch::Tensor &g = p.grad();
        auto &list = buckets[{int(g.scalar_type()), g.device().str()}];
        const std::size_t bytes = std::size_t(g.numel()) * g.element_size();
        if (list.empty() || (list.back().bytes > 0 && list.back().bytes + bytes > bucketBytes))
            list.emplace_back();
        list.back().grads.push_back(g);
        list.back().bytes += bytes;
    }
    const double scale = 1.0 / double(m_options.worldSize);
    for (auto &[key, list] : buckets) {
        // Launch every bucket of this kind, then wait and scatter back, so that packing and
        // unpacking overlap the communication of other buckets.
        std::vector<torch::Tensor> flats;
        std::vector<c10::intrusive_ptr<c10d::Work>> works;
        for (Bucket &b : list) {
            std::vector<torch::Tensor> flat{torch::cat([&] {
                std::vector<torch::Tensor> parts;
                for (const auto &g : b.grads)
                    parts.push_back(g.reshape({-1}));
                return parts;
            }())};
            works.push_back(m_impl->group->allreduce(flat));
            flats.push_back(flat[0]);
        }
        for (std::size_t k = 0; k < list.size(); ++k) {
            wait(works[k], "the gradient all-reduce");
            flats[k].mul_(scale);
            std::int64_t offset = 0;
            for (auto &g : list[k].grads) {
                g.copy_(flats[k].slice(0, offset, offset + g.numel()).view_as(g));
                offset += g.numel();
            }
        }
    }
}

void DistributedContext::broadcastParameters(const std::vector<torch::Tensor> &tensors, int root)
{
    if (!m_impl)
        return;
    if (root < 0 || root >= m_options.worldSize)
        throw Error("broadcast from rank " + std::to_string(root) + ": the group has ranks 0.." +
                    std::to_string(m_options.worldSize - 1));
    torch::NoGradGuard noGrad;
    std::map<std::pair<int, std::string>, std::vector<torch::Tensor>> groups;
    for (const auto &t : tensors)
        if (t.defined() && t.numel() > 0)
            groups[{int(t.scalar_type()), t.device().str()}].push_back(t);
    for (auto &[key, list] : groups) {
        std::size_t start = 0;
        while (start < list.size()) {
            std::size_t end = start, bytes = 0;
            std::vector<torch::Tensor> parts;
            while (end < list.size() && (parts.empty() || bytes + list[end].numel() * list[end].element_size() <= bucketBytes)) {
                bytes += std::size_t(list[end].numel()) * list[end].element_size();
                parts.push_back(list[end].reshape({-1}));
                ++end;
            }
            std::vector<torch::Tensor> flat{torch::cat(parts).to(m_impl->device)};
            c10d::BroadcastOptions opts;
            opts.rootRank = root;
            wait(m_impl->group->broadcast(flat, opts), "the parameter broadcast");
            std::int64_t offset = 0;
            for (std::size_t i = start; i < end; ++i) {
                list[i].copy_(flat[0].slice(0, offset, offset + list[i].numel()).view_as(list[i]));
                offset += list[i].numel();
            }
            start = end;
        }
    }
}

std::vector<double> DistributedContext::allReduceSum(std::vector<double> values)
{
    if (!m_impl || values.empty())
        return values;
    torch::Tensor t = torch::from_blob(values.data(), {std::int64_t(values.size())}, torch::kFloat64).clone();
    std::vector<torch::Tensor> ts{t.to(m_impl->device)};
    wait(m_impl->group->allreduce(ts), "the metrics all-reduce");
    const torch::Tensor out = ts[0].to(torch::kCPU).contiguous();
    std::copy(out.data_ptr<double>(), out.data_ptr<double>() + values.size(), values.begin());
    return values;
}

void DistributedContext::barrier()
{
    if (!m_impl)
        return;
    wait(m_impl->group->barrier(), "the barrier");
}

#else // no c10d in this LibTorch

struct DistributedContext::Impl
{
};

DistributedContext::DistributedContext(const Options &options)
    : m_options(options)
{
    if (options.worldSize != 1)
        throw Error("this Fieldbench was built without distributed training (its LibTorch has no c10d/Gloo); "
                    "run a single process (WORLD_SIZE=1) or build against the PyPI torch wheel");
}

bool DistributedContext::available()
{
    return false;
}

void DistributedContext::averageGradients(const std::vector<torch::Tensor> &) {}
void DistributedContext::broadcastParameters(const std::vector<torch::Tensor> &, int) {}
std::vector<double> DistributedContext::allReduceSum(std::vector<double> values)
{
    return values;
}
void DistributedContext::barrier() {}

#endif

DistributedContext::~DistributedContext() = default;

std::string DistributedContext::backend() const
{
    return m_impl ? (isCuda(m_options.device) ? "nccl" : "gloo") : "none";
}

std::unique_ptr<DistributedContext> DistributedContext::create(const Options &o)
{
    if (o.worldSize < 1)
        throw Error("distributed training: the world size must be at least 1 (got " + std::to_string(o.worldSize) + ")");
    if (o.rank < 0 || o.rank >= o.worldSize)
        throw Error("distributed training: rank " + std::to_string(o.rank) + " is outside 0.." +
                    std::to_string(o.worldSize - 1));
    if (o.localRank < 0)
        throw Error("distributed training: the local rank must not be negative");
    if (o.worldSize > 1 && (o.masterPort < 1 || o.masterPort > 65535))
        throw Error("distributed training: MASTER_PORT " + std::to_string(o.masterPort) + " is not a TCP port");
    if (o.worldSize > 1 && o.masterAddr.empty())
        throw Error("distributed training: MASTER_ADDR is empty");
    if (!(o.timeoutSeconds > 0))
        throw Error("distributed training: the timeout must be positive");
    if (o.device != "cpu" && !isCuda(o.device))
        throw Error("distributed training: device \"" + o.device + "\" is neither cpu nor cuda[:N]");
    return std::unique_ptr<DistributedContext>(new DistributedContext(o));
}

std::unique_ptr<DistributedContext> DistributedContext::fromEnvironment(const std::string &device)
{
    Options o;
    o.device = device;
    const bool torchrun = !env("WORLD_SIZE").empty();
    const bool slurm = !torchrun && !env("SLURM_NTASKS").empty();
    if (torchrun) {
        o.worldSize = envInt("WORLD_SIZE", 1);
        o.rank = envInt("RANK", 0);
        o.localRank = envInt("LOCAL_RANK", 0);
        o.externalStore = env("TORCHELASTIC_USE_AGENT_STORE") == "True";
    } else if (slurm) {
        o.worldSize = envInt("SLURM_NTASKS", 1);
        o.rank = envInt("SLURM_PROCID", 0);
        o.localRank = envInt("SLURM_LOCALID", 0);
    }
    if (o.worldSize > 1) {
        const std::string from = torchrun ? "torchrun (WORLD_SIZE)" : "Slurm (SLURM_NTASKS)";
        if (env("MASTER_ADDR").empty() || env("MASTER_PORT").empty())
            throw Error("distributed training: " + from + " asks for " + std::to_string(o.worldSize) +
                        " processes but MASTER_ADDR and MASTER_PORT are not both set (the host and a free TCP "
                        "port of rank 0)");
        o.masterAddr = env("MASTER_ADDR");
        o.masterPort = envInt("MASTER_PORT", 0);
    }
    const std::string timeout = env("FIELDBENCH_DIST_TIMEOUT");
    if (!timeout.empty()) {
        try {
            o.timeoutSeconds = std::stod(timeout);
        } catch (const std::exception &) {
            throw Error("environment variable FIELDBENCH_DIST_TIMEOUT=\"" + timeout + "\" is not a number of seconds");
        }
    }
    return create(o);
}

} // namespace fieldbench
