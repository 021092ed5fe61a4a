#include "fieldbench/util/runtime.h"

#include <malloc.h>

#include <mutex>
#include <sstream>
#include <thread>

namespace fieldbench {

void initialiseRuntime(int threads)
{
    static std::once_flag mallocOnce;
    std::call_once(mallocOnce, [] {
        // Keep freed large buffers mapped for reuse instead of unmapping and faulting them
        // in again every training step (page faults are very expensive on these VMs, see
        // PITFALLS.md): raise the mmap threshold to 1 GiB and never trim the heap top.
        mallopt(M_MMAP_THRESHOLD, 1 << 30);
        mallopt(M_TRIM_THRESHOLD, -1);
        mallopt(M_TOP_PAD, 64 << 20);
    });
    const int n = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(n);
}

std::string runtimeReport()
{
    std::ostringstream out;
    out << "Fieldbench " << FIELDBENCH_VERSION << "\n";
    out << "LibTorch " << TORCH_VERSION_MAJOR << "." << TORCH_VERSION_MINOR << "." << TORCH_VERSION_PATCH << "\n";
    out << "intra-op threads: " << torch::get_num_threads() << "\n";
    const bool cuda = torch::cuda::is_available();
    out << "CUDA: " << (cuda ? "available, " + std::to_string(torch::cuda::device_count()) + " device(s)"
                             : std::string("not available (running on CPU)"))
        << "\n";
    return out.str();
}

} // namespace fieldbench
