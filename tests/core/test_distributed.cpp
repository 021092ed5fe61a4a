// Data-parallel training over c10d: two CPU processes over loopback (Gloo) end with the same
// parameters as one process that trains on the combined batch; the environment conventions
// (torchrun, Slurm) and the single-process context.
//
// The ranks are this test binary itself, re-executed with FIELDBENCH_DIST_WORKER set (see
// main() at the bottom): a worker trains a few steps and writes its final parameters and
// per-step global losses to a safetensors file that the test compares.

#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/train/distributed.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

constexpr int kGlobalBatch = 4; // utterances per step over all ranks

// ----------------------------------------------------------------------------------------
// Worker (one rank, or the single-process reference)

// A small MLP with a frozen layer (never all-reduced) and a parameter that only the first
// half of the global batch uses, so that one rank has its gradient and the other does not.
struct Mlp : torch::nn::Module
{
    Mlp()
    {
        frozen = register_module("frozen", torch::nn::Linear(8, 16));
        hidden = register_module("hidden", torch::nn::Linear(16, 32));
        out = register_module("out", torch::nn::Linear(32, 3));
        aux = register_parameter("aux", torch::randn({32}) * 0.1);
        for (auto &p : frozen->parameters())
            p.set_requires_grad(false);
    }
    // x [N, 8] -> per-row loss [N]; rows with firstHalf set also use `aux`.
    torch::Tensor rowLoss(const torch::Tensor &x, const torch::Tensor &y, const std::vector<bool> &firstHalf)
    {
        const torch::Tensor h = torch::tanh(hidden(torch::relu(frozen(x))));
        torch::Tensor loss = torch::nn::functional::cross_entropy(
            out(h), y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
        std::vector<torch::Tensor> rows;
        for (std::int64_t i = 0; i < x.size(0); ++i)
            rows.push_back(firstHalf[std::size_t(i)] ? loss[i] + 0.1 * (h[i] * aux).sum().pow(2) : loss[i]);
        return torch::stack(rows);
    }
    torch::nn::Linear frozen{nullptr}, hidden{nullptr}, out{nullptr};
    torch::Tensor aux;
};

Wav2Vec2Config tinyCtcConfig()
{
    Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
    c.hiddenDropout = c.activationDropout = c.attentionDropout = c.finalDropout = c.layerdrop = 0.0;
    c.featProjDropout = 0.0;
    c.maskTimeProb = 0.0;
    c.ctcLossReduction = "mean";
    c.vocabSize = 12;
    c.extra["architectures"] = {"Wav2Vec2ForCTC"};
    return c;
}

int envInt(const char *name, int fallback)
{
    const char *v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

// Trains `steps` steps on this rank's share of a deterministic global batch; writes the
// final parameters and the global mean loss of every step (summed over ranks with
// allReduceSum) to FIELDBENCH_DIST_OUT (rank 0 and single process) or OUT.rankN.
int runWorker()
{
    torch::set_num_threads(1);
    const std::string model = std::getenv("FIELDBENCH_DIST_MODEL");
    const std::string optim = std::getenv("FIELDBENCH_DIST_OPTIM");
    const int steps = envInt("FIELDBENCH_DIST_STEPS", 3);
    std::string out = std::getenv("FIELDBENCH_DIST_OUT");

    const auto ctx = DistributedContext::fromEnvironment("cpu");
    const int rank = ctx->rank(), world = ctx->worldSize();
    if (rank > 0)
        out += ".rank" + std::to_string(rank);
    if (kGlobalBatch % world != 0)
        throw Error("the global batch must divide among the ranks");
    const int local = kGlobalBatch / world;
    const int first = rank * local;

    // Each rank starts from different weights; broadcastParameters makes them rank 0's,
    // which are the single process's (same seed).
    torch::manual_seed(rank == 0 ? 1 : 1000 + rank);
    std::shared_ptr<torch::nn::Module> module;
    std::shared_ptr<Mlp> mlp;
    std::shared_ptr<Wav2Vec2ForCTCImpl> w2v;
    if (model == "mlp") {
        mlp = std::make_shared<Mlp>();
        module = mlp;
    } else {
        w2v = std::static_pointer_cast<Wav2Vec2ForCTCImpl>(
            createWav2Vec2(tinyCtcConfig(), Wav2Vec2Architecture::CTC).module);
        module = w2v;
    }
    module->train();
    std::vector<torch::Tensor> params = module->parameters();
    ctx->broadcastParameters(params);
    // Only trainable ones go to the optimizer (the MLP's frozen layer stays as it is).
    std::vector<torch::Tensor> trainable;
    for (const auto &p : params)
        if (p.requires_grad())
            trainable.push_back(p);
    std::unique_ptr<torch::optim::Optimizer> opt;
    if (optim == "sgd")
        opt = std::make_unique<torch::optim::SGD>(trainable, torch::optim::SGDOptions(0.1).momentum(0.9));
    else
        opt = std::make_unique<torch::optim::AdamW>(trainable, torch::optim::AdamWOptions(1e-3).weight_decay(0.01));

    std::vector<double> losses;
    for (int step = 0; step < steps; ++step) {
        // The global batch of this step, the same on every rank; this rank takes its rows.
        auto gen = at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(100 + step));
        torch::Tensor loss;
        if (mlp) {
            const torch::Tensor x = torch::randn({kGlobalBatch, 8}, gen).slice(0, first, first + local);
            const torch::Tensor y = torch::randint(0, 3, {kGlobalBatch}, gen).slice(0, first, first + local);
            std::vector<bool> firstHalf;
            for (int i = first; i < first + local; ++i)
                firstHalf.push_back(i < kGlobalBatch / 2);
            loss = mlp->rowLoss(x, y, firstHalf).mean();
        } else {
            const torch::Tensor audio = (torch::randn({kGlobalBatch, 8000}, gen) * 0.1).slice(0, first, first + local);
            const torch::Tensor labels = torch::randint(1, 12, {kGlobalBatch, 5}, gen).slice(0, first, first + local);
            loss = w2v->forward(audio, {}, labels).loss;
        }
        opt->zero_grad();
        loss.backward();
        ctx->averageGradients(params);
        opt->step();
        const auto sums = ctx->allReduceSum({loss.item<double>() * local, double(local)});
        losses.push_back(sums[0] / sums[1]);
    }
    ctx->barrier();
    std::vector<NamedTensor> tensors;
    for (const auto &p : module->named_parameters())
        tensors.push_back({p.key(), p.value().detach().clone()});
    tensors.push_back({"__losses", torch::tensor(losses, torch::kFloat64)});
    saveSafeTensors(out, tensors, {});
    return 0;
}

// ----------------------------------------------------------------------------------------
// Parent side

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

// Env for a worker: no inherited torchrun/Slurm variables unless given.
QProcessEnvironment workerEnv(const QString &model, const QString &optim, const QString &out)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "SLURM_PROCID", "SLURM_NTASKS",
                          "SLURM_LOCALID"})
        env.remove(v);
    env.insert("FIELDBENCH_DIST_WORKER", "1");
    env.insert("FIELDBENCH_DIST_MODEL", model);
    env.insert("FIELDBENCH_DIST_OPTIM", optim);
    env.insert("FIELDBENCH_DIST_OUT", out);
    env.insert("FIELDBENCH_DIST_TIMEOUT", "90");
    env.insert("OMP_NUM_THREADS", "1");
    return env;
}

bool finish(QProcess &p, const QString &name, QString *error)
{
    if (!p.waitForFinished(150000)) {
        p.kill();
        p.waitForFinished();
        *error = name + " did not finish in time:\n" + QString::fromLocal8Bit(p.readAllStandardError());
        return false;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = name + " failed (exit " + QString::number(p.exitCode()) + "):\n" +
                 QString::fromLocal8Bit(p.readAllStandardError());
        return false;
    }
    return true;
}

// Largest |a - b| / (atol + rtol |b|) over all tensors; <= 1 means "within tolerance".
double worstRatio(const std::map<std::string, torch::Tensor> &a, const std::map<std::string, torch::Tensor> &b,
                  double atol, double rtol, std::string *where)
{
    double worst = 0;
    for (const auto &[name, t] : b) {
        if (!a.count(name))
            return std::numeric_limits<double>::infinity();
        const torch::Tensor x = a.at(name).to(torch::kFloat64), y = t.to(torch::kFloat64);
        const double r = ((x - y).abs() / (atol + rtol * y.abs())).max().item<double>();
        if (r > worst) {
            worst = r;
            *where = name;
        }
    }
    return worst;
}

struct EnvGuard
{
    explicit EnvGuard(std::map<std::string, std::string> vars)
    {
        for (const char *v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "SLURM_PROCID",
                              "SLURM_NTASKS", "SLURM_LOCALID", "FIELDBENCH_DIST_TIMEOUT"}) {
            if (const char *old = std::getenv(v))
                saved[v] = old;
            ::unsetenv(v);
        }
        for (const auto &[k, v] : vars)
            ::setenv(k.c_str(), v.c_str(), 1);
        set = vars;
    }
    ~EnvGuard()
    {
        for (const auto &[k, v] : set)
            ::unsetenv(k.c_str());
        for (const auto &[k, v] : saved)
            ::setenv(k.c_str(), v.c_str(), 1);
    }
    std::map<std::string, std::string> saved, set;
};

} // namespace

class TestDistributed : public QObject
{
    Q_OBJECT

private slots:
    void singleProcessWithoutEnvironment()
    {
        EnvGuard env({});
        const auto ctx = DistributedContext::fromEnvironment("cpu");
        QCOMPARE(ctx->worldSize(), 1);
        QCOMPARE(ctx->rank(), 0);
        QVERIFY(ctx->isMain());
        QCOMPARE(QString::fromStdString(ctx->backend()), QString("none"));
        // Collectives are no-ops: gradients and values come back unchanged.
        torch::Tensor p = torch::ones({3}, torch::requires_grad());
        (p * 2).sum().backward();
        ctx->averageGradients({p});
        QVERIFY(torch::equal(p.grad(), torch::full({3}, 2.0f)));
        QCOMPARE(ctx->allReduceSum({1.5, 2.0}), std::vector<double>({1.5, 2.0}));
        ctx->barrier();
    }

    void environment_data()
    {
        QTest::addColumn<QStringList>("vars"); // NAME=value
        QTest::addColumn<int>("rank");         // -1: an Error is expected
        QTest::addColumn<int>("world");
        QTest::addColumn<int>("localRank");
        QTest::newRow("torchrun, one process") << QStringList{"RANK=0", "WORLD_SIZE=1", "LOCAL_RANK=0"} << 0 << 1 << 0;
        QTest::newRow("slurm, one task") << QStringList{"SLURM_PROCID=0", "SLURM_NTASKS=1", "SLURM_LOCALID=0"} << 0 << 1 << 0;
        QTest::newRow("torchrun without MASTER_ADDR")
            << QStringList{"RANK=1", "WORLD_SIZE=2", "LOCAL_RANK=1", "MASTER_PORT=29500"} << -1 << 0 << 0;
        QTest::newRow("slurm without MASTER_PORT")
            << QStringList{"SLURM_PROCID=0", "SLURM_NTASKS=2", "SLURM_LOCALID=0", "MASTER_ADDR=127.0.0.1"} << -1 << 0 << 0;
        QTest::newRow("rank outside the world")
            << QStringList{"RANK=2", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=29500"} << -1 << 0 << 0;
        QTest::newRow("not a number") << QStringList{"RANK=x", "WORLD_SIZE=2"} << -1 << 0 << 0;
        QTest::newRow("bad port")
            << QStringList{"RANK=0", "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=70000"} << -1 << 0 << 0;
    }

    void environment()
    {
        QFETCH(QStringList, vars);
        QFETCH(int, rank);
        QFETCH(int, world);
        QFETCH(int, localRank);
        std::map<std::string, std::string> m;
        for (const QString &v : vars)
            m[v.section('=', 0, 0).toStdString()] = v.section('=', 1).toStdString();
        EnvGuard env(m);
        if (rank < 0) {
            QVERIFY_THROWS_EXCEPTION(Error, DistributedContext::fromEnvironment("cpu"));
            return;
        }
        const auto ctx = DistributedContext::fromEnvironment("cpu");
        QCOMPARE(ctx->rank(), rank);
        QCOMPARE(ctx->worldSize(), world);
        QCOMPARE(ctx->localRank(), localRank);
    }

    void twoRanksEqualOneProcess_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("optim");
        QTest::addColumn<double>("atol");
        QTest::newRow("mlp, sgd") << "mlp" << "sgd" << 1e-6;
        QTest::newRow("mlp, adamw") << "mlp" << "adamw" << 1e-6;
        QTest::newRow("wav2vec2 tiny ctc, adamw") << "wav2vec2" << "adamw" << 1e-5;
    }

    void twoRanksEqualOneProcess()
    {
        QFETCH(QString, model);
        QFETCH(QString, optim);
        QFETCH(double, atol);
        if (!DistributedContext::available())
            QSKIP("built without distributed training (no c10d/Gloo in this LibTorch)");
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString self = QCoreApplication::applicationFilePath();
        const int port = freePort();
        QVERIFY(port > 0);

        QProcess single, rank0, rank1;
        single.setProcessEnvironment(workerEnv(model, optim, tmp.filePath("single.safetensors")));
        for (int r = 0; r < 2; ++r) {
            QProcessEnvironment env = workerEnv(model, optim, tmp.filePath("ddp.safetensors"));
            env.insert("RANK", QString::number(r));
            env.insert("LOCAL_RANK", QString::number(r));
            env.insert("WORLD_SIZE", "2");
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            (r == 0 ? rank0 : rank1).setProcessEnvironment(env);
        }
        rank0.start(self, {});
        rank1.start(self, {});
        single.start(self, {});
        QString error;
        QVERIFY2(finish(rank0, "rank 0", &error), qPrintable(error));
        QVERIFY2(finish(rank1, "rank 1", &error), qPrintable(error));
        QVERIFY2(finish(single, "the single process", &error), qPrintable(error));

        const auto a = loadSafeTensors(toPath(tmp.filePath("ddp.safetensors")));
        const auto b = loadSafeTensors(toPath(tmp.filePath("ddp.safetensors.rank1")));
        const auto s = loadSafeTensors(toPath(tmp.filePath("single.safetensors")));
        QCOMPARE(a.size(), s.size());
        // The ranks hold identical parameters (same averaged gradients, same optimizer).
        for (const auto &[name, t] : a)
            QVERIFY2(torch::equal(t, b.at(name)), qPrintable("ranks differ in " + QString::fromStdString(name)));
        // ... equal to one process on the combined batch, up to float summation order.
        std::string where;
        const double ratio = worstRatio(a, s, atol, 1e-4, &where);
        QVERIFY2(ratio <= 1.0, qPrintable(QString("two ranks vs one process: %1 differs (%2 x tolerance)")
                                              .arg(QString::fromStdString(where))
                                              .arg(ratio)));
        // The training really moved the weights (the comparison is not trivially true),
        // and the frozen MLP layer did not move.
        const auto init = [&] {
            torch::manual_seed(1);
            if (model == "mlp")
                return std::shared_ptr<torch::nn::Module>(std::make_shared<Mlp>());
            return createWav2Vec2(tinyCtcConfig(), Wav2Vec2Architecture::CTC).module;
        }();
        double moved = 0;
        for (const auto &p : init->named_parameters()) {
            const double d = (s.at(p.key()) - p.value()).abs().max().item<double>();
            moved = std::max(moved, d);
            if (p.key().rfind("frozen.", 0) == 0)
                QCOMPARE(d, 0.0);
        }
        QVERIFY2(moved > 100 * atol, qPrintable(QString("parameters moved only %1").arg(moved)));
        if (model == "mlp") // aux is used by rank 0's rows only: its update must match too
            QVERIFY((s.at("aux") - init->named_parameters()["aux"]).abs().max().item<double>() > 1e-4);
        // allReduceSum: the global mean losses agree with the single process's.
        QVERIFY(torch::allclose(a.at("__losses"), s.at("__losses"), 1e-4, 1e-6));
    }
};

int main(int argc, char **argv)
{
    if (std::getenv("FIELDBENCH_DIST_WORKER")) {
        try {
            return runWorker();
        } catch (const std::exception &e) {
            std::cerr << "worker: " << e.what() << "\n";
            return 1;
        }
    }
    QCoreApplication app(argc, argv);
    TestDistributed test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_distributed.moc"
