#include "fieldbench/models/mlmtraining.h"

#include "fieldbench/util/error.h"

#include <chrono>

namespace fieldbench {

std::vector<std::string> MlmTrainingConfig::validate() const
{
    std::vector<std::string> p;
    if (steps < 0)
        p.push_back("steps cannot be negative");
    if (batchSize < 1)
        p.push_back("batch size must be at least 1");
    if (!(learningRate > 0))
        p.push_back("learning rate must be above 0");
    if (weightDecay < 0 || warmupSteps < 0 || clipNorm < 0)
        p.push_back("weight decay, warm-up steps and clipping norm cannot be negative");
    return p;
}

std::vector<MlmStep> trainMaskedLM(XlmrForMaskedLMImpl &model, MlmBatcher &data, const MlmTrainingConfig &config,
                                   const std::function<void(const MlmStep &)> &onStep)
{
    const auto problems = config.validate();
    if (!problems.empty()) {
        std::string msg = "invalid MLM training settings:";
        for (const auto &p : problems)
            msg += "\n  " + p;
        throw Error(msg);
    }
    torch::manual_seed(config.seed);
    model.train();
    std::vector<torch::Tensor> params = model.parameters(true);
    torch::optim::AdamW optimizer(params, torch::optim::AdamWOptions(config.learningRate)
                                              .weight_decay(config.weightDecay)
                                              .betas({0.9, 0.98})
                                              .eps(1e-6));
    const torch::Device device = params.empty() ? torch::Device(torch::kCPU) : params.front().device();
    std::vector<MlmStep> steps;
    for (int s = 1; s <= config.steps; ++s) {
        const auto t0 = std::chrono::steady_clock::now();
        double lr = config.learningRate;
        if (config.warmupSteps > 0 && s <= config.warmupSteps)
            lr *= double(s) / double(config.warmupSteps);
        else
            lr *= std::max(0.0, double(config.steps - s + 1) / double(std::max(1, config.steps - config.warmupSteps)));
        for (auto &group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions &>(group.options()).lr(lr);

        const MlmBatch batch = data.next(config.batchSize);
        optimizer.zero_grad();
        torch::Tensor loss;
        if (config.fullLogits) {
            const MaskedLMOutput out = model.forward(batch.inputIds.to(device), batch.attentionMask.to(device));
            loss = torch::nn::functional::cross_entropy(
                out.logits.reshape({-1, out.logits.size(-1)}).to(torch::kFloat), batch.labels.to(device).reshape({-1}),
                torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
        } else {
            loss = model.forward(batch.inputIds.to(device), batch.attentionMask.to(device), batch.labels.to(device)).loss;
        }
        loss.backward();
        if (config.clipNorm > 0)
            torch::nn::utils::clip_grad_norm_(params, config.clipNorm);
        optimizer.step();

        MlmStep st;
        st.step = s;
        st.loss = loss.item<double>();
        st.learningRate = lr;
        st.tokens = batch.tokens;
        st.predicted = batch.predicted;
        st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        steps.push_back(st);
        if (onStep)
            onStep(st);
    }
    return steps;
}

MlmEvaluation evaluateMaskedLM(XlmrForMaskedLMImpl &model, const std::vector<MlmBatch> &batches)
{
    const bool wasTraining = model.is_training();
    model.eval();
    torch::NoGradGuard noGrad;
    const auto params = model.parameters(true);
    const torch::Device device = params.empty() ? torch::Device(torch::kCPU) : params.front().device();
    double lossSum = 0;
    std::int64_t correct = 0, n = 0;
    for (const MlmBatch &b : batches) {
        const MaskedLMOutput out = model.forward(b.inputIds.to(device), b.attentionMask.to(device), b.labels.to(device));
        const std::int64_t m = out.maskedLabels.size(0);
        if (m == 0)
            continue;
        lossSum += torch::nn::functional::cross_entropy(out.maskedLogits.to(torch::kFloat), out.maskedLabels,
                                                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
        correct += out.maskedLogits.argmax(-1).eq(out.maskedLabels).sum().item<std::int64_t>();
        n += m;
    }
    model.train(wasTraining);
    MlmEvaluation e;
    e.predicted = n;
    e.loss = n ? lossSum / double(n) : 0.0;
    e.accuracy = n ? double(correct) / double(n) : 0.0;
    return e;
}

} // namespace fieldbench
