#pragma once

#include <string>

namespace fieldbench {

// Process-wide start-up for every executable: torch intra-op threads (0 = all cores), and
// glibc malloc settings that keep large freed buffers for reuse (PITFALLS.md). Idempotent.
void initialiseRuntime(int threads = 0);

// Mixed precision for a scope: bf16 autocast on CUDA (or, where measured to help, on the
// CPU) while it lives; restores the previous state when destroyed. Matmuls and convolutions
// run in bf16; the model keeps the quantizer softmax, cosine logits and CTC in float32.
// Wraps the one LibTorch API that differs between LibTorch 1.13 and 2.x. Throws Error for
// CPU autocast on LibTorch older than 2.4, whose CPU autocast lacks ops wav2vec2 needs.
class AutocastGuard
{
public:
    AutocastGuard(bool cuda, bool enabled);
    ~AutocastGuard();
    AutocastGuard(const AutocastGuard &) = delete;
    AutocastGuard &operator=(const AutocastGuard &) = delete;

private:
    bool m_cuda;
    bool m_enabled;
    bool m_previous = false;
};

// Turns autocast off (CPU and CUDA) for a scope inside an AutocastGuard, e.g. for the
// quantizer's code logits, whose argmax decides the training targets.
class AutocastSuspend
{
public:
    AutocastSuspend();
    ~AutocastSuspend();
    AutocastSuspend(const AutocastSuspend &) = delete;
    AutocastSuspend &operator=(const AutocastSuspend &) = delete;

private:
    bool m_cpu = false;
    bool m_cuda = false;
};

// One line per fact: Fieldbench and LibTorch versions, CUDA availability and devices,
// thread count, optional features built in.
std::string runtimeReport();

} // namespace fieldbench
