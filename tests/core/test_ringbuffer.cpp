// SpscRingBuffer: FIFO order across wrap-around, capacity limits, and a producer and a
// consumer thread exchanging a long numbered sequence without loss or reordering.

#include "fieldbench/audio/ringbuffer.h"

#include <QtTest>

#include <random>
#include <thread>
#include <vector>

using namespace fieldbench;

class TestRingBuffer : public QObject
{
    Q_OBJECT

private slots:
    void capacityIsPowerOfTwo_data()
    {
        QTest::addColumn<int>("requested");
        QTest::addColumn<int>("expected");
        QTest::newRow("1") << 1 << 2;
        QTest::newRow("2") << 2 << 2;
        QTest::newRow("3") << 3 << 4;
        QTest::newRow("1000") << 1000 << 1024;
        QTest::newRow("1024") << 1024 << 1024;
        QTest::newRow("48000") << 48000 << 65536;
    }
    void capacityIsPowerOfTwo()
    {
        QFETCH(int, requested);
        QFETCH(int, expected);
        SpscRingBuffer ring{std::size_t(requested)};
        QCOMPARE(int(ring.capacity()), expected);
    }

    void fifoAcrossWrap_data()
    {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("pushChunk");
        QTest::addColumn<int>("popChunk");
        QTest::newRow("small chunks") << 16 << 3 << 5;
        QTest::newRow("pop larger than push") << 16 << 7 << 16;
        QTest::newRow("exact capacity") << 8 << 8 << 8;
        QTest::newRow("odd sizes") << 64 << 37 << 11;
    }
    void fifoAcrossWrap()
    {
        QFETCH(int, capacity);
        QFETCH(int, pushChunk);
        QFETCH(int, popChunk);
        SpscRingBuffer ring{std::size_t(capacity)};
        float next = 0, expect = 0;
        std::vector<float> in(static_cast<std::size_t>(pushChunk)), out(static_cast<std::size_t>(popChunk));
        for (int round = 0; round < 200; ++round) {
            for (float &x : in)
                x = next++;
            const std::size_t pushed = ring.push(in.data(), in.size());
            next -= float(in.size() - pushed); // what did not fit is pushed again next round
            QVERIFY(ring.available() <= ring.capacity());
            const std::size_t popped = ring.pop(out.data(), out.size());
            for (std::size_t i = 0; i < popped; ++i)
                QCOMPARE(out[i], expect++);
        }
        QVERIFY(expect > 4.0f * float(capacity)); // the ring wrapped several times
        QCOMPARE(ring.totalPushed() - ring.totalPopped(), std::uint64_t(ring.available()));
    }

    void fullRingDropsTheRest()
    {
        SpscRingBuffer ring(8);
        std::vector<float> in(20, 1.0f);
        QCOMPARE(ring.push(in.data(), in.size()), std::size_t(8));
        QCOMPARE(ring.push(in.data(), 1), std::size_t(0));
        std::vector<float> out(3);
        QCOMPARE(ring.pop(out.data(), 3), std::size_t(3));
        QCOMPARE(ring.push(in.data(), in.size()), std::size_t(3));
        QCOMPARE(ring.available(), std::size_t(8));
    }

    void emptyRingPopsNothing()
    {
        SpscRingBuffer ring(8);
        float x = -1;
        QCOMPARE(ring.pop(&x, 1), std::size_t(0));
        QCOMPARE(x, -1.0f);
    }

    void twoThreadsKeepOrder()
    {
        // Floats represent integers exactly up to 2^24.
        constexpr std::uint32_t kTotal = 1u << 22;
        SpscRingBuffer ring(1024);
        std::thread producer([&ring] {
            std::mt19937 rng(1);
            std::vector<float> block(300);
            std::uint32_t next = 0;
            while (next < kTotal) {
                const std::uint32_t n = std::min<std::uint32_t>(1 + rng() % 300, kTotal - next);
                for (std::uint32_t i = 0; i < n; ++i)
                    block[i] = float(next + i);
                std::uint32_t done = 0;
                while (done < n) {
                    done += std::uint32_t(ring.push(block.data() + done, n - done));
                    if (done < n)
                        std::this_thread::yield();
                }
                next += n;
            }
        });
        std::mt19937 rng(2);
        std::vector<float> out(500);
        std::uint32_t expect = 0;
        bool ordered = true;
        while (expect < kTotal) {
            const std::size_t n = ring.pop(out.data(), 1 + rng() % 500);
            for (std::size_t i = 0; i < n; ++i)
                ordered = ordered && out[i] == float(expect++);
            if (n == 0)
                std::this_thread::yield();
        }
        producer.join();
        QVERIFY(ordered);
        QCOMPARE(ring.totalPushed(), std::uint64_t(kTotal));
        QCOMPARE(ring.available(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestRingBuffer)
#include "test_ringbuffer.moc"
