#pragma once

#include <string>

namespace fieldbench {

// Process-wide start-up for every executable: torch intra-op threads (0 = all cores), and
// glibc malloc settings that keep large freed buffers for reuse (PITFALLS.md). Idempotent.
void initialiseRuntime(int threads = 0);

// One line per fact: Fieldbench and LibTorch versions, CUDA availability and devices,
// thread count, optional features built in.
std::string runtimeReport();

} // namespace fieldbench
