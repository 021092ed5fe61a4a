// XLM-R against the real Hugging Face transformers: the shared xlmr_mlm fixture (made by
// transformers' own code) reproduced to 1e-4 on a padded batch; config round trips; the
// masked-position loss; an exported folder loaded back by transformers from the venv.

#include "fieldbench/io/safetensors.h"
#include "fieldbench/io/xlmrconfig.h"
#include "fieldbench/models/xlmr.h"
#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/corpus/demo.h"
#include "fieldbench/util/error.h"

#include "testdata.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace fieldbench;
using namespace fieldbench::testing;
namespace fs = std::filesystem;

namespace {

fs::path fixture()
{
    return fs::path(FIELDBENCH_HF_FIXTURES) / "xlmr_mlm";
}

double maxDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

} // namespace

class TestXlmr : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::manual_seed(0);
        QVERIFY(m_tmp.isValid());
        QVERIFY2(fs::is_directory(fixture()), "shared/fixtures/hf/xlmr_mlm not found");
    }

    void configRoundTrip()
    {
        const XlmrConfig c = XlmrConfig::load(fixture());
        QCOMPARE(c.vocabSize, 50);
        QCOMPARE(c.hiddenSize, 32);
        QCOMPARE(c.maxPositionEmbeddings, 40);
        QCOMPARE(c.typeVocabSize, 1);
        QCOMPARE(c.layerNormEps, 1e-5);
        QVERIFY(!c.classifierDropout.has_value());
        QCOMPARE(c.extra.at("transformers_version").get<std::string>(), std::string("4.30.2"));
        QVERIFY(c.validate().empty());
        const nlohmann::json original = nlohmann::json::parse(readFixture("config.json"));
        QCOMPARE(c.toJson(), original);
        // defaults are transformers'
        const XlmrConfig d = XlmrConfig::fromJson(nlohmann::json::object());
        QCOMPARE(d.vocabSize, 30522);
        QCOMPARE(d.layerNormEps, 1e-12);
        QCOMPARE(d.padTokenId, 1);
        QCOMPARE(d.typeVocabSize, 2);
        QVERIFY_THROWS_EXCEPTION(Error, XlmrConfig::fromJson(nlohmann::json{{"hidden_size", "big"}}));
        XlmrConfig bad = d;
        bad.numAttentionHeads = 5;
        QVERIFY(!bad.validate().empty());
    }

    void positionIds()
    {
        const torch::Tensor ids = torch::tensor({0, 5, 6, 2, 1, 1}, torch::kLong).unsqueeze(0);
        const torch::Tensor pos = xlmrPositionIds(ids, 1);
        QVERIFY(pos.squeeze(0).equal(torch::tensor({2, 3, 4, 5, 1, 1}, torch::kLong)));
    }

    void parityWithTransformers()
    {
        LoadedXlmrMaskedLM m = loadXlmrMaskedLM(fixture());
        QCOMPARE(m.report.ignored.size(), std::size_t(1)); // roberta.embeddings.position_ids
        m.model->eval();
        SafeTensorsFile input((fixture() / "input.safetensors").string());
        SafeTensorsFile expected((fixture() / "expected.safetensors").string());
        const torch::Tensor ids = input.tensor("input_ids");
        const torch::Tensor mask = input.tensor("attention_mask");
        QVERIFY(mask.eq(0).any().item<bool>()); // the fixture batch is padded
        torch::NoGradGuard g;
        const MaskedLMOutput out = m.model->forward(ids, mask, {}, /*outputHiddenStates=*/true);
        const double dl = maxDiff(out.logits, expected.tensor("logits"));
        const double dh = maxDiff(out.encoder.lastHiddenState, expected.tensor("last_hidden_state"));
        qInfo("largest difference: logits %.3g, last_hidden_state %.3g", dl, dh);
        QVERIFY(dl < 1e-4);
        QVERIFY(dh < 1e-4);
        QCOMPARE(out.encoder.hiddenStates.size(), std::size_t(3));
        for (int i = 0; i < 3; ++i)
            QVERIFY(maxDiff(out.encoder.hiddenStates[std::size_t(i)], expected.tensor("hidden_states." + std::to_string(i))) < 1e-4);
    }

    void maskedLossOnlyAtLabels()
    {
        LoadedXlmrMaskedLM m = loadXlmrMaskedLM(fixture());
        m.model->eval();
        SafeTensorsFile input((fixture() / "input.safetensors").string());
        const torch::Tensor ids = input.tensor("input_ids");
        const torch::Tensor mask = input.tensor("attention_mask");
        torch::Tensor labels = torch::full_like(ids, -100);
        labels[0][2] = ids[0][2];
        labels[1][4] = ids[1][4];
        labels[0][5] = ids[0][5];
        torch::NoGradGuard g;
        const MaskedLMOutput out = m.model->forward(ids, mask, labels, false, /*computeAllLogits=*/true);
        QCOMPARE(out.maskedLogits.size(0), std::int64_t(3));
        const torch::Tensor reference = torch::nn::functional::cross_entropy(
            out.logits.reshape({-1, 50}), labels.reshape({-1}), torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
        QVERIFY(std::abs(out.loss.item<double>() - reference.item<double>()) < 1e-6);
    }

    void heads_data()
    {
        QTest::addColumn<QString>("head");
        QTest::newRow("token") << "token";
        QTest::newRow("sequence") << "sequence";
        QTest::newRow("model") << "model";
    }

    // The encoder of an MLM checkpoint loads into every head; only the head is missing.
    void heads()
    {
        QFETCH(QString, head);
        XlmrConfig c = XlmrConfig::load(fixture());
        c.setNumLabels(3);
        std::shared_ptr<torch::nn::Module> module;
        XlmrModel base{nullptr};
        if (head == "token") {
            auto m = XlmrForTokenClassification(c);
            module = m.ptr();
            base = m->roberta;
        } else if (head == "sequence") {
            auto m = XlmrForSequenceClassification(c);
            module = m.ptr();
            base = m->roberta;
        } else {
            auto m = XlmrModel(c);
            module = m.ptr();
            base = m;
        }
        const XlmrLoadReport r = loadXlmrParameters(*module, fixture());
        for (const auto &n : r.missing)
            QVERIFY2(QString::fromStdString(n).startsWith("classifier") || QString::fromStdString(n).startsWith("pooler"),
                     n.c_str());
        QVERIFY(!r.missing.empty());
        module->eval();
        SafeTensorsFile input((fixture() / "input.safetensors").string());
        SafeTensorsFile expected((fixture() / "expected.safetensors").string());
        torch::NoGradGuard g;
        const XlmrOutput out = base->forward(input.tensor("input_ids"), input.tensor("attention_mask"));
        QVERIFY(maxDiff(out.lastHiddenState, expected.tensor("last_hidden_state")) < 1e-4);
        if (head == "token") {
            auto out2 = std::static_pointer_cast<XlmrForTokenClassificationImpl>(module)->forward(
                input.tensor("input_ids"), input.tensor("attention_mask"), torch::zeros({2, 12}, torch::kLong));
            QCOMPARE(out2.logits.sizes().vec(), (std::vector<std::int64_t>{2, 12, 3}));
            QVERIFY(out2.loss.defined());
        } else if (head == "sequence") {
            auto out2 = std::static_pointer_cast<XlmrForSequenceClassificationImpl>(module)->forward(
                input.tensor("input_ids"), input.tensor("attention_mask"), torch::tensor({0, 2}, torch::kLong));
            QCOMPARE(out2.logits.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
            QVERIFY(out2.loss.defined());
        } else {
            QCOMPARE(out.pooled.sizes().vec(), (std::vector<std::int64_t>{2, 32}));
        }
    }

    void shapeMismatchIsAnError()
    {
        XlmrConfig c = XlmrConfig::load(fixture());
        c.vocabSize = 60;
        XlmrForMaskedLM m(c);
        try {
            loadXlmrParameters(*m, fixture());
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString(e.what()).contains("word_embeddings"), e.what());
        }
    }

    // An exported folder loads into the real transformers with the same outputs, and its
    // tokenizer files load as XLMRobertaTokenizer.
    void exportLoadsInTransformers()
    {
        const QString python = venvPython("transformers, sentencepiece");
        if (python.isEmpty())
            QSKIP("the project's venv with transformers and sentencepiece is not available");
        LanguageCorpus corpus;
        corpus.lines["deu"] = demoSentences("/usr/share/man/de", 200, 1);
        SentencePieceTrainingConfig sc;
        sc.vocabSize = 300;
        const fs::path spm = trainSentencePiece(corpus, sc, toPath(m_tmp.path()) / "spm");
        const XlmrTokenizer tok(spm);
        XlmrConfig c = XlmrConfig::preset("tiny");
        c.vocabSize = int(tok.vocabSize());
        torch::manual_seed(3);
        XlmrForMaskedLM model(c);
        initialiseXlmrWeights(*model, c);
        {
            torch::NoGradGuard g;
            model->lm_head->bias.normal_(0, 0.5); // not all zeros: a dropped bias shows
        }
        const fs::path dir = toPath(m_tmp.path()) / "export";
        exportXlmrMaskedLM(*model, c, tok, dir);
        for (const char *f : {"config.json", "model.safetensors", "sentencepiece.bpe.model", "tokenizer_config.json",
                              "special_tokens_map.json"})
            QVERIFY2(fs::exists(dir / f), f);
        QCOMPARE(SafeTensorsFile((dir / "model.safetensors").string()).metadata().at("format"), std::string("pt"));

        const std::string sentence = corpus.lines["deu"][5];
        const std::vector<std::int64_t> ids = tok.encode(sentence);
        const QString script = QStringLiteral(
            "import sys, torch\n"
            "from safetensors.torch import save_file\n"
            "from transformers import AutoTokenizer, XLMRobertaForMaskedLM\n"
            "tok = AutoTokenizer.from_pretrained(sys.argv[1])\n"
            "m = XLMRobertaForMaskedLM.from_pretrained(sys.argv[1], attn_implementation='eager').eval()\n"
            "assert m.lm_head.decoder.weight.data_ptr() == m.roberta.embeddings.word_embeddings.weight.data_ptr(), 'untied'\n"
            "enc = tok([sys.argv[3], 'kurz'], padding=True, return_tensors='pt')\n"
            "with torch.no_grad():\n"
            "    out = m(**enc)\n"
            "save_file({'input_ids': enc['input_ids'].contiguous(), 'attention_mask': enc['attention_mask'].contiguous(),\n"
            "           'logits': out.logits.contiguous()}, sys.argv[2])\n");
        const fs::path result = toPath(m_tmp.path()) / "hf.safetensors";
        QString error;
        QVERIFY2(run({python, "-c", script, QString::fromStdString(dir.string()), QString::fromStdString(result.string()),
                      QString::fromStdString(sentence)},
                     &error),
                 qPrintable(error));
        SafeTensorsFile hf(result.string());
        const torch::Tensor hfIds = hf.tensor("input_ids");
        QVERIFY(hfIds[0].slice(0, 0, std::int64_t(ids.size())).equal(torch::tensor(ids, torch::kLong)));
        model->eval();
        torch::NoGradGuard g;
        const MaskedLMOutput ours = model->forward(hfIds, hf.tensor("attention_mask"));
        const torch::Tensor valid = hf.tensor("attention_mask").to(torch::kBool);
        const double d = maxDiff(ours.logits.index({valid}), hf.tensor("logits").index({valid}));
        qInfo("largest logit difference to transformers: %.3g", d);
        QVERIFY(d < 1e-4);
        // and the folder loads back here
        const LoadedXlmrMaskedLM back = loadXlmrMaskedLM(dir);
        QVERIFY(back.report.missing.empty());
    }

private:
    std::string readFixture(const char *name) const
    {
        std::ifstream in(fixture() / name);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestXlmr)
#include "test_xlmr.moc"
