#include "fieldbench/util/runtime.h"

#include "fieldbench/util/error.h"

#include <ATen/autocast_mode.h>

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

AutocastGuard::AutocastGuard(bool cuda, bool enabled)
    : m_cuda(cuda)
    , m_enabled(enabled)
{
    if (!m_enabled)
        return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    const at::DeviceType type = cuda ? at::kCUDA : at::kCPU;
    m_previous = at::autocast::is_autocast_enabled(type);
    at::autocast::set_autocast_enabled(type, true);
    at::autocast::set_autocast_dtype(type, at::kBFloat16);
#else
    if (cuda) {
        m_previous = at::autocast::is_enabled();
        at::autocast::set_enabled(true);
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    } else {
        // LibTorch 1.13's CPU autocast misses ops wav2vec2 uses (a bf16 forward fails
        // with "expected scalar type BFloat16 but found Float").
        throw Error("bf16 autocast on the CPU needs LibTorch 2.4 or newer (this build has " +
                    std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) +
                    "); use fp32");
    }
#endif
    at::autocast::increment_nesting();
}

AutocastGuard::~AutocastGuard()
{
    if (!m_enabled)
        return;
    // Cached bf16 copies of weights are dropped when the outermost scope ends.
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(m_cuda ? at::kCUDA : at::kCPU, m_previous);
#else
    if (m_cuda)
        at::autocast::set_enabled(m_previous);
    else
        at::autocast::set_cpu_enabled(m_previous);
#endif
}

AutocastSuspend::AutocastSuspend()
{
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    m_cpu = at::autocast::is_autocast_enabled(at::kCPU);
    m_cuda = at::autocast::is_autocast_enabled(at::kCUDA);
    at::autocast::set_autocast_enabled(at::kCPU, false);
    at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
    m_cpu = at::autocast::is_cpu_enabled();
    m_cuda = at::autocast::is_enabled();
    at::autocast::set_cpu_enabled(false);
    at::autocast::set_enabled(false);
#endif
}

AutocastSuspend::~AutocastSuspend()
{
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCPU, m_cpu);
    at::autocast::set_autocast_enabled(at::kCUDA, m_cuda);
#else
    at::autocast::set_cpu_enabled(m_cpu);
    at::autocast::set_enabled(m_cuda);
#endif
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
