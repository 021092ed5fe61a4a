#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace fieldbench {

// Lock-free single-producer single-consumer ring of float samples.
//
// One thread (the producer: an audio callback) calls push(); one other thread (the
// consumer: the disk writer) calls pop(). Neither ever blocks, allocates or takes a lock,
// so push() is safe on a real-time audio thread. The indices count every sample ever
// pushed/popped (64 bits, never wrap in practice); the storage position is index & mask.
// Capacity is rounded up to a power of two.
class SpscRingBuffer
{
public:
    explicit SpscRingBuffer(std::size_t minCapacity)
    {
        std::size_t cap = 1;
        while (cap < std::max<std::size_t>(minCapacity, 2))
            cap <<= 1;
        m_capacity = cap;
        m_mask = cap - 1;
        m_data = std::make_unique<float[]>(cap);
    }
    SpscRingBuffer(const SpscRingBuffer &) = delete;
    SpscRingBuffer &operator=(const SpscRingBuffer &) = delete;

    std::size_t capacity() const { return m_capacity; }

    // Producer thread only. Copies as many of `n` samples as fit; returns how many did
    // (the rest is dropped by the caller and counted as an overrun).
    std::size_t push(const float *samples, std::size_t n)
    {
        const std::uint64_t w = m_write.load(std::memory_order_relaxed);
        const std::uint64_t r = m_read.load(std::memory_order_acquire);
        const std::size_t space = m_capacity - std::size_t(w - r);
        n = std::min(n, space);
        const std::size_t pos = std::size_t(w) & m_mask;
        const std::size_t first = std::min(n, m_capacity - pos);
        std::copy_n(samples, first, m_data.get() + pos);
        std::copy_n(samples + first, n - first, m_data.get());
        m_write.store(w + n, std::memory_order_release);
        return n;
    }

    // Consumer thread only. Copies up to `n` samples out; returns how many.
    std::size_t pop(float *out, std::size_t n)
    {
        const std::uint64_t r = m_read.load(std::memory_order_relaxed);
        const std::uint64_t w = m_write.load(std::memory_order_acquire);
        n = std::min<std::size_t>(n, std::size_t(w - r));
        const std::size_t pos = std::size_t(r) & m_mask;
        const std::size_t first = std::min(n, m_capacity - pos);
        std::copy_n(m_data.get() + pos, first, out);
        std::copy_n(m_data.get(), n - first, out + first);
        m_read.store(r + n, std::memory_order_release);
        return n;
    }

    // Samples waiting to be popped (exact on the consumer thread, a snapshot elsewhere).
    std::size_t available() const
    {
        return std::size_t(m_write.load(std::memory_order_acquire) - m_read.load(std::memory_order_acquire));
    }
    // Samples ever pushed / popped; any thread.
    std::uint64_t totalPushed() const { return m_write.load(std::memory_order_acquire); }
    std::uint64_t totalPopped() const { return m_read.load(std::memory_order_acquire); }

private:
    std::unique_ptr<float[]> m_data;
    std::size_t m_capacity = 0;
    std::size_t m_mask = 0;
    alignas(64) std::atomic<std::uint64_t> m_write{0}; // written by the producer only
    alignas(64) std::atomic<std::uint64_t> m_read{0};  // written by the consumer only
};

} // namespace fieldbench
