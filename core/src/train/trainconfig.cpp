#include "fieldbench/train/trainconfig.h"

#include "fieldbench/util/error.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <set>

namespace fieldbench {

namespace {

using nlohmann::json;

// One table drives JSON reading, writing and the field documentation, so a new field is
// added in exactly one place (plus its member and default in the header).
struct Field
{
    std::string key; // dotted path
    std::string doc;
    bool advanced = true;
    std::function<json(const TrainConfig &)> get;
    std::function<void(TrainConfig &, const json &)> set;
};

template <class Access>
Field field(std::string key, bool advanced, std::string doc, Access access)
{
    Field f;
    f.key = std::move(key);
    f.doc = std::move(doc);
    f.advanced = advanced;
    f.get = [access](const TrainConfig &c) { return json(access(const_cast<TrainConfig &>(c))); };
    f.set = [access, k = f.key](TrainConfig &c, const json &value) {
        using T = std::decay_t<decltype(access(c))>;
        try {
            access(c) = value.get<T>();
        } catch (const json::exception &) {
            throw Error("\"" + k + "\" has the wrong type (" + std::string(value.type_name()) + ")");
        }
    };
    return f;
}

const std::vector<Field> &fields()
{
    static const std::vector<Field> table = {
        field("objective", false, "What to train: pretrain (self-supervised, unlabelled audio), ctc (a recogniser from transcripts) or mlm (masked language model on text)", [](TrainConfig &c) -> auto & { return c.objective; }),
        field("project", false, "Project folder with the recordings (mlm: with the text documents)", [](TrainConfig &c) -> auto & { return c.project; }),
        field("model", false, "Starting model folder (Hugging Face layout); empty = a fresh model of the preset size. mlm: an XLM-R masked-LM folder with its sentencepiece.bpe.model (from `mlm init` or `mlm adapt`), required", [](TrainConfig &c) -> auto & { return c.model; }),
        field("preset", false, "Size of a fresh model: tiny, small, base, large, xlsr-300m", [](TrainConfig &c) -> auto & { return c.preset; }),
        field("max_steps", false, "Optimizer updates in total", [](TrainConfig &c) -> auto & { return c.maxSteps; }),
        field("seed", true, "Seed of splits, sampling, masking and initialisation", [](TrainConfig &c) -> auto & { return c.seed; }),
        field("device", false, "cpu, cuda or cuda:N", [](TrainConfig &c) -> auto & { return c.device; }),
        field("precision", true, "fp32, or bf16 (autocast; fastest on recent GPUs)", [](TrainConfig &c) -> auto & { return c.precision; }),
        field("threads", true, "CPU threads; 0 = all cores", [](TrainConfig &c) -> auto & { return c.threads; }),

        field("data.languages", false, "Languages (ISO 639-3) to train on; empty = all", [](TrainConfig &c) -> auto & { return c.data.languages; }),
        field("data.speakers", false, "Speakers to train on; empty = all", [](TrainConfig &c) -> auto & { return c.data.speakers; }),
        field("data.tier", false, "Transcript tier with the targets (recognisers)", [](TrainConfig &c) -> auto & { return c.data.tier; }),
        field("data.split_by", true, "Held-out unit for the dev set: speaker or recording", [](TrainConfig &c) -> auto & { return c.data.splitBy; }),
        field("data.dev_fraction", true, "Share of speakers/recordings (mlm: text lines, drawn with the seed) per language held out for dev; 0 = no dev set", [](TrainConfig &c) -> auto & { return c.data.devFraction; }),
        field("data.dev_speakers", true, "Explicit dev speakers (instead of dev_fraction)", [](TrainConfig &c) -> auto & { return c.data.devSpeakers; }),
        field("data.min_seconds", true, "Shorter segments are skipped (seconds)", [](TrainConfig &c) -> auto & { return c.data.minSeconds; }),
        field("data.max_seconds", true, "Longer segments are cropped at a random offset (seconds)", [](TrainConfig &c) -> auto & { return c.data.maxSeconds; }),
        field("data.batch_seconds", false, "Audio seconds per batch", [](TrainConfig &c) -> auto & { return c.data.batchSeconds; }),
        field("data.max_batch_size", true, "Utterances per batch at most", [](TrainConfig &c) -> auto & { return c.data.maxBatchSize; }),
        field("data.buckets", true, "Length buckets batches are drawn from", [](TrainConfig &c) -> auto & { return c.data.buckets; }),
        field("data.crop_to_shortest", true, "Pretraining: crop each batch to its shortest item (true) or pad and mask (false)", [](TrainConfig &c) -> auto & { return c.data.cropToShortest; }),
        field("data.sampling_alpha", false, "Language sampling exponent: 1 = as in the data, 0 = uniform, 0.5 = XLSR/XLM-R", [](TrainConfig &c) -> auto & { return c.data.samplingAlpha; }),
        field("data.loader_threads", true, "Threads preparing batches", [](TrainConfig &c) -> auto & { return c.data.loaderThreads; }),
        field("data.prefetch_batches", true, "Batches prepared ahead", [](TrainConfig &c) -> auto & { return c.data.prefetchBatches; }),

        field("optim.learning_rate", false, "Peak learning rate", [](TrainConfig &c) -> auto & { return c.optim.learningRate; }),
        field("optim.beta1", true, "AdamW beta1", [](TrainConfig &c) -> auto & { return c.optim.beta1; }),
        field("optim.beta2", true, "AdamW beta2", [](TrainConfig &c) -> auto & { return c.optim.beta2; }),
        field("optim.epsilon", true, "AdamW epsilon", [](TrainConfig &c) -> auto & { return c.optim.epsilon; }),
        field("optim.weight_decay", true, "AdamW decoupled weight decay", [](TrainConfig &c) -> auto & { return c.optim.weightDecay; }),
        field("optim.schedule", true, "After warmup: linear, cosine, tristage or constant", [](TrainConfig &c) -> auto & { return c.optim.schedule; }),
        field("optim.warmup_steps", true, "Linear warmup updates (linear, cosine, constant)", [](TrainConfig &c) -> auto & { return c.optim.warmupSteps; }),
        field("optim.tristage_warmup", true, "Tristage: share of updates warming up", [](TrainConfig &c) -> auto & { return c.optim.tristageWarmup; }),
        field("optim.tristage_hold", true, "Tristage: share of updates at the peak", [](TrainConfig &c) -> auto & { return c.optim.tristageHold; }),
        field("optim.tristage_decay", true, "Tristage: share of updates decaying", [](TrainConfig &c) -> auto & { return c.optim.tristageDecay; }),
        field("optim.final_lr_scale", true, "Cosine/tristage: final learning rate as a share of the peak", [](TrainConfig &c) -> auto & { return c.optim.finalLrScale; }),
        field("optim.clip_norm", true, "Gradient clipping by global norm; 0 disables", [](TrainConfig &c) -> auto & { return c.optim.clipNorm; }),
        field("optim.accumulation_steps", true, "Batches summed per update", [](TrainConfig &c) -> auto & { return c.optim.accumulationSteps; }),
        field("optim.layer_lr_decay", true, "Layer-wise learning-rate decay; 1 disables", [](TrainConfig &c) -> auto & { return c.optim.layerLrDecay; }),

        field("pretrain.gumbel_max", true, "Gumbel temperature at the start", [](TrainConfig &c) -> auto & { return c.pretrain.gumbelMax; }),
        field("pretrain.gumbel_min", true, "Lowest Gumbel temperature", [](TrainConfig &c) -> auto & { return c.pretrain.gumbelMin; }),
        field("pretrain.gumbel_decay", true, "Gumbel temperature factor per update", [](TrainConfig &c) -> auto & { return c.pretrain.gumbelDecay; }),
        field("pretrain.mask_prob", true, "Share of frames starting a masked span", [](TrainConfig &c) -> auto & { return c.pretrain.maskProb; }),
        field("pretrain.mask_length", true, "Masked span length (frames of 20 ms)", [](TrainConfig &c) -> auto & { return c.pretrain.maskLength; }),
        field("pretrain.num_negatives", true, "Distractors per masked frame", [](TrainConfig &c) -> auto & { return c.pretrain.numNegatives; }),
        field("pretrain.diversity_weight", true, "Weight of the codebook diversity loss", [](TrainConfig &c) -> auto & { return c.pretrain.diversityWeight; }),
        field("pretrain.feature_penalty_weight", true, "Weight of the feature-encoder L2 penalty; 0 disables", [](TrainConfig &c) -> auto & { return c.pretrain.featurePenaltyWeight; }),

        field("ctc.unit", false, "Output units: phone (space-separated tokens such as IPA) or char", [](TrainConfig &c) -> auto & { return c.ctc.unit; }),
        field("ctc.word_delimiter", true, "Token between words", [](TrainConfig &c) -> auto & { return c.ctc.wordDelimiter; }),
        field("ctc.freeze_feature_encoder", true, "No training of the convolutional feature encoder", [](TrainConfig &c) -> auto & { return c.ctc.freezeFeatureEncoder; }),
        field("ctc.freeze_transformer_steps", true, "Train only the output layer for the first N updates; 0 disables", [](TrainConfig &c) -> auto & { return c.ctc.freezeTransformerSteps; }),
        field("ctc.mask_time_prob", true, "SpecAugment time masking while fine-tuning", [](TrainConfig &c) -> auto & { return c.ctc.maskTimeProb; }),
        field("ctc.dropout", true, "Dropout of the hidden states, attention, feed-forward, feature projection and output layer while fine-tuning; -1 keeps the starting model's (transformers' fine-tuning scripts often set 0 for small data)", [](TrainConfig &c) -> auto & { return c.ctc.dropout; }),
        field("ctc.layerdrop", true, "Probability of skipping a transformer layer per update while fine-tuning; -1 keeps the starting model's", [](TrainConfig &c) -> auto & { return c.ctc.layerdrop; }),

        field("mlm.mask_prob", true, "Masked LM: share of the tokens of a sequence to predict (XLM-R: 0.15)", [](TrainConfig &c) -> auto & { return c.mlm.maskProb; }),
        field("mlm.mask_token_share", true, "Masked LM: share of the predicted tokens replaced by <mask>", [](TrainConfig &c) -> auto & { return c.mlm.maskTokenShare; }),
        field("mlm.random_token_share", true, "Masked LM: share of the predicted tokens replaced by a random token (the rest stay as they are)", [](TrainConfig &c) -> auto & { return c.mlm.randomTokenShare; }),
        field("mlm.whole_word", false, "Masked LM: predict whole words (all pieces of a word together) instead of single pieces", [](TrainConfig &c) -> auto & { return c.mlm.wholeWord; }),
        field("mlm.max_length", false, "Masked LM: tokens per sequence incl. <s> and </s> (at most the model's max_position_embeddings - 2)", [](TrainConfig &c) -> auto & { return c.mlm.maxLength; }),
        field("mlm.batch_size", false, "Masked LM: sequences per batch", [](TrainConfig &c) -> auto & { return c.mlm.batchSize; }),
        field("mlm.pack_sequences", true, "Masked LM: fill each sequence with consecutive sentences (true) or one sentence per sequence (false)", [](TrainConfig &c) -> auto & { return c.mlm.packSequences; }),

        field("checkpoint.every_steps", true, "Checkpoint every N updates (and at stop and finish)", [](TrainConfig &c) -> auto & { return c.checkpoint.everySteps; }),
        field("checkpoint.keep_last", true, "Newest checkpoints kept", [](TrainConfig &c) -> auto & { return c.checkpoint.keepLast; }),
        field("checkpoint.keep_best", true, "Also keep the checkpoint with the best dev metric", [](TrainConfig &c) -> auto & { return c.checkpoint.keepBest; }),
        field("checkpoint.eval_every_steps", false, "Dev evaluation every N updates; 0 disables", [](TrainConfig &c) -> auto & { return c.checkpoint.evalEverySteps; }),
        field("checkpoint.log_every_steps", true, "One metrics line every N updates", [](TrainConfig &c) -> auto & { return c.checkpoint.logEverySteps; }),
        field("checkpoint.max_non_finite_in_a_row", true, "Skipped non-finite steps in a row that stop the run", [](TrainConfig &c) -> auto & { return c.checkpoint.maxNonFiniteInARow; }),
    };
    return table;
}

json *slot(json &root, const std::string &dotted, bool create)
{
    json *node = &root;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = dotted.find('.', start);
        const std::string part = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!create && (!node->is_object() || !node->contains(part)))
            return nullptr;
        node = &(*node)[part];
        if (dot == std::string::npos)
            return node;
        start = dot + 1;
    }
}

void collectKeys(const json &node, const std::string &prefix, std::set<std::string> &out)
{
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it->is_object())
            collectKeys(*it, key, out);
        else
            out.insert(key);
    }
}

bool oneOf(const std::string &v, std::initializer_list<const char *> options)
{
    for (const char *o : options)
        if (v == o)
            return true;
    return false;
}

} // namespace

std::string TrainConfig::toJson() const
{
    json root = json::object();
    for (const Field &f : fields())
        *slot(root, f.key, true) = f.get(*this);
    return root.dump(2) + "\n";
}

TrainConfig TrainConfig::fromJson(const std::string &text, const std::string &source)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error &e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
    if (!root.is_object())
        throw Error(source, "a training configuration must be a JSON object");
    std::set<std::string> known;
    for (const Field &f : fields())
        known.insert(f.key);
    std::set<std::string> present;
    collectKeys(root, "", present);
    for (const std::string &k : present)
        if (!known.count(k))
            throw Error(source, "unknown setting \"" + k + "\" (a typo? see `fieldbench-cli train --help-config`)");
    TrainConfig c;
    for (const Field &f : fields())
        if (const json *v = slot(root, f.key, false)) {
            try {
                f.set(c, *v);
            } catch (const Error &e) {
                throw Error(source, e.what());
            }
        }
    return c;
}

std::vector<std::string> TrainConfig::validate() const
{
    std::vector<std::string> p;
    auto need = [&](bool ok, const std::string &message) {
        if (!ok)
            p.push_back(message);
    };
    need(oneOf(objective, {"pretrain", "ctc", "mlm"}), "objective must be pretrain, ctc or mlm, not \"" + objective + "\"");
    need(!project.empty(), "project: the project folder with the training data is not set");
    need(!model.empty() || oneOf(preset, {"tiny", "small", "base", "large", "xlsr-300m"}),
         "preset must be tiny, small, base, large or xlsr-300m when no starting model is given");
    need(maxSteps > 0, "max_steps must be > 0");
    need(device == "cpu" || device == "cuda" || device.rfind("cuda:", 0) == 0, "device must be cpu, cuda or cuda:N, not \"" + device + "\"");
    need(oneOf(precision, {"fp32", "bf16"}), "precision must be fp32 or bf16");
    need(threads >= 0, "threads must be >= 0 (0 = all cores)");
    need(oneOf(data.splitBy, {"speaker", "recording"}), "data.split_by must be speaker or recording");
    need(data.devFraction >= 0 && data.devFraction < 1, "data.dev_fraction must be in [0, 1)");
    need(data.minSeconds >= 0, "data.min_seconds must be >= 0");
    need(data.maxSeconds > data.minSeconds, "data.max_seconds must be larger than data.min_seconds");
    need(data.batchSeconds >= data.maxSeconds, "data.batch_seconds must be at least data.max_seconds (a batch holds one longest segment)");
    need(data.maxBatchSize >= 1, "data.max_batch_size must be >= 1");
    need(data.buckets >= 1, "data.buckets must be >= 1");
    need(data.samplingAlpha >= 0 && data.samplingAlpha <= 1, "data.sampling_alpha must be in [0, 1]");
    need(data.loaderThreads >= 1, "data.loader_threads must be >= 1");
    need(data.prefetchBatches >= 1, "data.prefetch_batches must be >= 1");
    need(optim.learningRate > 0, "optim.learning_rate must be > 0");
    need(optim.beta1 >= 0 && optim.beta1 < 1 && optim.beta2 >= 0 && optim.beta2 < 1, "optim.beta1 and optim.beta2 must be in [0, 1)");
    need(optim.epsilon > 0, "optim.epsilon must be > 0");
    need(optim.weightDecay >= 0, "optim.weight_decay must be >= 0");
    need(oneOf(optim.schedule, {"linear", "cosine", "tristage", "constant"}), "optim.schedule must be linear, cosine, tristage or constant");
    need(optim.warmupSteps >= 0, "optim.warmup_steps must be >= 0");
    need(optim.tristageWarmup >= 0 && optim.tristageHold >= 0 && optim.tristageDecay >= 0 &&
             optim.tristageWarmup + optim.tristageHold + optim.tristageDecay <= 1.0 + 1e-9,
         "optim.tristage_warmup + tristage_hold + tristage_decay must be shares adding up to at most 1");
    need(optim.finalLrScale >= 0 && optim.finalLrScale <= 1, "optim.final_lr_scale must be in [0, 1]");
    need(optim.clipNorm >= 0, "optim.clip_norm must be >= 0 (0 disables)");
    need(optim.accumulationSteps >= 1, "optim.accumulation_steps must be >= 1");
    need(optim.layerLrDecay > 0 && optim.layerLrDecay <= 1, "optim.layer_lr_decay must be in (0, 1]");
    need(pretrain.gumbelMax >= pretrain.gumbelMin && pretrain.gumbelMin > 0, "pretrain.gumbel_max must be >= pretrain.gumbel_min > 0");
    need(pretrain.gumbelDecay > 0 && pretrain.gumbelDecay <= 1, "pretrain.gumbel_decay must be in (0, 1]");
    need(pretrain.maskProb > 0 && pretrain.maskProb <= 1, "pretrain.mask_prob must be in (0, 1]");
    need(pretrain.maskLength >= 1, "pretrain.mask_length must be >= 1");
    need(pretrain.numNegatives >= 1, "pretrain.num_negatives must be >= 1");
    need(pretrain.diversityWeight >= 0 && pretrain.featurePenaltyWeight >= 0, "pretrain loss weights must be >= 0");
    need(oneOf(ctc.unit, {"phone", "char"}), "ctc.unit must be phone or char");
    need(!ctc.wordDelimiter.empty(), "ctc.word_delimiter must not be empty");
    need(ctc.freezeTransformerSteps >= 0, "ctc.freeze_transformer_steps must be >= 0");
    need(ctc.maskTimeProb >= 0 && ctc.maskTimeProb < 1, "ctc.mask_time_prob must be in [0, 1)");
    need(ctc.dropout == -1 || (ctc.dropout >= 0 && ctc.dropout < 1), "ctc.dropout must be -1 (the model's) or in [0, 1)");
    need(ctc.layerdrop == -1 || (ctc.layerdrop >= 0 && ctc.layerdrop < 1), "ctc.layerdrop must be -1 (the model's) or in [0, 1)");
    if (objective == "mlm") {
        need(!model.empty(), "model: objective mlm needs a starting XLM-R masked-LM folder (make one with `fieldbench-cli mlm init`)");
        need(data.samplingAlpha > 0, "data.sampling_alpha must be > 0 for mlm (XLM-R: 0.3)");
    }
    need(mlm.maskProb > 0 && mlm.maskProb < 1, "mlm.mask_prob must be in (0, 1)");
    need(mlm.maskTokenShare >= 0 && mlm.randomTokenShare >= 0 && mlm.maskTokenShare + mlm.randomTokenShare <= 1.0 + 1e-9,
         "mlm.mask_token_share and mlm.random_token_share must be >= 0 and add up to at most 1");
    need(mlm.maxLength >= 3, "mlm.max_length must be >= 3 (<s>, a token, </s>)");
    need(mlm.batchSize >= 1, "mlm.batch_size must be >= 1");
    need(checkpoint.everySteps >= 1, "checkpoint.every_steps must be >= 1");
    need(checkpoint.keepLast >= 1, "checkpoint.keep_last must be >= 1");
    need(checkpoint.evalEverySteps >= 0, "checkpoint.eval_every_steps must be >= 0 (0 disables)");
    need(checkpoint.logEverySteps >= 1, "checkpoint.log_every_steps must be >= 1");
    need(checkpoint.maxNonFiniteInARow >= 1, "checkpoint.max_non_finite_in_a_row must be >= 1");
    return p;
}

TrainConfig TrainConfig::fromPreset(const std::string &name)
{
    TrainConfig c;
    if (name == "continue-pretraining") {
        // Continued pretraining of a multilingual model (XLSR-53 / XLS-R) on the user's
        // language: a low peak rate so the model adapts without forgetting.
        c.objective = "pretrain";
        c.model = "";
        c.optim.learningRate = 5e-5;
        c.optim.warmupSteps = 1000;
        c.maxSteps = 20000;
    } else if (name == "phoneme-recogniser" || name == "character-recogniser") {
        c.objective = "ctc";
        c.ctc.unit = name == "phoneme-recogniser" ? "phone" : "char";
        c.data.tier = name == "phoneme-recogniser" ? "ipa" : "text";
        c.optim.learningRate = 1e-4;
        c.optim.schedule = "tristage";
        c.optim.clipNorm = 1.0;
        c.ctc.freezeTransformerSteps = 500;
        c.maxSteps = 10000;
        c.checkpoint.evalEverySteps = 250;
    } else if (name == "pretrain-small") {
        c.objective = "pretrain";
        c.preset = "small";
        c.optim.learningRate = 5e-4;
        c.optim.warmupSteps = 2000;
        // With the paper's 0.1, the small preset's codebook collapsed to one entry per group
        // as the rate reached its peak (a trivial contrastive task: every distractor equals
        // the target); a weight of 1 kept both groups' perplexity high (README, demo runs).
        c.pretrain.diversityWeight = 1.0;
        c.maxSteps = 20000;
    } else if (name == "mlm-continue") {
        // Continued masked-LM pretraining of an XLM-R folder (from `mlm init` or `mlm adapt`)
        // on the project's text: XLM-R's masking and language sampling, a low peak rate.
        c.objective = "mlm";
        c.data.samplingAlpha = 0.3;
        c.optim.learningRate = 5e-5;
        c.optim.warmupSteps = 500;
        c.optim.clipNorm = 1.0;
        c.maxSteps = 10000;
        c.checkpoint.evalEverySteps = 500;
    } else {
        throw Error("unknown training preset \"" + name + "\" (known: continue-pretraining, phoneme-recogniser, "
                    "character-recogniser, pretrain-small, mlm-continue)");
    }
    return c;
}

std::vector<std::string> TrainConfig::presetNames()
{
    return {"continue-pretraining", "phoneme-recogniser", "character-recogniser", "pretrain-small", "mlm-continue"};
}

const std::vector<ConfigFieldDoc> &trainConfigFieldDocs()
{
    static const std::vector<ConfigFieldDoc> docs = [] {
        std::vector<ConfigFieldDoc> d;
        for (const Field &f : fields())
            d.push_back({f.key, f.doc, f.advanced});
        return d;
    }();
    return docs;
}

} // namespace fieldbench
