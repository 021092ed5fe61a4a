// wav2vec 2.0 against the real Hugging Face transformers: the shared fixtures (made by
// transformers' own code) must be reproduced to 1e-4 with identical code indices; save and
// load round trips; the losses train.

#include "fieldbench/io/safetensors.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/runtime.h"

#include "testdata.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <ATen/CPUGeneratorImpl.h>

using namespace fieldbench;
using namespace fieldbench::testing;

namespace {

std::filesystem::path fixtures()
{
    return std::filesystem::path(FIELDBENCH_HF_FIXTURES);
}

} // namespace

class TestWav2Vec2 : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::manual_seed(0);
        QVERIFY2(std::filesystem::is_directory(fixtures()),
                 qPrintable("Hugging Face fixtures not found at " + QString::fromStdString(fixtures().string())));
        const QString python = QStringLiteral(FIELDBENCH_PYTHON);
        if (python.isEmpty() || !QFileInfo::exists(python)) {
            qWarning("no project venv python: only the shared fixtures are compared");
            return;
        }
        QVERIFY(m_tmp.isValid());
        QString error;
        if (!run({python, QStringLiteral(FIELDBENCH_SOURCE_DIR "/tests/fixtures/make_hf_fixtures.py"), m_tmp.path()}, &error))
            QFAIL(qPrintable("make_hf_fixtures.py failed: " + error));
        m_generated = m_tmp.path();
    }

    void parityWithTransformers_data()
    {
        QTest::addColumn<QString>("dir");
        for (const char *f : {"w2v2_base_pretrain", "w2v2_xlsr_ctc"})
            QTest::newRow(f) << QString::fromStdString((fixtures() / f).string());
        // More configurations, made at test time by the real transformers code
        // (tests/fixtures/make_hf_fixtures.py in the project's venv).
        if (m_generated.isEmpty())
            return;
        for (const QString &variant : QDir(m_generated).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QTest::newRow(qPrintable("generated: " + variant)) << m_generated + "/" + variant;
    }

    void parityWithTransformers()
    {
        QFETCH(QString, dir);
        const LoadedWav2Vec2 model = loadWav2Vec2(toPath(dir));
        QVERIFY(model.report.missing.empty());
        QVERIFY(model.report.unexpected.empty());
        const auto inputs = loadSafeTensors(toPath(dir + "/input.safetensors"));
        const auto expected = loadSafeTensors(toPath(dir + "/expected.safetensors"));
        const torch::Tensor mask = inputs.count("attention_mask") ? inputs.at("attention_mask") : torch::Tensor();
        const auto outputs = model.run(inputs.at("input_values"), mask);
        double worst = 0;
        for (const auto &[name, want] : expected) {
            QVERIFY2(outputs.count(name), qPrintable("no output " + QString::fromStdString(name)));
            const torch::Tensor got = outputs.at(name);
            QVERIFY2(got.sizes() == want.sizes(), qPrintable(QString::fromStdString(name)));
            if (want.scalar_type() == torch::kInt64) {
                QVERIFY2(torch::equal(got, want), qPrintable(QString::fromStdString(name) + ": code indices differ"));
                continue;
            }
            const double diff = (got - want).abs().max().item<double>();
            QVERIFY2(diff <= 1e-4, qPrintable(QStringLiteral("%1: max abs difference %2").arg(QString::fromStdString(name)).arg(diff)));
            worst = std::max(worst, diff);
        }
        qInfo("%d outputs, largest abs difference %.2e, code indices identical", int(expected.size()), worst);
    }

    void saveLoadRoundTripIsBitIdentical()
    {
        QTemporaryDir tmp;
        const auto src = fixtures() / "w2v2_xlsr_ctc";
        const LoadedWav2Vec2 a = loadWav2Vec2(src);
        saveModelFolder(*a.module, a.config, toPath(tmp.filePath("m")));
        const LoadedWav2Vec2 b = loadWav2Vec2(toPath(tmp.filePath("m")));
        SafeTensorsCheckpoint original(src / "model.safetensors"), saved(toPath(tmp.filePath("m/model.safetensors")));
        QCOMPARE(saved.names(), original.names());
        for (const std::string &n : original.names())
            QVERIFY2(torch::equal(original.tensor(n), saved.tensor(n)), n.c_str());
        QCOMPARE(saved.metadata().at("format"), std::string("pt"));
        QCOMPARE(b.config.toJson(), a.config.toJson());
    }

    void parametrizationNamesLoad()
    {
        // PyTorch >= 2.1 names weight norm parametrizations.weight.original0/1.
        QTemporaryDir tmp;
        const auto src = fixtures() / "w2v2_base_pretrain";
        auto tensors = loadSafeTensors(src / "model.safetensors");
        std::vector<NamedTensor> renamed;
        for (auto &[name, t] : tensors) {
            std::string n = name;
            const auto pos = n.find("conv.weight_g");
            if (pos != std::string::npos)
                n.replace(pos, 13, "conv.parametrizations.weight.original0");
            const auto pos2 = n.find("conv.weight_v");
            if (pos2 != std::string::npos)
                n.replace(pos2, 13, "conv.parametrizations.weight.original1");
            renamed.push_back({n, t});
        }
        QDir().mkpath(tmp.filePath("m"));
        saveSafeTensors(toPath(tmp.filePath("m/model.safetensors")), renamed, {{"format", "pt"}});
        QFile::copy(QString::fromStdString((src / "config.json").string()), tmp.filePath("m/config.json"));
        const LoadedWav2Vec2 m = loadWav2Vec2(toPath(tmp.filePath("m")));
        QCOMPARE(int(m.report.renamed.size()), 2);
        const auto expected = loadSafeTensors(src / "expected.safetensors");
        const auto inputs = loadSafeTensors(src / "input.safetensors");
        const auto out = m.run(inputs.at("input_values"));
        QVERIFY((out.at("last_hidden_state") - expected.at("last_hidden_state")).abs().max().item<double>() <= 1e-4);
    }

    void maskIndicesFollowTransformers()
    {
        auto gen = at::detail::createCPUGenerator(7);
        // No padding: with prob 0.5 and span 10 over 200 frames, 10 spans -> 50-100 frames.
        const torch::Tensor m = computeMaskIndices(4, 200, 0.5, 10, 2, {}, gen);
        QCOMPARE(m.sizes(), (torch::IntArrayRef{4, 200}));
        for (int b = 0; b < 4; ++b) {
            const auto n = m[b].sum().item<std::int64_t>();
            QVERIFY2(n >= 40 && n <= 100, qPrintable(QString::number(n)));
        }
        // Padded frames are never masked; min_masks applies to short utterances.
        const torch::Tensor lengths = torch::tensor({200, 50, 12}, torch::kInt64);
        const torch::Tensor p = computeMaskIndices(3, 200, 0.05, 10, 2, lengths, gen);
        QCOMPARE(p[1].slice(0, 50).sum().item<std::int64_t>(), std::int64_t(0));
        QCOMPARE(p[2].slice(0, 0, 12).sum().item<std::int64_t>() > 0, true);
        QCOMPARE(p[2].slice(0, 12, 200).sum().item<std::int64_t>(), std::int64_t(0));
        QVERIFY(p[1].sum().item<std::int64_t>() >= 10); // at least min_masks spans' worth, overlaps aside
        // Same generator state, same masks.
        auto g1 = at::detail::createCPUGenerator(3), g2 = at::detail::createCPUGenerator(3);
        QVERIFY(torch::equal(computeMaskIndices(2, 100, 0.2, 5, 1, {}, g1), computeMaskIndices(2, 100, 0.2, 5, 1, {}, g2)));
        QVERIFY_THROWS_EXCEPTION(Error, computeMaskIndices(1, 5, 0.5, 10, 0));
    }

    void negativesComeFromTheSameUtteranceNeverThePositive()
    {
        auto gen = at::detail::createCPUGenerator(11);
        const std::int64_t B = 3, T = 40;
        torch::Tensor frameMask = torch::ones({B, T}, torch::kBool);
        frameMask[1].slice(0, 25).fill_(false);
        const torch::Tensor neg = sampleNegatives(B, T, 20, frameMask, gen);
        QCOMPARE(neg.sizes(), (torch::IntArrayRef{B, T, 20}));
        for (std::int64_t b = 0; b < B; ++b) {
            const std::int64_t valid = frameMask[b].sum().item<std::int64_t>();
            for (std::int64_t t = 0; t < valid; ++t) {
                const torch::Tensor n = neg[b][t];
                QVERIFY(n.ge(b * T).all().item<bool>());          // same utterance
                QVERIFY(n.lt(b * T + valid).all().item<bool>());  // never a padded frame
                QVERIFY(n.ne(b * T + t).all().item<bool>());      // never the positive
            }
        }
    }

    void pretrainingLossOverfitsOneBatch()
    {
        torch::manual_seed(1);
        Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
        c.layerdrop = 0;
        LoadedWav2Vec2 m = createWav2Vec2(c, Wav2Vec2Architecture::PreTraining);
        auto &model = *std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(m.module);
        model.train();
        const torch::Tensor audio = torch::randn({2, 16000}) * 0.1;
        const std::int64_t frames = c.outputLength(16000);
        auto gen = at::detail::createCPUGenerator(5);
        const torch::Tensor maskTime = computeMaskIndices(2, frames, 0.3, 5, 2, {}, gen);
        const torch::Tensor negatives = sampleNegatives(2, frames, 10, {}, gen);
        torch::optim::AdamW opt(model.parameters(), torch::optim::AdamWOptions(1e-3));
        double first = 0, last = 0;
        for (int step = 0; step < 40; ++step) {
            const PreTrainingOutput out = model.forward(audio, {}, maskTime, negatives);
            QVERIFY(std::isfinite(out.loss.item<double>()));
            QVERIFY(std::isfinite(out.diversityLoss.item<double>()));
            if (step == 0)
                first = out.loss.item<double>();
            last = out.loss.item<double>();
            opt.zero_grad();
            out.loss.backward();
            opt.step();
        }
        qInfo("pre-training loss on one batch: %.3f -> %.3f", first, last);
        QVERIFY2(last < 0.7 * first, qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(last)));
    }

    void ctcLossOverfitsOneBatch()
    {
        torch::manual_seed(2);
        Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
        c.vocabSize = 12;
        c.layerdrop = 0;
        c.maskTimeProb = 0;
        LoadedWav2Vec2 m = createWav2Vec2(c, Wav2Vec2Architecture::CTC);
        auto &model = *std::static_pointer_cast<Wav2Vec2ForCTCImpl>(m.module);
        model.train();
        const torch::Tensor audio = torch::randn({2, 16000}) * 0.1;
        torch::Tensor mask = torch::ones({2, 16000}, torch::kInt64);
        mask[1].slice(0, 12000).fill_(0); // second item padded
        const torch::Tensor labels = torch::tensor({{3, 4, 5, 6, 7}, {8, 9, 4, -100, -100}}, torch::kInt64);
        torch::optim::AdamW opt(model.parameters(), torch::optim::AdamWOptions(3e-3));
        double first = 0, last = 0;
        for (int step = 0; step < 60; ++step) {
            const CtcOutput out = model.forward(audio * mask, mask, labels);
            if (step == 0)
                first = out.loss.item<double>();
            last = out.loss.item<double>();
            QVERIFY(std::isfinite(last));
            opt.zero_grad();
            out.loss.backward();
            opt.step();
        }
        qInfo("CTC loss on one batch: %.3f -> %.3f", first, last);
        QVERIFY2(last < 0.5 * first, qPrintable(QStringLiteral("%1 -> %2").arg(first).arg(last)));
        const CtcOutput out = model.forward(audio * mask, mask);
        QCOMPARE(out.outputLengths[1].item<std::int64_t>(), c.outputLength(12000));
    }

    void contrastiveGradientsMatchFiniteDifferences()
    {
        // Double precision, no dropout; the Gumbel noise is replayed by reseeding before
        // every forward, so the loss is a fixed function of the parameters. Checked on
        // parameters whose path to the loss is exactly differentiable (the straight-through
        // estimator for weight_proj is not the true gradient of the hard forward).
        Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
        c.layerdrop = 0;
        c.hiddenDropout = c.attentionDropout = c.activationDropout = c.featProjDropout = 0;
        c.featQuantizerDropout = 0;
        torch::manual_seed(3);
        LoadedWav2Vec2 m = createWav2Vec2(c, Wav2Vec2Architecture::PreTraining);
        auto &model = *std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(m.module);
        model.to(torch::kFloat64);
        model.train();
        const torch::Tensor audio = torch::randn({2, 4000}, torch::kFloat64) * 0.1;
        const std::int64_t frames = c.outputLength(4000);
        auto gen = at::detail::createCPUGenerator(9);
        const torch::Tensor maskTime = computeMaskIndices(2, frames, 0.4, 3, 2, {}, gen);
        const torch::Tensor negatives = sampleNegatives(2, frames, 5, {}, gen);
        auto loss = [&] {
            torch::manual_seed(42);
            return model.forward(audio, {}, maskTime, negatives).loss;
        };
        model.zero_grad();
        loss().backward();
        const auto params = model.named_parameters();
        int checked = 0;
        for (const char *name : {"project_hid.weight", "project_q.weight", "quantizer.codevectors",
                                 "wav2vec2.encoder.layers.1.feed_forward.output_dense.weight",
                                 "wav2vec2.encoder.layers.0.attention.q_proj.weight"}) {
            torch::Tensor p = params[name];
            const torch::Tensor grad = p.grad().clone();
            torch::NoGradGuard noGrad;
            auto flat = p.view({-1});
            for (std::int64_t i : {std::int64_t(0), flat.size(0) / 3, flat.size(0) - 1}) {
                const double eps = 1e-6, orig = flat[i].item<double>();
                flat[i] = orig + eps;
                const double up = loss().item<double>();
                flat[i] = orig - eps;
                const double down = loss().item<double>();
                flat[i] = orig;
                const double numeric = (up - down) / (2 * eps);
                const double analytic = grad.view({-1})[i].item<double>();
                QVERIFY2(std::abs(numeric - analytic) <= 1e-4 * std::max(1.0, std::abs(numeric)),
                         qPrintable(QStringLiteral("%1[%2]: analytic %3, numeric %4").arg(name).arg(i).arg(analytic).arg(numeric)));
                ++checked;
            }
        }
        QCOMPARE(checked, 15);
    }

    void cliModelRunMatchesFixture()
    {
        QTemporaryDir tmp;
        const auto dir = fixtures() / "w2v2_base_pretrain";
        QString error;
        QVERIFY2(run({cliPath(), "model", "run", "--model", QString::fromStdString(dir.string()), "--input",
                      QString::fromStdString((dir / "input.safetensors").string()), "--output", tmp.filePath("out.safetensors")},
                     &error),
                 qPrintable(error));
        const auto got = loadSafeTensors(toPath(tmp.filePath("out.safetensors")));
        const auto want = loadSafeTensors(dir / "expected.safetensors");
        for (const auto &[name, t] : want) {
            QVERIFY2(got.count(name), name.c_str());
            QVERIFY2((got.at(name).to(torch::kFloat64) - t.to(torch::kFloat64)).abs().max().item<double>() <= 1e-4, name.c_str());
        }
        QByteArray info;
        QVERIFY(run({cliPath(), "model", "info", QString::fromStdString(dir.string())}, &error, &info));
        QVERIFY2(info.contains("Wav2Vec2ForPreTraining") && info.contains("2 layers x 32 hidden"), info.constData());
    }

    void transformersLoadsModelsWeCreate_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("architecture");
        QTest::newRow("tiny pretraining") << "tiny" << "pretraining";
        QTest::newRow("tiny ctc") << "tiny" << "ctc";
    }

    void transformersLoadsModelsWeCreate()
    {
        QFETCH(QString, preset);
        QFETCH(QString, architecture);
        const QString python = QStringLiteral(FIELDBENCH_PYTHON);
        if (python.isEmpty() || !QFileInfo::exists(python))
            QSKIP("no project venv with transformers (scripts/setup makes it)");
        QTemporaryDir tmp;
        QString error;
        QVERIFY2(run({cliPath(), "model", "init", "--preset", preset, "--architecture", architecture, "--seed", "5",
                      "--out", tmp.filePath("m")}, &error),
                 qPrintable(error));
        // Inputs: a padded batch.
        torch::manual_seed(8);
        torch::Tensor audio = torch::randn({2, 8000}) * 0.1;
        torch::Tensor mask = torch::ones({2, 8000}, torch::kInt64);
        mask[1].slice(0, 6000).fill_(0);
        audio = audio * mask;
        saveSafeTensors(toPath(tmp.filePath("in.safetensors")), {{"input_values", audio}, {"attention_mask", mask}});
        // transformers loads the folder as it is and runs it.
        const QString script = QStringLiteral(
            "import sys, torch, transformers as T\n"
            "from safetensors.torch import load_file, save_file\n"
            "d, arch = sys.argv[1], sys.argv[2]\n"
            "cls = T.Wav2Vec2ForPreTraining if arch == 'pretraining' else T.Wav2Vec2ForCTC\n"
            "m = cls.from_pretrained(d + '/m', attn_implementation='eager').eval()\n"
            "x = load_file(d + '/in.safetensors')\n"
            "with torch.no_grad():\n"
            "    o = m(x['input_values'], attention_mask=x['attention_mask'])\n"
            "key = 'projected_states' if arch == 'pretraining' else 'logits'\n"
            "save_file({key: o[key].contiguous()}, d + '/hf.safetensors')\n");
        QVERIFY2(run({python, "-c", script, tmp.path(), architecture}, &error), qPrintable(error));
        const LoadedWav2Vec2 ours = loadWav2Vec2(toPath(tmp.filePath("m")));
        const auto outputs = ours.run(audio, mask);
        const auto hf = loadSafeTensors(toPath(tmp.filePath("hf.safetensors")));
        const std::string key = architecture == "pretraining" ? "projected_states" : "logits";
        const double diff = (outputs.at(key) - hf.at(key)).abs().max().item<double>();
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));
    }

    void pretrainingLossMatchesTransformers_data()
    {
        QTest::addColumn<bool>("padded");
        QTest::addColumn<int>("groups"); // codebook groups; 1 makes equal codes (masked distractors) frequent
        QTest::newRow("full batch") << false << 2;
        QTest::newRow("padded batch") << true << 2;
        QTest::newRow("one group, many equal codes") << false << 1;
    }

    void pretrainingLossMatchesTransformers()
    {
        // Eval mode (hard code choice, no dropout) with given masks and negatives: the
        // contrastive loss, the diversity loss and their sum as transformers'
        // Wav2Vec2ForPreTraining computes them, including distractors equal to the positive.
        QFETCH(bool, padded);
        QFETCH(int, groups);
        const QString python = venvPython("transformers");
        if (python.isEmpty())
            QSKIP("no project venv with transformers (scripts/setup makes it)");
        QTemporaryDir tmp;
        torch::manual_seed(21);
        Wav2Vec2Config c = Wav2Vec2Config::preset("tiny");
        c.numCodevectorGroups = groups;
        c.numCodevectorsPerGroup = groups == 1 ? 8 : 16;
        LoadedWav2Vec2 m = createWav2Vec2(c, Wav2Vec2Architecture::PreTraining);
        saveModelFolder(*m.module, m.config, toPath(tmp.filePath("m")));
        auto &model = *std::static_pointer_cast<Wav2Vec2ForPreTrainingImpl>(m.module);
        model.eval();
        const std::int64_t B = 3, samples = 16000, frames = c.outputLength(samples);
        torch::Tensor audio = torch::randn({B, samples}) * 0.1;
        torch::Tensor attention = torch::ones({B, samples}, torch::kInt64);
        torch::Tensor frameMask, lengths;
        if (padded) {
            attention[1].slice(0, 9000).fill_(0);
            audio = audio * attention;
            frameMask = model.wav2vec2->frameMask(frames, attention);
            lengths = frameMask.sum(-1);
        }
        auto gen = at::detail::createCPUGenerator(9);
        const torch::Tensor maskTime = computeMaskIndices(B, frames, 0.4, 4, 2, lengths, gen);
        const torch::Tensor negatives = sampleNegatives(B, frames, 12, frameMask, gen);
        std::vector<NamedTensor> in = {{"input_values", audio}, {"mask_time_indices", maskTime.to(torch::kInt64)},
                                       {"sampled_negative_indices", negatives}};
        if (padded)
            in.push_back({"attention_mask", attention});
        saveSafeTensors(toPath(tmp.filePath("in.safetensors")), in);
        const QString script = QStringLiteral(
            "import sys, torch, transformers as T\n"
            "from safetensors.torch import load_file, save_file\n"
            "d = sys.argv[1]\n"
            "m = T.Wav2Vec2ForPreTraining.from_pretrained(d + '/m', attn_implementation='eager').eval()\n"
            "x = load_file(d + '/in.safetensors')\n"
            "with torch.no_grad():\n"
            "    o = m(x['input_values'], attention_mask=x.get('attention_mask'),\n"
            "          mask_time_indices=x['mask_time_indices'].bool(),\n"
            "          sampled_negative_indices=x['sampled_negative_indices'])\n"
            "save_file({'loss': o.loss.reshape(1), 'contrastive_loss': o.contrastive_loss.reshape(1),\n"
            "           'diversity_loss': o.diversity_loss.reshape(1)}, d + '/hf.safetensors')\n");
        QString error;
        QVERIFY2(run({python, "-c", script, tmp.path()}, &error), qPrintable(error));
        const auto hf = loadSafeTensors(toPath(tmp.filePath("hf.safetensors")));
        PreTrainingOutput ours;
        {
            torch::NoGradGuard noGrad;
            ours = model.forward(audio, padded ? attention : torch::Tensor(), maskTime, negatives);
        }
        // Distractors sharing the positive's code exist in these batches (the masked path runs).
        const torch::Tensor idx = ours.quantizer.indices.reshape({B * frames, -1});
        const torch::Tensor same = idx.unsqueeze(1).eq(idx.index_select(0, negatives.reshape({-1})).view({B * frames, 12, -1})).all(-1);
        QVERIFY(same.logical_and(maskTime.reshape({B * frames, 1})).any().item<bool>());
        const std::pair<const char *, torch::Tensor> pairs[] = {{"loss", ours.loss},
                                                                {"contrastive_loss", ours.contrastiveLoss},
                                                                {"diversity_loss", ours.diversityLoss}};
        for (const auto &[name, got] : pairs) {
            const double want = hf.at(name).item<double>();
            const double diff = std::abs(got.item<double>() - want);
            QVERIFY2(diff <= 1e-4 * std::max(1.0, std::abs(want)),
                     qPrintable(QStringLiteral("%1: ours %2, transformers %3").arg(name).arg(got.item<double>()).arg(want)));
        }
    }

    void cudaMatchesCpu()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        const auto dir = fixtures() / "w2v2_xlsr_ctc";
        LoadedWav2Vec2 model = loadWav2Vec2(dir);
        const auto inputs = loadSafeTensors(dir / "input.safetensors");
        const auto expected = loadSafeTensors(dir / "expected.safetensors");
        model.module->to(torch::kCUDA);
        const auto out = model.run(inputs.at("input_values").cuda(), inputs.at("attention_mask").cuda());
        const double diff = (out.at("logits").cpu() - expected.at("logits")).abs().max().item<double>();
        QVERIFY2(diff <= 1e-3, qPrintable(QString::number(diff))); // TF32 matmuls allowed
    }

    void bf16AutocastStaysClose()
    {
        // CPU autocast (bf16 matmuls/convolutions, fp32 softmax/cosine/CTC): the same function
        // to bf16 precision; the quantizer's logits and losses stay finite.
#if TORCH_VERSION_MAJOR < 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR < 4)
        QVERIFY_THROWS_EXCEPTION(Error, AutocastGuard(false, true));
        QSKIP("CPU bf16 autocast needs LibTorch 2.4 or newer");
#endif
        const auto dir = fixtures() / "w2v2_base_pretrain";
        const LoadedWav2Vec2 model = loadWav2Vec2(dir);
        const auto inputs = loadSafeTensors(dir / "input.safetensors");
        const auto expected = loadSafeTensors(dir / "expected.safetensors");
        std::map<std::string, torch::Tensor> out;
        {
            AutocastGuard autocast(/*cuda=*/false, true);
            out = model.run(inputs.at("input_values"));
        }
        // Code choices agree except where bf16 rounding of the features moves a close call.
        const double agree = out.at("codevector_idx").eq(expected.at("codevector_idx")).to(torch::kFloat64).mean().item<double>();
        qInfo("bf16 autocast: %.1f%% of code choices as in fp32", 100 * agree);
        QVERIFY2(agree >= 0.9, qPrintable(QString::number(agree)));
        // Relative RMS error against fp32. This random-init fixture is unforgiving in bf16:
        // the real transformers under torch.autocast("cpu", bfloat16) on the same folder is off
        // by 0.217 (last_hidden_state) and 0.226 (projected_states) on a CPU with AMX bf16
        // (measured with torch 2.15; the feature encoder alone already gives 0.30). Ours must
        // be no worse than that, with a margin.
        for (const char *name : {"last_hidden_state", "projected_states"}) {
            const torch::Tensor want = expected.at(name).to(torch::kFloat64);
            const torch::Tensor got = out.at(name).to(torch::kFloat64);
            const double rel = ((got - want).norm() / want.norm()).item<double>();
            qInfo("bf16 autocast: %s relative RMS error %.4f", name, rel);
            QVERIFY2(rel <= 0.3, qPrintable(QStringLiteral("%1: relative RMS error %2").arg(name).arg(rel)));
        }
        QCOMPARE(out.at("codevector_logits").scalar_type() == torch::kBFloat16 ||
                     out.at("codevector_logits").scalar_type() == torch::kFloat32, true);
        // Autocast is off again after the scope.
        const auto again = model.run(inputs.at("input_values"));
        QCOMPARE(again.at("last_hidden_state").scalar_type(), torch::kFloat32);
        QVERIFY((again.at("last_hidden_state") - expected.at("last_hidden_state")).abs().max().item<double>() <= 1e-4);
    }

    void shapeMismatchIsAnError()
    {
        QTemporaryDir tmp;
        const auto src = fixtures() / "w2v2_base_pretrain";
        Wav2Vec2Config c = Wav2Vec2Config::load(src);
        c.intermediateSize = 48; // does not match the stored feed-forward weights
        QDir().mkpath(tmp.filePath("m"));
        c.save(toPath(tmp.filePath("m/config.json")));
        QFile::copy(QString::fromStdString((src / "model.safetensors").string()), tmp.filePath("m/model.safetensors"));
        try {
            loadWav2Vec2(toPath(tmp.filePath("m")));
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("intermediate_dense"), e.what());
        }
    }

private:
    QTemporaryDir m_tmp;
    QString m_generated; // folder of generated fixtures, empty when none were made
};

QTEST_GUILESS_MAIN(TestWav2Vec2)
#include "test_wav2vec2.moc"
