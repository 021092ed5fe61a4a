// The executable starts with LibTorch and SentencePiece both loaded (the protobuf symbol
// clash of Debian's libtorch segfaults before main(); PITFALLS.md), and torch works.

#include "fieldbench/util/runtime.h"

#include <sentencepiece_processor.h>
#include <torch/torch.h>

#include <QtTest>

class TestRuntime : public QObject
{
    Q_OBJECT

private slots:
    void torchAndSentencePieceLoadTogether()
    {
        fieldbench::initialiseRuntime(2);
        QCOMPARE(torch::get_num_threads(), 2);
        const torch::Tensor a = torch::ones({4, 4});
        QCOMPARE(a.matmul(a).sum().item<float>(), 64.0f);
        sentencepiece::SentencePieceProcessor sp;
        const auto status = sp.Load("/nonexistent.model");
        QVERIFY(!status.ok()); // the library answers instead of crashing
        const std::string report = fieldbench::runtimeReport();
        QVERIFY(report.find("LibTorch") != std::string::npos);
        QVERIFY(report.find("CUDA") != std::string::npos);
    }

    void cudaWhenPresent()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        const torch::Tensor a = torch::ones({128, 128}, torch::kCUDA);
        QCOMPARE(a.matmul(a).sum().item<float>(), 128.0f * 128 * 128);
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "test_runtime.moc"
