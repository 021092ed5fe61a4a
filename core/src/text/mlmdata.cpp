#include "fieldbench/text/mlmdata.h"

#include "fieldbench/text/languagesampling.h"
#include "fieldbench/util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fieldbench {

std::vector<std::string> MlmDataConfig::validate() const
{
    std::vector<std::string> p;
    if (!(maskProbability > 0 && maskProbability < 1))
        p.push_back("mask probability must be in (0, 1)");
    if (replaceWithMask < 0 || replaceWithRandom < 0 || replaceWithMask + replaceWithRandom > 1)
        p.push_back("the <mask> and random-token shares must be non-negative and add up to at most 1");
    if (maxLength < 3)
        p.push_back("maximum sequence length must be at least 3 (<s>, a token, </s>)");
    if (!(alpha > 0))
        p.push_back("language sampling alpha must be above 0");
    return p;
}

MlmVocabulary MlmVocabulary::of(const XlmrTokenizer &tok)
{
    MlmVocabulary v;
    v.size = tok.vocabSize();
    v.mask = tok.maskId();
    v.startsWord.resize(std::size_t(v.size));
    for (std::int64_t id = 0; id < v.size; ++id)
        v.startsWord[std::size_t(id)] = tok.startsWord(id);
    return v;
}

std::pair<torch::Tensor, torch::Tensor> maskTokens(const torch::Tensor &idsIn, const MlmVocabulary &vocab,
                                                   const MlmDataConfig &config, std::mt19937_64 &rng)
{
    torch::Tensor ids = idsIn.to(torch::kLong).contiguous().clone();
    torch::Tensor labels = torch::full_like(ids, -100);
    const std::int64_t rows = ids.size(0), cols = ids.size(1);
    auto *in = ids.data_ptr<std::int64_t>();
    auto *lab = labels.data_ptr<std::int64_t>();
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const std::int64_t lo = vocab.firstRegular, hi = std::max(vocab.firstRegular + 1, vocab.mask);
    std::uniform_int_distribution<std::int64_t> randomToken(lo, hi - 1);
    const auto eligible = [&](std::int64_t id) {
        return id != vocab.pad && id != vocab.bos && id != vocab.eos && id != vocab.mask && id != XlmrTokenizer::kUnk &&
               id >= 0 && id < vocab.size;
    };
    std::vector<char> chosen(static_cast<std::size_t>(cols));
    for (std::int64_t r = 0; r < rows; ++r) {
        std::int64_t *row = in + r * cols;
        std::fill(chosen.begin(), chosen.end(), 0);
        if (!config.wholeWordMasking) {
            for (std::int64_t c = 0; c < cols; ++c)
                chosen[std::size_t(c)] = eligible(row[c]) && u(rng) < config.maskProbability;
        } else {
            std::vector<std::pair<std::int64_t, std::int64_t>> words; // [begin, end)
            std::int64_t n = 0;
            for (std::int64_t c = 0; c < cols; ++c) {
                if (!eligible(row[c]))
                    continue;
                ++n;
                const bool start = words.empty() || words.back().second != c ||
                                   (std::size_t(row[c]) < vocab.startsWord.size() && vocab.startsWord[std::size_t(row[c])]);
                if (start)
                    words.push_back({c, c + 1});
                else
                    words.back().second = c + 1;
            }
            if (words.empty())
                continue;
            std::shuffle(words.begin(), words.end(), rng);
            const std::int64_t want = std::max<std::int64_t>(1, std::llround(config.maskProbability * double(n)));
            std::int64_t got = 0;
            for (const auto &[b, e] : words) {
                if (got >= want)
                    break;
                if (got > 0 && got + (e - b) > want)
                    continue; // as transformers: skip a word that would overshoot
                for (std::int64_t c = b; c < e; ++c)
                    chosen[std::size_t(c)] = 1;
                got += e - b;
            }
        }
        for (std::int64_t c = 0; c < cols; ++c) {
            if (!chosen[std::size_t(c)])
                continue;
            lab[r * cols + c] = row[c];
            const double x = u(rng);
            if (x < config.replaceWithMask)
                row[c] = vocab.mask;
            else if (x < config.replaceWithMask + config.replaceWithRandom)
                row[c] = randomToken(rng);
        }
    }
    return {ids, labels};
}

// ---------------------------------------------------------------------------------------

namespace {

std::map<std::string, std::vector<std::vector<std::int64_t>>>
tokenize(const XlmrTokenizer &tok, const std::map<std::string, std::vector<std::string>> &text, int maxLength)
{
    const std::size_t cut = std::size_t(std::max(1, maxLength - 2));
    std::map<std::string, std::vector<std::vector<std::int64_t>>> out;
    for (const auto &[code, lines] : text) {
        auto &dst = out[code];
        for (const std::string &line : lines) {
            const std::vector<std::int64_t> ids = tok.encodePieces(line);
            for (std::size_t b = 0; b < ids.size(); b += cut)
                dst.emplace_back(ids.begin() + std::ptrdiff_t(b), ids.begin() + std::ptrdiff_t(std::min(ids.size(), b + cut)));
        }
    }
    return out;
}

} // namespace

MlmBatcher::MlmBatcher(const XlmrTokenizer &tokenizer, const std::map<std::string, std::vector<std::string>> &text,
                       const MlmDataConfig &config)
    : MlmBatcher(MlmVocabulary::of(tokenizer), tokenize(tokenizer, text, config.maxLength), config)
{}

MlmBatcher::MlmBatcher(MlmVocabulary vocab, std::map<std::string, std::vector<std::vector<std::int64_t>>> sentences,
                       const MlmDataConfig &config)
    : m_vocab(std::move(vocab))
    , m_config(config)
    , m_rng(config.seed)
{
    const auto problems = config.validate();
    if (!problems.empty()) {
        std::string msg = "invalid MLM data settings:";
        for (const auto &p : problems)
            msg += "\n  " + p;
        throw Error(msg);
    }
    std::map<std::string, std::int64_t> counts;
    const std::size_t cut = std::size_t(config.maxLength - 2);
    for (auto &[code, list] : sentences) {
        Stream s;
        for (auto &ids : list) {
            if (ids.empty())
                continue;
            for (std::size_t b = 0; b < ids.size(); b += cut)
                s.sentences.emplace_back(ids.begin() + std::ptrdiff_t(b),
                                         ids.begin() + std::ptrdiff_t(std::min(ids.size(), b + cut)));
        }
        if (s.sentences.empty())
            continue;
        std::int64_t tokens = 0;
        for (const auto &x : s.sentences)
            tokens += std::int64_t(x.size());
        counts[code] = tokens;
        s.order.resize(s.sentences.size());
        std::iota(s.order.begin(), s.order.end(), std::size_t(0));
        std::shuffle(s.order.begin(), s.order.end(), m_rng);
        m_streams[code] = std::move(s);
    }
    if (m_streams.empty())
        throw Error("no text to build masked-language-model batches from: every language's text is empty");
    m_q = languageSamplingProbabilities(counts, config.alpha);
    m_sampler = std::make_unique<LanguageSampler>(m_q, config.seed + 1);
}

std::int64_t MlmBatcher::tokenCount() const
{
    std::int64_t n = 0;
    for (const auto &[code, s] : m_streams)
        for (const auto &x : s.sentences)
            n += std::int64_t(x.size());
    return n;
}

std::string MlmBatcher::saveState() const
{
    nlohmann::json streams = nlohmann::json::object();
    for (const auto &[code, s] : m_streams)
        streams[code] = {{"sentences", s.sentences.size()}, {"position", s.pos}, {"order", s.order}};
    std::ostringstream rng;
    rng << m_rng;
    return nlohmann::json{{"rng", rng.str()}, {"sampler", m_sampler->saveState()}, {"streams", streams}}.dump();
}

void MlmBatcher::restoreState(const std::string &text)
{
    const auto fail = [](const std::string &why) {
        throw Error("cannot continue the masked-LM data where it stopped: " + why);
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
        const auto &streams = j.at("streams");
        if (streams.size() != m_streams.size())
            fail("the saved state has " + std::to_string(streams.size()) + " languages, the text " +
                 std::to_string(m_streams.size()));
        std::map<std::string, Stream> restored = m_streams;
        for (auto &[code, s] : restored) {
            if (!streams.contains(code))
                fail("the saved state has no language '" + code + "'");
            const auto &saved = streams.at(code);
            if (saved.at("sentences").get<std::size_t>() != s.sentences.size())
                fail("the text of language '" + code + "' changed (" + std::to_string(s.sentences.size()) +
                     " sentences, saved " + std::to_string(saved.at("sentences").get<std::size_t>()) + ")");
            s.order = saved.at("order").get<std::vector<std::size_t>>();
            s.pos = saved.at("position").get<std::size_t>();
            if (s.order.size() != s.sentences.size() || s.pos > s.order.size())
                fail("the saved order of language '" + code + "' does not fit its text");
            for (std::size_t i : s.order)
                if (i >= s.sentences.size())
                    fail("the saved order of language '" + code + "' does not fit its text");
        }
        std::istringstream rngText(j.at("rng").get<std::string>());
        std::mt19937_64 rng;
        rngText >> rng;
        if (!rngText)
            fail("the saved generator state is not readable");
        m_sampler->restoreState(j.at("sampler").get<std::string>());
        m_streams = std::move(restored);
        m_rng = rng;
    } catch (const nlohmann::json::exception &e) {
        fail(std::string("the saved state is not valid (") + e.what() + ")");
    }
}

std::vector<std::int64_t> MlmBatcher::nextRow(const std::string &language)
{
    Stream &s = m_streams.at(language);
    const auto take = [&]() -> const std::vector<std::int64_t> & {
        if (s.pos >= s.order.size()) {
            std::shuffle(s.order.begin(), s.order.end(), m_rng);
            s.pos = 0;
        }
        return s.sentences[s.order[s.pos]];
    };
    std::vector<std::int64_t> row{m_vocab.bos};
    const std::size_t max = std::size_t(m_config.maxLength);
    do {
        const std::vector<std::int64_t> &sentence = take();
        if (row.size() > 1 && row.size() + sentence.size() + 1 > max)
            break;
        row.insert(row.end(), sentence.begin(), sentence.end());
        row.push_back(m_vocab.eos);
        ++s.pos;
    } while (m_config.packSequences && row.size() + 2 <= max);
    return row;
}

MlmBatch MlmBatcher::collate(std::vector<std::vector<std::int64_t>> rows, std::vector<std::string> langs,
                             std::mt19937_64 &rng) const
{
    std::size_t width = 0;
    for (const auto &r : rows)
        width = std::max(width, r.size());
    const auto b = std::int64_t(rows.size()), t = std::int64_t(width);
    torch::Tensor ids = torch::full({b, t}, m_vocab.pad, torch::kLong);
    torch::Tensor attention = torch::zeros({b, t}, torch::kLong);
    auto *p = ids.data_ptr<std::int64_t>();
    auto *a = attention.data_ptr<std::int64_t>();
    MlmBatch batch;
    for (std::int64_t r = 0; r < b; ++r) {
        const auto &row = rows[std::size_t(r)];
        std::copy(row.begin(), row.end(), p + r * t);
        std::fill(a + r * t, a + r * t + std::int64_t(row.size()), 1);
        batch.tokens += std::int64_t(row.size());
    }
    auto [masked, labels] = maskTokens(ids, m_vocab, m_config, rng);
    batch.inputIds = masked;
    batch.attentionMask = attention;
    batch.labels = labels;
    batch.predicted = labels.ge(0).sum().item<std::int64_t>();
    batch.languages = std::move(langs);
    return batch;
}

MlmBatch MlmBatcher::next(int batchSize)
{
    if (batchSize < 1)
        throw Error("batch size must be at least 1");
    std::vector<std::vector<std::int64_t>> rows;
    std::vector<std::string> langs;
    for (int i = 0; i < batchSize; ++i) {
        const std::string &lang = m_sampler->next();
        rows.push_back(nextRow(lang));
        langs.push_back(lang);
    }
    return collate(std::move(rows), std::move(langs), m_rng);
}

std::vector<MlmBatch> MlmBatcher::evaluationBatches(int batchSize, std::uint64_t seed) const
{
    if (batchSize < 1)
        throw Error("batch size must be at least 1");
    std::mt19937_64 rng(seed);
    std::vector<MlmBatch> out;
    std::vector<std::vector<std::int64_t>> rows;
    std::vector<std::string> langs;
    const std::size_t max = std::size_t(m_config.maxLength);
    for (const auto &[code, s] : m_streams) {
        std::vector<std::int64_t> row{m_vocab.bos};
        const auto flush = [&] {
            if (row.size() > 1) {
                rows.push_back(row);
                langs.push_back(code);
            }
            row.assign(1, m_vocab.bos);
            if (int(rows.size()) == batchSize) {
                out.push_back(collate(std::move(rows), std::move(langs), rng));
                rows.clear();
                langs.clear();
            }
        };
        for (const auto &sentence : s.sentences) {
            if (row.size() > 1 && (!m_config.packSequences || row.size() + sentence.size() + 1 > max))
                flush();
            row.insert(row.end(), sentence.begin(), sentence.end());
            row.push_back(m_vocab.eos);
        }
        flush();
    }
    if (!rows.empty())
        out.push_back(collate(std::move(rows), std::move(langs), rng));
    return out;
}

} // namespace fieldbench
