#pragma once

// The devices a job can run on, for choosers in the GUI and the CLI. No torch in this header.

#include <string>
#include <vector>

namespace fieldbench {

// "cpu" first, then "cuda:0", "cuda:1"... when this build has CUDA and the machine has GPUs.
// `description` is for people: "CPU (16 threads)", "CUDA device 0".
struct ComputeDevice
{
    std::string id;
    std::string description;
};
std::vector<ComputeDevice> computeDevices();

} // namespace fieldbench
