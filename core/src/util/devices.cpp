#include "fieldbench/util/devices.h"

#include <torch/cuda.h>

#include <algorithm>
#include <thread>

namespace fieldbench {

std::vector<ComputeDevice> computeDevices()
{
    std::vector<ComputeDevice> devices;
    devices.push_back({"cpu", "CPU (" + std::to_string(std::max(1u, std::thread::hardware_concurrency())) + " threads)"});
    if (torch::cuda::is_available()) {
        const auto n = torch::cuda::device_count();
        for (std::size_t i = 0; i < std::size_t(n); ++i)
            devices.push_back({"cuda:" + std::to_string(i), "CUDA device " + std::to_string(i)});
    }
    return devices;
}

} // namespace fieldbench
