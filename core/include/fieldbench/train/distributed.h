#pragma once

// Data-parallel training over PyTorch's own c10d process groups: Gloo for CPU tensors,
// NCCL for CUDA tensors. Processes are started by `torchrun --no-python` or Slurm `srun`
// and find each other through the usual environment variables; there is no home-made
// communication layer. Every rank runs the same steps on its own shard of the data;
// after backward, averageGradients() makes all ranks hold the same (averaged) gradients,
// so the optimizers stay in lock step.
//
// Threads: a context is used from one thread (the training thread); its collectives
// block until every rank has called them, in the same order on every rank.
// Failures (a rank that never arrives, a lost connection) throw fieldbench::Error.

#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace fieldbench {

class DistributedContext
{
public:
    // Reads the torchrun variables RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT,
    // or Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID (with MASTER_ADDR / MASTER_PORT).
    // Under torchrun (TORCHELASTIC_USE_AGENT_STORE=True) the agent serves the store.
    // World size 1 or no variables: a single-process context whose collectives do nothing.
    // device "cpu" uses Gloo, "cuda" / "cuda:N" NCCL (the rank's GPU is LOCAL_RANK unless
    // N is given). Optional: FIELDBENCH_DIST_TIMEOUT (seconds a collective may wait,
    // default 1800), GLOO_SOCKET_IFNAME (the network interface Gloo uses).
    // Throws Error for missing/invalid variables, a LibTorch built without distributed
    // training ("built without distributed training"), or ranks that do not meet in time.
    static std::unique_ptr<DistributedContext> fromEnvironment(const std::string &device = "cpu");

    // Explicit form of the above (tests, other launchers).
    struct Options
    {
        int rank = 0;                         // this process, 0 .. worldSize-1
        int worldSize = 1;                    // processes in the group; 1 = single process
        int localRank = 0;                    // rank on this machine (picks the GPU)
        std::string masterAddr = "127.0.0.1"; // host of rank 0's rendezvous store
        int masterPort = 29500;               // TCP port of the rendezvous store
        std::string device = "cpu";           // "cpu" (Gloo) or "cuda[:N]" (NCCL)
        double timeoutSeconds = 1800;         // how long a collective may wait for the others
        bool externalStore = false;           // the launcher (torchrun's agent) already serves the
                                              // rendezvous store at masterPort: rank 0 connects too
    };
    static std::unique_ptr<DistributedContext> create(const Options &options);

    // True when this build can run more than one process (c10d with Gloo was found).
    static bool available();

    ~DistributedContext();
    DistributedContext(const DistributedContext &) = delete;
    DistributedContext &operator=(const DistributedContext &) = delete;

    int rank() const { return m_options.rank; }
    int worldSize() const { return m_options.worldSize; }
    int localRank() const { return m_options.localRank; }
    bool isMain() const { return m_options.rank == 0; }
    // "gloo", "nccl" or "none" (single process).
    std::string backend() const;

    // Sums the .grad() of `params` over all ranks and divides by the world size, in flat
    // buckets of at most bucketBytes (one all-reduce each). Parameters that do not require
    // grad are skipped; a parameter whose gradient is undefined on every rank stays
    // undefined; one that has a gradient on some ranks only (e.g. LayerDrop) counts as
    // zero on the others. Every rank must pass the same parameters in the same order.
    void averageGradients(const std::vector<torch::Tensor> &params);
    // Copies `tensors` of rank `root` into every rank's tensors (in place, bucketed).
    void broadcastParameters(const std::vector<torch::Tensor> &tensors, int root = 0);
    // Element-wise sum over ranks (metrics: loss sums, frame counts...), in float64.
    std::vector<double> allReduceSum(std::vector<double> values);
    // Returns when every rank has called it.
    void barrier();

    std::size_t bucketBytes = std::size_t(25) << 20; // flat all-reduce bucket size (25 MiB)

private:
    struct Impl;
    explicit DistributedContext(const Options &options);

    Options m_options;
    std::unique_ptr<Impl> m_impl; // null for a single process
};

} // namespace fieldbench
