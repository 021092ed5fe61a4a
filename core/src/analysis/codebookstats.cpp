#include "fieldbench/analysis/codebookstats.h"

#include "fieldbench/util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fieldbench {

// --- CodeCounter ---------------------------------------------------------------------------

CodeCounter::CodeCounter(int groups, int entries)
    : m_groups(groups)
    , m_entries(entries)
{
    if (groups < 1 || entries < 1)
        throw Error("codebook with " + std::to_string(groups) + " groups of " + std::to_string(entries) +
                    " entries: both must be at least 1");
    // V^G must fit in 63 bits for the mixed-radix joint codeword.
    long double space = 1;
    for (int g = 0; g < groups; ++g)
        space *= entries;
    if (space >= 9.2e18L)
        throw Error("codebook of " + std::to_string(entries) + "^" + std::to_string(groups) +
                    " joint codewords is too large to number in 63 bits");
    m_groupCounts.assign(groups, std::vector<std::int64_t>(entries, 0));
}

std::uint64_t CodeCounter::jointCode(const std::int64_t *indices) const
{
    std::uint64_t code = 0;
    for (int g = 0; g < m_groups; ++g) {
        const std::int64_t i = indices[g];
        if (i < 0 || i >= m_entries)
            throw Error("codebook index " + std::to_string(i) + " of group " + std::to_string(g) +
                        " is outside [0, " + std::to_string(m_entries) + ")");
        code = code * std::uint64_t(m_entries) + std::uint64_t(i);
    }
    return code;
}

std::vector<int> CodeCounter::split(std::uint64_t code) const
{
    std::vector<int> out(m_groups);
    for (int g = m_groups - 1; g >= 0; --g) {
        out[g] = int(code % std::uint64_t(m_entries));
        code /= std::uint64_t(m_entries);
    }
    return out;
}

void CodeCounter::add(const std::int64_t *indices, std::int64_t frames)
{
    for (std::int64_t f = 0; f < frames; ++f) {
        const std::int64_t *row = indices + f * m_groups;
        const std::uint64_t code = jointCode(row); // validates the indices
        ++m_joint[code];
        for (int g = 0; g < m_groups; ++g)
            ++m_groupCounts[g][row[g]];
    }
    m_frames += frames;
}

void CodeCounter::merge(const CodeCounter &other)
{
    if (other.m_groups != m_groups || other.m_entries != m_entries)
        throw Error("cannot merge counts of different codebooks");
    for (const auto &[code, n] : other.m_joint)
        m_joint[code] += n;
    for (int g = 0; g < m_groups; ++g)
        for (int v = 0; v < m_entries; ++v)
            m_groupCounts[g][v] += other.m_groupCounts[g][v];
    m_frames += other.m_frames;
}

// --- distributions -------------------------------------------------------------------------

namespace {

template<typename Range>
UsageStats statsOf(const Range &values)
{
    UsageStats s;
    for (const std::int64_t n : values) {
        s.frames += n;
        s.distinct += n > 0 ? 1 : 0;
    }
    if (s.frames > 0) {
        for (const std::int64_t n : values)
            if (n > 0) {
                const double p = double(n) / double(s.frames);
                s.entropy -= p * std::log(p);
            }
    }
    s.perplexity = s.frames > 0 ? std::exp(s.entropy) : 0.0;
    return s;
}

std::int64_t total(const CodeCounts &c)
{
    std::int64_t n = 0;
    for (const auto &kv : c)
        n += kv.second;
    return n;
}

} // namespace

UsageStats usageStats(const CodeCounts &counts)
{
    std::vector<std::int64_t> values;
    values.reserve(counts.size());
    for (const auto &kv : counts)
        values.push_back(kv.second);
    return statsOf(values);
}

UsageStats usageStats(const std::vector<std::int64_t> &histogram)
{
    return statsOf(histogram);
}

double cosineSimilarity(const CodeCounts &a, const CodeCounts &b)
{
    double dot = 0, na = 0, nb = 0;
    for (const auto &[code, n] : a) {
        na += double(n) * double(n);
        const auto it = b.find(code);
        if (it != b.end())
            dot += double(n) * double(it->second);
    }
    for (const auto &kv : b)
        nb += double(kv.second) * double(kv.second);
    if (na <= 0 || nb <= 0)
        return 0.0;
    return std::clamp(dot / (std::sqrt(na) * std::sqrt(nb)), 0.0, 1.0);
}

double jensenShannon(const CodeCounts &a, const CodeCounts &b)
{
    const double ta = double(total(a)), tb = double(total(b));
    if (ta <= 0 || tb <= 0)
        return std::log(2.0);
    // JS = 1/2 sum p log(p/m) + 1/2 sum q log(q/m), m = (p+q)/2; terms with p = 0 vanish.
    double js = 0;
    for (const auto &[code, n] : a) {
        const double p = double(n) / ta;
        if (p <= 0)
            continue;
        const auto it = b.find(code);
        const double q = it == b.end() ? 0.0 : double(it->second) / tb;
        js += 0.5 * p * std::log(2.0 * p / (p + q));
    }
    for (const auto &[code, n] : b) {
        const double q = double(n) / tb;
        if (q <= 0)
            continue;
        const auto it = a.find(code);
        const double p = it == a.end() ? 0.0 : double(it->second) / ta;
        js += 0.5 * q * std::log(2.0 * q / (p + q));
    }
    return std::clamp(js, 0.0, std::log(2.0));
}

double sharedFrameShare(const CodeCounts &a, const CodeCounts &b, double minFrequency)
{
    const double ta = double(total(a)), tb = double(total(b));
    if (ta <= 0 || tb <= 0)
        return 0.0;
    double shared = 0;
    for (const auto &[code, n] : a) {
        const auto it = b.find(code);
        if (it == b.end() || it->second <= 0)
            continue;
        if (double(it->second) / tb >= minFrequency)
            shared += double(n);
    }
    return shared / ta;
}

// --- clustering ----------------------------------------------------------------------------

std::vector<int> Dendrogram::leavesOf(int node) const
{
    std::vector<int> out;
    std::vector<int> stack{node};
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        if (v < leaves) {
            out.push_back(v);
            continue;
        }
        const Merge &m = merges.at(std::size_t(v - leaves));
        stack.push_back(m.right);
        stack.push_back(m.left);
    }
    return out;
}

std::vector<double> Dendrogram::cophenetic() const
{
    std::vector<double> out(std::size_t(leaves) * std::size_t(leaves), 0.0);
    for (std::size_t k = 0; k < merges.size(); ++k) {
        const std::vector<int> l = leavesOf(merges[k].left), r = leavesOf(merges[k].right);
        for (int i : l)
            for (int j : r) {
                out[std::size_t(i) * leaves + j] = merges[k].height;
                out[std::size_t(j) * leaves + i] = merges[k].height;
            }
    }
    return out;
}

Dendrogram averageLinkage(const std::vector<double> &distances, int n)
{
    if (n < 1 || distances.size() != std::size_t(n) * std::size_t(n))
        throw Error("clustering needs an n x n distance matrix with n >= 1");
    Dendrogram d;
    d.leaves = n;
    // Active clusters: node id -> size; dist between active node ids kept in a map-like
    // matrix over node ids (at most 2n - 1 nodes).
    const int nodes = 2 * n - 1;
    std::vector<double> dist(std::size_t(nodes) * nodes, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            dist[std::size_t(i) * nodes + j] = distances[std::size_t(i) * n + j];
    std::vector<int> size(nodes, 1);
    std::vector<int> active(n);
    std::iota(active.begin(), active.end(), 0);
    for (int k = 0; k + 1 < n; ++k) {
        double best = std::numeric_limits<double>::infinity();
        int bi = -1, bj = -1;
        for (std::size_t a = 0; a < active.size(); ++a)
            for (std::size_t b = a + 1; b < active.size(); ++b) {
                const double v = dist[std::size_t(active[a]) * nodes + active[b]];
                if (v < best) { // strict: the first (lowest) pair wins a tie
                    best = v;
                    bi = active[a];
                    bj = active[b];
                }
            }
        if (bi < 0) { // only NaN distances left: join the first two
            bi = active[0];
            bj = active[1];
            best = 0;
        }
        const int node = n + k;
        size[node] = size[bi] + size[bj];
        d.merges.push_back({bi, bj, best, size[node]});
        active.erase(std::remove_if(active.begin(), active.end(), [&](int v) { return v == bi || v == bj; }),
                     active.end());
        for (const int c : active) {
            // Average linkage: the size-weighted mean of the joined clusters' distances.
            const double v = (size[bi] * dist[std::size_t(bi) * nodes + c] + size[bj] * dist[std::size_t(bj) * nodes + c]) /
                             double(size[node]);
            dist[std::size_t(node) * nodes + c] = v;
            dist[std::size_t(c) * nodes + node] = v;
        }
        active.push_back(node);
    }
    d.order = d.leavesOf(n == 1 ? 0 : 2 * n - 2);
    return d;
}

double upperTriangleCorrelation(const std::vector<double> &a, const std::vector<double> &b, int n)
{
    std::vector<double> x, y;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) {
            x.push_back(a[std::size_t(i) * n + j]);
            y.push_back(b[std::size_t(i) * n + j]);
        }
    const std::size_t m = x.size();
    if (m < 2)
        return std::numeric_limits<double>::quiet_NaN();
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / double(m);
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / double(m);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t k = 0; k < m; ++k) {
        sxy += (x[k] - mx) * (y[k] - my);
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
    }
    if (sxx <= 0 || syy <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    return sxy / std::sqrt(sxx * syy);
}

// --- projection ----------------------------------------------------------------------------

namespace {

// Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations. On return
// `a`'s diagonal holds the eigenvalues and `v`'s columns the eigenvectors.
void jacobiEigen(std::vector<double> &a, std::vector<double> &v, int n)
{
    v.assign(std::size_t(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        v[std::size_t(i) * n + i] = 1.0;
    auto A = [&](int i, int j) -> double & { return a[std::size_t(i) * n + j]; };
    auto V = [&](int i, int j) -> double & { return v[std::size_t(i) * n + j]; };
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                off += A(i, j) * A(i, j);
        if (off < 1e-30)
            break;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q) {
                if (std::fabs(A(p, q)) < 1e-300)
                    continue;
                const double theta = (A(q, q) - A(p, p)) / (2.0 * A(p, q));
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; ++k) { // A = A * J
                    const double akp = A(k, p), akq = A(k, q);
                    A(k, p) = c * akp - s * akq;
                    A(k, q) = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) { // A = J^T * A
                    const double apk = A(p, k), aqk = A(q, k);
                    A(p, k) = c * apk - s * aqk;
                    A(q, k) = s * apk + c * aqk;
                }
                for (int k = 0; k < n; ++k) {
                    const double vkp = V(k, p), vkq = V(k, q);
                    V(k, p) = c * vkp - s * vkq;
                    V(k, q) = s * vkp + c * vkq;
                }
            }
    }
}

} // namespace

std::vector<std::array<double, 2>> principalComponents2(const std::vector<std::vector<double>> &rows,
                                                        std::array<double, 2> *explained)
{
    const int n = int(rows.size());
    std::vector<std::array<double, 2>> out(std::size_t(n), {0.0, 0.0});
    if (explained)
        *explained = {0.0, 0.0};
    if (n < 2)
        return out;
    const std::size_t dim = rows[0].size();
    for (const auto &r : rows)
        if (r.size() != dim)
            throw Error("projection: every item needs the same number of features");
    std::vector<double> mean(dim, 0.0);
    for (const auto &r : rows)
        for (std::size_t k = 0; k < dim; ++k)
            mean[k] += r[k] / n;
    // Gram matrix of the centred rows: its eigenvectors scaled by sqrt(eigenvalue) are the
    // principal-component scores.
    std::vector<double> gram(std::size_t(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            double s = 0;
            for (std::size_t k = 0; k < dim; ++k)
                s += (rows[i][k] - mean[k]) * (rows[j][k] - mean[k]);
            gram[std::size_t(i) * n + j] = gram[std::size_t(j) * n + i] = s;
        }
    std::vector<double> vecs;
    jacobiEigen(gram, vecs, n);
    std::vector<int> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](int a, int b) {
        return gram[std::size_t(a) * n + a] > gram[std::size_t(b) * n + b];
    });
    double totalVar = 0;
    for (int i = 0; i < n; ++i)
        totalVar += std::max(0.0, gram[std::size_t(i) * n + i]);
    for (int c = 0; c < 2 && c < n; ++c) {
        const int e = idx[c];
        const double lambda = std::max(0.0, gram[std::size_t(e) * n + e]);
        const double scale = std::sqrt(lambda);
        int argMax = 0;
        for (int i = 1; i < n; ++i)
            if (std::fabs(vecs[std::size_t(i) * n + e]) > std::fabs(vecs[std::size_t(argMax) * n + e]) + 1e-12)
                argMax = i;
        const double sign = vecs[std::size_t(argMax) * n + e] < 0 ? -1.0 : 1.0;
        for (int i = 0; i < n; ++i)
            out[i][c] = sign * vecs[std::size_t(i) * n + e] * scale;
        if (explained && totalVar > 0)
            (*explained)[c] = lambda / totalVar;
    }
    return out;
}

} // namespace fieldbench
