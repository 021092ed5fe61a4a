#include "fieldbench/models/ctcdecoder.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace fieldbench {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

double logAdd(double a, double b)
{
    if (a == kNegInf)
        return b;
    if (b == kNegInf)
        return a;
    return a > b ? a + std::log1p(std::exp(b - a)) : b + std::log1p(std::exp(a - b));
}

// Viterbi alignment of `ids` to the frames: the most probable CTC path that reads ids.
// Fills first/last frame and confidence of each token. Returns the path's log-probability.
double alignTokens(const float *lp, int frames, int vocab, int blank, std::vector<CtcToken> &tokens)
{
    const int L = int(tokens.size());
    if (L == 0) {
        double s = 0;
        for (int t = 0; t < frames; ++t)
            s += lp[std::size_t(t) * vocab + blank];
        return s;
    }
    const int S = 2 * L + 1;
    if (frames <= 0)
        return kNegInf;
    auto label = [&](int s) { return s % 2 == 0 ? blank : tokens[std::size_t(s / 2)].id; };
    std::vector<double> prev(std::size_t(S), kNegInf), cur(std::size_t(S), kNegInf);
    std::vector<std::int16_t> back(std::size_t(frames) * S, 0); // 0 stay, 1 from s-1, 2 from s-2
    prev[0] = lp[blank];
    prev[1] = lp[label(1)];
    for (int t = 1; t < frames; ++t) {
        const float *row = lp + std::size_t(t) * vocab;
        for (int s = 0; s < S; ++s) {
            double best = prev[std::size_t(s)];
            std::int16_t from = 0;
            if (s >= 1 && prev[std::size_t(s - 1)] > best) {
                best = prev[std::size_t(s - 1)];
                from = 1;
            }
            if (s >= 2 && s % 2 == 1 && label(s) != label(s - 2) && prev[std::size_t(s - 2)] > best) {
                best = prev[std::size_t(s - 2)];
                from = 2;
            }
            cur[std::size_t(s)] = best == kNegInf ? kNegInf : best + row[label(s)];
            back[std::size_t(t) * S + s] = from;
        }
        std::swap(prev, cur);
    }
    int s = prev[std::size_t(S - 1)] >= prev[std::size_t(S - 2)] ? S - 1 : S - 2;
    const double total = prev[std::size_t(s)];
    if (total == kNegInf) // more tokens than frames allow: spread them evenly
    {
        for (int i = 0; i < L; ++i) {
            tokens[std::size_t(i)].firstFrame = tokens[std::size_t(i)].lastFrame = std::min(frames - 1, i * frames / L);
            tokens[std::size_t(i)].confidence = 0;
        }
        return total;
    }
    for (auto &tk : tokens) {
        tk.firstFrame = frames;
        tk.lastFrame = -1;
        tk.confidence = 0;
    }
    for (int t = frames - 1; t >= 0; --t) {
        if (s % 2 == 1) {
            CtcToken &tk = tokens[std::size_t(s / 2)];
            tk.firstFrame = std::min(tk.firstFrame, t);
            tk.lastFrame = std::max(tk.lastFrame, t);
            tk.confidence = std::max(tk.confidence, float(std::exp(lp[std::size_t(t) * vocab + tk.id])));
        }
        if (t > 0)
            s -= back[std::size_t(t) * S + s];
    }
    return total;
}

} // namespace

CtcHypothesis ctcGreedyDecode(const float *lp, int frames, int vocab, int blank)
{
    CtcHypothesis h;
    int previous = -1;
    for (int t = 0; t < frames; ++t) {
        const float *row = lp + std::size_t(t) * vocab;
        const int best = int(std::max_element(row, row + vocab) - row);
        h.acousticLogProb += row[best];
        const float p = float(std::exp(row[best]));
        if (best != blank) {
            if (best == previous) {
                h.tokens.back().lastFrame = t;
                h.tokens.back().confidence = std::max(h.tokens.back().confidence, p);
            } else {
                h.tokens.push_back({best, t, t, p});
            }
        }
        previous = best;
    }
    h.score = h.acousticLogProb;
    return h;
}

// ---- n-gram LM ---------------------------------------------------------------------------

CharNgramLm::CharNgramLm(int order, int vocabSize)
    : m_order(order)
    , m_vocab(vocabSize)
{
    if (order < 1 || order > 12)
        throw Error("character n-gram order must be between 1 and 12 (got " + std::to_string(order) + ")");
    if (vocabSize < 1)
        throw Error("character n-gram needs a vocabulary");
}

void CharNgramLm::add(const std::vector<int> &sentence)
{
    const int bos = m_vocab, eos = m_vocab + 1;
    std::vector<int> seq(std::size_t(m_order - 1), bos);
    for (const int id : sentence) {
        if (id < 0 || id >= m_vocab)
            throw Error("character n-gram: token id " + std::to_string(id) + " is outside the vocabulary");
        seq.push_back(id);
    }
    seq.push_back(eos);
    for (std::size_t i = std::size_t(m_order - 1); i < seq.size(); ++i) {
        for (int k = 0; k < m_order; ++k) {
            std::vector<int> ctx(seq.begin() + std::ptrdiff_t(i) - k, seq.begin() + std::ptrdiff_t(i));
            m_counts[ctx][seq[i]] += 1.0;
        }
    }
    m_final = false;
}

void CharNgramLm::finalise()
{
    m_totals.clear();
    for (const auto &[ctx, followers] : m_counts) {
        double total = 0;
        for (const auto &f : followers)
            total += f.second;
        m_totals[ctx] = total;
    }
    m_stateIds.clear();
    m_states.clear();
    stateOf(std::vector<int>(std::size_t(m_order - 1), m_vocab)); // state 0 = sentence start
    m_final = true;
}

double CharNgramLm::prob(const std::vector<int> &context, int token) const
{
    double p = 1.0 / double(m_vocab + 1); // tokens + end of sentence
    for (std::size_t k = 0; k <= context.size(); ++k) {
        const std::vector<int> h(context.end() - std::ptrdiff_t(k), context.end());
        const auto it = m_counts.find(h);
        if (it == m_counts.end())
            break;
        const double total = m_totals.at(h);
        const double types = double(it->second.size());
        const auto c = it->second.find(token);
        p = ((c == it->second.end() ? 0.0 : c->second) + types * p) / (total + types);
    }
    return p;
}

int CharNgramLm::stateOf(const std::vector<int> &context) const
{
    const auto it = m_stateIds.find(context);
    if (it != m_stateIds.end())
        return it->second;
    const int id = int(m_states.size());
    m_stateIds.emplace(context, id);
    m_states.push_back(context);
    return id;
}

double CharNgramLm::score(int state, int token, int *next) const
{
    if (!m_final)
        throw Error("character n-gram: finalise() was not called after training");
    const std::vector<int> ctx = m_states.at(std::size_t(state));
    const double lp = std::log(prob(ctx, token));
    if (next) {
        std::vector<int> n = ctx;
        if (!n.empty()) {
            n.erase(n.begin());
            n.push_back(token);
        }
        *next = stateOf(n);
    }
    return lp;
}

double CharNgramLm::finish(int state) const
{
    if (!m_final)
        throw Error("character n-gram: finalise() was not called after training");
    return std::log(prob(m_states.at(std::size_t(state)), m_vocab + 1));
}

double CharNgramLm::perplexity(const std::vector<std::vector<int>> &sentences) const
{
    double logSum = 0;
    std::size_t n = 0;
    for (const auto &s : sentences) {
        int st = start();
        for (const int id : s) {
            logSum += score(st, id, &st);
            ++n;
        }
        logSum += finish(st);
        ++n;
    }
    return n ? std::exp(-logSum / double(n)) : 0.0;
}

void CharNgramLm::save(const std::filesystem::path &file) const
{
    std::ostringstream out;
    out << "fieldbench-token-ngram 1\n" << m_order << " " << m_vocab << "\n";
    for (const auto &[ctx, followers] : m_counts) {
        std::vector<std::pair<int, double>> sorted(followers.begin(), followers.end());
        std::sort(sorted.begin(), sorted.end());
        for (const auto &[w, c] : sorted) {
            out << c << "\t";
            for (const int id : ctx)
                out << id << " ";
            out << w << "\n";
        }
    }
    writeFileAtomically(file, out.str());
}

CharNgramLm CharNgramLm::load(const std::filesystem::path &file)
{
    std::istringstream in(readFile(file));
    std::string magic;
    int version = 0, order = 0, vocab = 0;
    in >> magic >> version >> order >> vocab;
    if (magic != "fieldbench-token-ngram" || version != 1 || !in)
        throw Error(file.string(), "not a Fieldbench token n-gram file (made by 'fieldbench-cli lm train')");
    CharNgramLm lm(order, vocab);
    std::string line;
    std::getline(in, line);
    long lineNo = 2;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty())
            continue;
        std::istringstream ls(line);
        double c = 0;
        ls >> c;
        std::vector<int> ids;
        int id = 0;
        while (ls >> id)
            ids.push_back(id);
        if (ids.empty() || int(ids.size()) > order || !(c > 0))
            throw Error(file.string(), lineNo, "malformed n-gram count line");
        const int w = ids.back();
        ids.pop_back();
        lm.m_counts[ids][w] += c;
    }
    lm.finalise();
    return lm;
}

// ---- prefix beam search ------------------------------------------------------------------

namespace {

struct PrefixNode
{
    int parent = -1;
    int token = -1;
    int lmState = 0;
    double extra = 0;           // weighted LM + bonuses + lexicon penalties, cumulative
    std::vector<int> word;      // tokens since the last word delimiter (lexicon only)
    bool wordPenalised = false; // the current word already paid the OOV penalty
    std::unordered_map<int, int> children;
};

struct BeamProbs
{
    double blank = kNegInf;    // log P(paths of this prefix ending in blank)
    double nonBlank = kNegInf; // ... ending in the prefix's last token
    double total() const { return logAdd(blank, nonBlank); }
};

std::string wordKey(const std::vector<int> &w)
{
    std::string k;
    for (const int id : w)
        k += std::to_string(id) + ",";
    return k;
}

class BeamSearch
{
public:
    BeamSearch(const CtcBeamOptions &o, const TokenLanguageModel *lm)
        : m_o(o)
        , m_lm(o.lmWeight != 0 ? lm : nullptr)
    {
        for (const auto &w : o.lexicon) {
            m_words.insert(wordKey(w));
            for (std::size_t k = 0; k <= w.size(); ++k)
                m_prefixes.insert(wordKey(std::vector<int>(w.begin(), w.begin() + std::ptrdiff_t(k))));
        }
        PrefixNode root;
        root.lmState = m_lm ? m_lm->start() : 0;
        m_nodes.push_back(std::move(root));
    }

    int child(int parent, int token)
    {
        const auto it = m_nodes[std::size_t(parent)].children.find(token);
        if (it != m_nodes[std::size_t(parent)].children.end())
            return it->second;
        PrefixNode n;
        const PrefixNode &p = m_nodes[std::size_t(parent)];
        n.parent = parent;
        n.token = token;
        n.extra = p.extra + m_o.tokenBonus;
        if (m_lm)
            n.extra += m_o.lmWeight * m_lm->score(p.lmState, token, &n.lmState);
        if (!m_words.empty()) {
            if (token == m_o.wordDelimiter) {
                n.extra += closeWordPenalty(p);
            } else {
                n.word = p.word;
                n.word.push_back(token);
                n.wordPenalised = p.wordPenalised;
                if (!n.wordPenalised && !m_prefixes.count(wordKey(n.word))) {
                    n.extra += m_o.oovPenalty;
                    n.wordPenalised = true;
                }
            }
        }
        const int id = int(m_nodes.size());
        m_nodes.push_back(std::move(n));
        m_nodes[std::size_t(parent)].children.emplace(token, id);
        return id;
    }

    double closeWordPenalty(const PrefixNode &p) const
    {
        if (m_words.empty() || p.word.empty() || p.wordPenalised)
            return 0;
        return m_words.count(wordKey(p.word)) ? 0.0 : m_o.oovPenalty;
    }

    double finalExtra(int node) const
    {
        const PrefixNode &n = m_nodes[std::size_t(node)];
        double e = n.extra + closeWordPenalty(n);
        if (m_lm)
            e += m_o.lmWeight * m_lm->finish(n.lmState);
        return e;
    }

    std::vector<int> tokensOf(int node) const
    {
        std::vector<int> ids;
        for (int n = node; n > 0; n = m_nodes[std::size_t(n)].parent)
            ids.push_back(m_nodes[std::size_t(n)].token);
        std::reverse(ids.begin(), ids.end());
        return ids;
    }

    const PrefixNode &node(int i) const { return m_nodes[std::size_t(i)]; }

private:
    const CtcBeamOptions &m_o;
    const TokenLanguageModel *m_lm;
    std::vector<PrefixNode> m_nodes;
    std::unordered_set<std::string> m_words, m_prefixes;
};

} // namespace

std::vector<CtcHypothesis> ctcPrefixBeamSearch(const float *lp, int frames, int vocab, int blank,
                                               const CtcBeamOptions &o, const TokenLanguageModel *lm)
{
    if (o.beamSize < 1)
        throw Error("beam size must be at least 1");
    if (blank < 0 || blank >= vocab)
        throw Error("CTC blank id " + std::to_string(blank) + " is outside the vocabulary");
    BeamSearch search(o, lm);
    std::vector<std::pair<int, BeamProbs>> beam{{0, BeamProbs{0.0, kNegInf}}};
    std::unordered_map<int, BeamProbs> next;
    std::vector<int> candidates;
    for (int t = 0; t < frames; ++t) {
        const float *row = lp + std::size_t(t) * vocab;
        candidates.clear();
        const int best = int(std::max_element(row, row + vocab) - row);
        for (int c = 0; c < vocab; ++c)
            if (c != blank && (row[c] >= o.tokenPruneLogProb || c == best))
                candidates.push_back(c);
        next.clear();
        for (const auto &[node, p] : beam) {
            const double total = p.total();
            BeamProbs &same = next[node];
            same.blank = logAdd(same.blank, total + row[blank]);
            const int last = search.node(node).token;
            for (const int c : candidates) {
                const int ext = search.child(node, c);
                if (c == last) {
                    BeamProbs &s = next[node];
                    s.nonBlank = logAdd(s.nonBlank, p.nonBlank + row[c]);
                    BeamProbs &e = next[ext];
                    e.nonBlank = logAdd(e.nonBlank, p.blank + row[c]);
                } else {
                    BeamProbs &e = next[ext];
                    e.nonBlank = logAdd(e.nonBlank, total + row[c]);
                }
            }
        }
        beam.assign(next.begin(), next.end());
        const auto rank = [&](const std::pair<int, BeamProbs> &a, const std::pair<int, BeamProbs> &b) {
            const double sa = a.second.total() + search.node(a.first).extra;
            const double sb = b.second.total() + search.node(b.first).extra;
            if (sa != sb)
                return sa > sb;
            return a.first < b.first; // deterministic ties
        };
        if (int(beam.size()) > o.beamSize) {
            std::partial_sort(beam.begin(), beam.begin() + o.beamSize, beam.end(), rank);
            beam.resize(std::size_t(o.beamSize));
        } else {
            std::sort(beam.begin(), beam.end(), rank);
        }
    }
    std::vector<CtcHypothesis> out;
    for (const auto &[node, p] : beam) {
        CtcHypothesis h;
        for (const int id : search.tokensOf(node))
            h.tokens.push_back({id, 0, 0, 0.0f});
        alignTokens(lp, frames, vocab, blank, h.tokens);
        h.acousticLogProb = p.total();
        h.score = p.total() + search.finalExtra(node);
        out.push_back(std::move(h));
    }
    std::stable_sort(out.begin(), out.end(), [](const CtcHypothesis &a, const CtcHypothesis &b) { return a.score > b.score; });
    return out;
}

} // namespace fieldbench
