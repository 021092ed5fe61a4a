#include "fieldbench/models/transcriber.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/models/ctcdecoder.h"
#include "fieldbench/models/wav2vec2.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/runtime.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fieldbench {

namespace {

std::size_t utf8Length(const std::string &s)
{
    std::size_t n = 0;
    for (const unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

} // namespace

// ---- vocabulary --------------------------------------------------------------------------

CtcVocabulary CtcVocabulary::load(const fs::path &file, int blank, const std::string &unit)
{
    json v;
    try {
        v = json::parse(readFile(file));
    } catch (const json::exception &e) {
        throw Error(file.string(), std::string("invalid JSON: ") + e.what());
    }
    if (!v.is_object() || v.empty())
        throw Error(file.string(), "a CTC vocabulary must be a JSON object {\"token\": id, ...}");
    CtcVocabulary out;
    out.tokens.assign(v.size(), std::string());
    out.special.assign(v.size(), false);
    std::vector<bool> seen(v.size(), false);
    for (const auto &[token, id] : v.items()) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() >= std::int64_t(v.size())
            || seen[id.get<std::size_t>()])
            throw Error(file.string(), "token \"" + token + "\" has id " + id.dump() + "; ids must be 0.."
                                           + std::to_string(v.size() - 1) + ", each used once");
        seen[id.get<std::size_t>()] = true;
        out.tokens[id.get<std::size_t>()] = token;
    }
    if (blank < 0 || blank >= int(out.tokens.size()))
        throw Error(file.string(), "the model's blank (pad_token_id " + std::to_string(blank) + ") is not in the vocabulary");
    out.blank = blank;
    bool multi = false;
    for (std::size_t i = 0; i < out.tokens.size(); ++i) {
        const std::string &t = out.tokens[i];
        if (t == "|")
            out.delimiter = int(i);
        out.special[i] = int(i) == blank || t == "<pad>" || t == "<unk>" || t == "<s>" || t == "</s>" || t == "[PAD]"
                         || t == "[UNK]";
        if (!out.special[i] && utf8Length(t) > 1)
            multi = true;
    }
    if (unit == "phone")
        out.phones = true;
    else if (unit == "char")
        out.phones = false;
    else if (unit == "auto")
        out.phones = multi;
    else
        throw Error("unit must be char, phone or auto (got \"" + unit + "\")");
    return out;
}

std::string CtcVocabulary::decode(const std::vector<int> &ids) const
{
    std::string out;
    for (const int id : ids) {
        if (id < 0 || id >= int(tokens.size()) || special[std::size_t(id)])
            continue;
        if (id == delimiter) {
            if (phones) {
                const bool endsWithDelimiter = out.size() >= 2 && out.compare(out.size() - 2, 2, " |") == 0;
                if (!out.empty() && !endsWithDelimiter)
                    out += " |";
            } else if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
            continue;
        }
        if (phones && !out.empty())
            out += ' ';
        out += tokens[std::size_t(id)];
    }
    // No trailing delimiter.
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (phones && out.size() >= 2 && out.compare(out.size() - 2, 2, " |") == 0)
        out.resize(out.size() - 2);
    if (phones && out == "|")
        out.clear();
    return out;
}

std::vector<int> CtcVocabulary::encode(const std::string &text, std::size_t *unknown) const
{
    std::vector<int> ids;
    std::size_t misses = 0;
    const auto addDelimiter = [&] {
        if (delimiter >= 0 && !ids.empty() && ids.back() != delimiter)
            ids.push_back(delimiter);
    };
    if (phones) {
        std::istringstream in(text);
        std::string piece;
        while (in >> piece) {
            const auto it = std::find(tokens.begin(), tokens.end(), piece);
            if (it == tokens.end() || special[std::size_t(it - tokens.begin())]) {
                ++misses;
                continue;
            }
            if (int(it - tokens.begin()) == delimiter)
                addDelimiter();
            else
                ids.push_back(int(it - tokens.begin()));
        }
    } else {
        std::size_t longest = 1;
        for (std::size_t i = 0; i < tokens.size(); ++i)
            if (!special[i])
                longest = std::max(longest, tokens[i].size());
        std::size_t p = 0;
        while (p < text.size()) {
            if (isSpace(text[p])) {
                addDelimiter();
                ++p;
                continue;
            }
            int found = -1;
            std::size_t len = std::min(longest, text.size() - p);
            for (; len > 0 && found < 0; --len) {
                for (std::size_t i = 0; i < tokens.size(); ++i)
                    if (!special[i] && tokens[i].size() == len && text.compare(p, len, tokens[i]) == 0) {
                        found = int(i);
                        break;
                    }
                if (found >= 0)
                    break;
            }
            if (found < 0) {
                ++misses;
                ++p;
                while (p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80)
                    ++p; // skip the rest of the code point
                continue;
            }
            if (found == delimiter)
                addDelimiter();
            else
                ids.push_back(found);
            p += tokens[std::size_t(found)].size();
        }
    }
    while (!ids.empty() && ids.back() == delimiter)
        ids.pop_back();
    if (unknown)
        *unknown += misses;
    return ids;
}

// ---- results -----------------------------------------------------------------------------

AnnotationTier Transcription::toTier(const std::string &name) const
{
    AnnotationTier t;
    t.name = name;
    t.type = "interval";
    for (const auto &s : segments)
        t.intervals.push_back({s.start, s.end, s.text});
    return t;
}

std::string Transcription::toJson() const
{
    json segs = json::array();
    for (const auto &s : segments) {
        json tokens = json::array();
        for (const auto &t : s.tokens)
            tokens.push_back({{"text", t.text}, {"start", round3(t.start)}, {"end", round3(t.end)},
                              {"confidence", std::round(t.confidence * 1e4) / 1e4}});
        segs.push_back({{"start", round3(s.start)}, {"end", round3(s.end)}, {"text", s.text},
                        {"confidence", std::round(s.confidence * 1e4) / 1e4}, {"tokens", tokens}});
    }
    json j = {{"audio", audio.string()}, {"duration", round3(durationSeconds)}, {"segments", segs}};
    return j.dump(2) + "\n";
}

std::string Transcription::toText() const
{
    std::string out;
    for (const auto &s : segments)
        out += s.text + "\n";
    return out;
}

std::vector<std::string> TranscribeConfig::validate() const
{
    std::vector<std::string> p = vad.validate();
    if (segmentation != "vad" && segmentation != "tier" && segmentation != "fixed")
        p.push_back("segmentation must be vad, tier or fixed (got \"" + segmentation + "\")");
    if (batchSize < 1)
        p.push_back("batch size must be at least 1");
    if (!(batchLengthRatio >= 1.0))
        p.push_back("batch length ratio must be >= 1");
    if (beamSize < 0)
        p.push_back("beam size must be 0 (greedy) or more");
    if (!(oovPenalty <= 0))
        p.push_back("lexicon OOV penalty must be <= 0");
    if (unit != "auto" && unit != "char" && unit != "phone")
        p.push_back("unit must be auto, char or phone");
    if ((segmentation == "fixed") && !(vad.maxSegmentSeconds >= 1.0))
        p.push_back("fixed segmentation needs a maximum segment length of at least 1 s");
    return p;
}

// ---- transcriber -------------------------------------------------------------------------

struct Transcriber::Impl
{
    TranscribeConfig config;
    LoadedWav2Vec2 model;
    Wav2Vec2ForCTCImpl *ctc = nullptr;
    CtcVocabulary vocab;
    bool normalize = true;
    bool attentionMask = false;
    torch::Device device = torch::kCPU;
    std::shared_ptr<const CharNgramLm> lm;
    std::vector<std::vector<int>> lexicon;

    struct Piece
    {
        std::size_t segment = 0;      // index of the output segment
        std::int64_t begin = 0, end = 0; // samples
    };
    struct Decoded
    {
        std::vector<CtcToken> tokens; // frames relative to the piece
        double blankMean = 0;
        int frames = 0;
    };

    torch::Tensor prepare(const std::vector<float> &x, std::int64_t begin, std::int64_t end, std::int64_t padded) const
    {
        const std::int64_t n = std::max<std::int64_t>(end - begin, 0);
        torch::Tensor t = torch::zeros({padded});
        if (n > 0) {
            torch::Tensor v = torch::from_blob(const_cast<float *>(x.data()) + begin, {n}, torch::kFloat32);
            if (normalize) {
                const auto mean = v.mean();
                const auto var = v.var(/*unbiased=*/false);
                v = (v - mean) / torch::sqrt(var + 1e-7);
            }
            t.slice(0, 0, n).copy_(v);
        }
        return t;
    }

    std::vector<Decoded> run(const std::vector<float> &x, const std::vector<Piece> &batch)
    {
        std::int64_t longest = 400; // the conv stack's receptive field: shorter input gives no frame
        for (const auto &p : batch)
            longest = std::max(longest, p.end - p.begin);
        std::vector<torch::Tensor> rows;
        torch::Tensor mask;
        if (attentionMask)
            mask = torch::zeros({std::int64_t(batch.size()), longest}, torch::kInt64);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            rows.push_back(prepare(x, batch[i].begin, batch[i].end, longest));
            if (attentionMask)
                mask[std::int64_t(i)].slice(0, 0, std::max<std::int64_t>(batch[i].end - batch[i].begin, 400)).fill_(1);
        }
        torch::Tensor input = torch::stack(rows).to(device);
        torch::Tensor logProbs;
        {
            torch::InferenceMode guard;
            AutocastGuard autocast(device.is_cuda(), config.bf16);
            const CtcOutput out = ctc->forward(input, attentionMask ? mask.to(device) : torch::Tensor());
            logProbs = torch::log_softmax(out.logits.to(torch::kFloat32), -1).to(torch::kCPU).contiguous();
        }
        std::vector<Decoded> result;
        const int vocabSize = int(logProbs.size(2));
        for (std::size_t i = 0; i < batch.size(); ++i) {
            Decoded d;
            const std::int64_t len = std::max<std::int64_t>(batch[i].end - batch[i].begin, 400);
            d.frames = int(std::min<std::int64_t>(model.config.outputLength(len), logProbs.size(1)));
            const float *lp = logProbs[std::int64_t(i)].data_ptr<float>();
            if (config.beamSize == 0) {
                d.tokens = ctcGreedyDecode(lp, d.frames, vocabSize, vocab.blank).tokens;
            } else {
                CtcBeamOptions o;
                o.beamSize = config.beamSize;
                o.lmWeight = lm ? config.lmWeight : 0.0;
                o.tokenBonus = config.tokenBonus;
                o.wordDelimiter = vocab.delimiter;
                o.lexicon = lexicon;
                o.oovPenalty = config.oovPenalty;
                const auto hyps = ctcPrefixBeamSearch(lp, d.frames, vocabSize, vocab.blank, o, lm.get());
                if (!hyps.empty())
                    d.tokens = hyps.front().tokens;
            }
            double blankSum = 0;
            for (int t = 0; t < d.frames; ++t)
                blankSum += std::exp(lp[std::size_t(t) * vocabSize + vocab.blank]);
            d.blankMean = d.frames ? blankSum / d.frames : 1.0;
            result.push_back(std::move(d));
        }
        return result;
    }
};

Transcriber::Transcriber(const fs::path &modelDir, const TranscribeConfig &config)
    : d(std::make_unique<Impl>())
{
    const auto problems = config.validate();
    if (!problems.empty())
        throw Error("transcription settings: " + problems.front());
    d->config = config;
    d->model = loadWav2Vec2(modelDir);
    if (d->model.architecture != Wav2Vec2Architecture::CTC)
        throw Error(modelDir.string(), "is a " + toString(d->model.architecture)
                                           + " model; transcription needs a CTC model (Wav2Vec2ForCTC) fine-tuned with a vocabulary");
    d->ctc = static_cast<Wav2Vec2ForCTCImpl *>(d->model.module.get());
    std::error_code ec;
    if (!fs::is_regular_file(modelDir / "vocab.json", ec))
        throw Error(modelDir.string(), "has no vocab.json; a CTC model folder needs the vocabulary it was trained with");
    d->vocab = CtcVocabulary::load(modelDir / "vocab.json", d->model.config.padTokenId, config.unit);
    if (int(d->vocab.tokens.size()) > d->model.config.vocabSize)
        throw Error((modelDir / "vocab.json").string(), "has more tokens than the model's vocab_size");
    d->attentionMask = d->model.config.featExtractNorm == "layer";
    if (fs::is_regular_file(modelDir / "preprocessor_config.json", ec)) {
        try {
            const json pre = json::parse(readFile(modelDir / "preprocessor_config.json"));
            d->normalize = pre.value("do_normalize", true);
            d->attentionMask = pre.value("return_attention_mask", d->attentionMask);
        } catch (const json::exception &e) {
            throw Error((modelDir / "preprocessor_config.json").string(), std::string("invalid JSON: ") + e.what());
        }
    }
    if (config.device != "cpu") {
        if (!torch::cuda::is_available())
            throw Error("device \"" + config.device + "\" requested, but no CUDA device is available (use --device cpu)");
        d->device = torch::Device(config.device);
    }
    d->model.module->to(d->device);
    d->model.module->eval();
}

Transcriber::~Transcriber() = default;

const CtcVocabulary &Transcriber::vocabulary() const { return d->vocab; }

double Transcriber::frameSeconds() const
{
    int stride = 1;
    for (const int s : d->model.config.convStride)
        stride *= s;
    return double(stride) / kProjectSampleRate;
}

void Transcriber::setLanguageModel(std::shared_ptr<const CharNgramLm> lm) { d->lm = std::move(lm); }

void Transcriber::setLexicon(const std::vector<std::string> &words)
{
    d->lexicon.clear();
    for (const auto &w : words) {
        std::vector<int> ids = d->vocab.encode(w);
        ids.erase(std::remove(ids.begin(), ids.end(), d->vocab.delimiter), ids.end());
        if (!ids.empty())
            d->lexicon.push_back(std::move(ids));
    }
}

std::vector<float> Transcriber::logProbs(const std::vector<float> &samples, int *frames)
{
    const std::int64_t n = std::max<std::int64_t>(std::int64_t(samples.size()), 400);
    std::vector<float> x = samples;
    x.resize(std::size_t(n), 0.0f);
    torch::Tensor input = d->prepare(x, 0, std::int64_t(samples.size()), n).unsqueeze(0).to(d->device);
    torch::InferenceMode guard;
    const CtcOutput out = d->ctc->forward(input, d->attentionMask ? torch::ones({1, n}, torch::kInt64).to(d->device) : torch::Tensor());
    torch::Tensor lp = torch::log_softmax(out.logits.to(torch::kFloat32), -1)[0].to(torch::kCPU).contiguous();
    *frames = int(lp.size(0));
    return std::vector<float>(lp.data_ptr<float>(), lp.data_ptr<float>() + lp.numel());
}

Transcription Transcriber::transcribe(const std::vector<float> &x, const std::vector<AnnotationInterval> &spans,
                                      TranscribeObserver *observer, const std::atomic<bool> *cancel)
{
    const TranscribeConfig &c = d->config;
    const double rate = kProjectSampleRate;
    const std::int64_t total = std::int64_t(x.size());
    Transcription result;
    result.durationSeconds = double(total) / rate;

    // Output segments.
    std::vector<std::pair<double, double>> bounds;
    if (c.segmentation == "tier") {
        for (const auto &s : spans)
            if (s.end > s.start)
                bounds.emplace_back(std::max(0.0, s.start), std::min(result.durationSeconds, s.end));
    } else if (c.segmentation == "vad") {
        for (const auto &s : detectSpeech(x, kProjectSampleRate, c.vad))
            bounds.emplace_back(s.start, s.end);
    } else {
        for (double t = 0; t < result.durationSeconds; t += c.vad.maxSegmentSeconds)
            bounds.emplace_back(t, std::min(result.durationSeconds, t + c.vad.maxSegmentSeconds));
    }
    // Pieces: segments longer than the maximum split evenly.
    std::vector<Impl::Piece> pieces;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        const std::int64_t b = std::int64_t(std::llround(bounds[i].first * rate));
        const std::int64_t e = std::min(total, std::int64_t(std::llround(bounds[i].second * rate)));
        if (e <= b)
            continue;
        const double seconds = double(e - b) / rate;
        const int parts = c.vad.maxSegmentSeconds > 0 ? std::max(1, int(std::ceil(seconds / c.vad.maxSegmentSeconds))) : 1;
        for (int k = 0; k < parts; ++k)
            pieces.push_back({i, b + (e - b) * k / parts, b + (e - b) * (k + 1) / parts});
    }
    result.segments.resize(bounds.size());
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        result.segments[i].start = bounds[i].first;
        result.segments[i].end = bounds[i].second;
    }

    // Batches of similar length, longest first.
    std::vector<std::size_t> order(pieces.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return pieces[a].end - pieces[a].begin > pieces[b].end - pieces[b].begin;
    });
    std::vector<Impl::Decoded> decoded(pieces.size());
    TranscribeProgress progress;
    progress.segmentsTotal = int(pieces.size());
    for (std::size_t at = 0; at < order.size();) {
        if (cancel && cancel->load())
            throw Cancelled{};
        std::vector<Impl::Piece> batch{pieces[order[at]]};
        std::vector<std::size_t> which{order[at]};
        const double longest = double(pieces[order[at]].end - pieces[order[at]].begin);
        std::size_t next = at + 1;
        while (next < order.size() && int(batch.size()) < c.batchSize
               && longest <= c.batchLengthRatio * double(pieces[order[next]].end - pieces[order[next]].begin)) {
            batch.push_back(pieces[order[next]]);
            which.push_back(order[next]);
            ++next;
        }
        std::vector<Impl::Decoded> out = d->run(x, batch);
        for (std::size_t k = 0; k < which.size(); ++k) {
            decoded[which[k]] = std::move(out[k]);
            progress.audioSecondsDone += double(batch[k].end - batch[k].begin) / rate;
        }
        progress.segmentsDone += int(batch.size());
        if (observer)
            observer->progress(progress);
        at = next;
    }

    // Tokens and text per output segment.
    const double fs = frameSeconds();
    std::vector<std::vector<int>> ids(bounds.size());
    std::vector<double> blankSum(bounds.size(), 0.0);
    std::vector<int> frameCount(bounds.size(), 0);
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        TranscribedSegment &seg = result.segments[pieces[p].segment];
        const double offset = double(pieces[p].begin) / rate;
        for (const CtcToken &t : decoded[p].tokens) {
            ids[pieces[p].segment].push_back(t.id);
            if (t.id == d->vocab.delimiter || d->vocab.special[std::size_t(t.id)])
                continue;
            seg.tokens.push_back({d->vocab.tokens[std::size_t(t.id)], offset + t.firstFrame * fs,
                                  std::min(seg.end, offset + (t.lastFrame + 1) * fs), t.confidence});
        }
        blankSum[pieces[p].segment] += decoded[p].blankMean * decoded[p].frames;
        frameCount[pieces[p].segment] += decoded[p].frames;
    }
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        TranscribedSegment &seg = result.segments[i];
        seg.text = d->vocab.decode(ids[i]);
        if (!seg.tokens.empty()) {
            double s = 0;
            for (const auto &t : seg.tokens)
                s += t.confidence;
            seg.confidence = s / double(seg.tokens.size());
        } else {
            seg.confidence = frameCount[i] ? blankSum[i] / frameCount[i] : 0.0;
        }
    }
    return result;
}

std::vector<float> readAudio16k(const fs::path &audio)
{
    int rate = 0;
    std::vector<float> x = readMono(audio, 0.0, -1.0, &rate);
    if (rate == kProjectSampleRate)
        return x;
    const fs::path tmp = temporaryPath(fs::temp_directory_path(), "fieldbench-resample", ".flac");
    try {
        convertToProjectFlac(audio, tmp);
        x = readMono(tmp);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    std::error_code ec;
    fs::remove(tmp, ec);
    return x;
}

Transcription Transcriber::transcribeFile(const fs::path &audio, const std::vector<AnnotationInterval> &spans,
                                          TranscribeObserver *observer, const std::atomic<bool> *cancel)
{
    Transcription t = transcribe(readAudio16k(audio), spans, observer, cancel);
    t.audio = audio;
    return t;
}

CharNgramLm trainProjectLm(const Project &project, const CtcVocabulary &vocab, const std::string &tier, int order,
                           const std::vector<std::string> &languages)
{
    CharNgramLm lm(order, int(vocab.tokens.size()));
    const auto wanted = [&](const std::string &code) {
        return languages.empty() || std::find(languages.begin(), languages.end(), code) != languages.end();
    };
    std::size_t sentences = 0, unknown = 0;
    for (const SegmentRow &r : project.segmentRows()) {
        if (!wanted(r.languageCode))
            continue;
        for (const Transcript &t : r.transcripts) {
            if (t.tier != tier)
                continue;
            const std::vector<int> ids = vocab.encode(t.text, &unknown);
            if (!ids.empty()) {
                lm.add(ids);
                ++sentences;
            }
        }
    }
    if (!vocab.phones) {
        std::map<std::int64_t, std::string> codes;
        for (const Language &l : project.languages())
            codes[l.id] = l.code;
        for (const TextDocument &doc : project.textDocuments()) {
            if (!wanted(codes[doc.languageId]))
                continue;
            std::istringstream in(readFile(project.absolute(doc.textFile)));
            std::string line;
            while (std::getline(in, line)) {
                const std::vector<int> ids = vocab.encode(line, &unknown);
                if (!ids.empty()) {
                    lm.add(ids);
                    ++sentences;
                }
            }
        }
    }
    if (sentences == 0)
        throw Error(project.dir().string(), "has no text on tier \"" + tier
                                                + "\" that the model's vocabulary can spell; no language model was trained");
    lm.finalise();
    return lm;
}

} // namespace fieldbench
