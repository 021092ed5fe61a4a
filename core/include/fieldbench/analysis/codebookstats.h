#pragma once

// Counting and comparing discrete speech units (the codewords of a wav2vec 2.0 product
// quantizer): streaming counts, per-language usage statistics, distances between usage
// distributions, average-linkage clustering and a 2-D projection. Plain C++ (no torch):
// the engine in codebookanalysis.h feeds it quantizer indices.

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldbench {

// Counts of joint codewords, keyed by the mixed-radix number of the per-group indices.
using CodeCounts = std::unordered_map<std::uint64_t, std::int64_t>;

// Streaming counts of quantizer choices: per group (G histograms of V bins) and per joint
// codeword (i_1 * V^(G-1) + ... + i_G, for any G with V^G < 2^63). Memory grows with the
// number of distinct codewords seen, not with the number of frames, so hours of audio fit.
// Not thread-safe: one counter per thread, merge() afterwards.
class CodeCounter
{
public:
    // Throws Error when groups or entries is below 1 or V^G does not fit in 63 bits.
    CodeCounter(int groups, int entries);

    int groups() const { return m_groups; }
    int entries() const { return m_entries; }

    // The joint codeword of one frame's G indices (each in [0, V)); throws Error otherwise.
    std::uint64_t jointCode(const std::int64_t *indices) const;
    // The G indices of a joint codeword.
    std::vector<int> split(std::uint64_t code) const;

    // Adds `frames` frames of G indices each, row-major [frames, G].
    void add(const std::int64_t *indices, std::int64_t frames);
    // Adds another counter's counts (same G and V, else Error).
    void merge(const CodeCounter &other);

    std::int64_t frames() const { return m_frames; }
    const std::vector<std::vector<std::int64_t>> &groupCounts() const { return m_groupCounts; } // [G][V]
    const CodeCounts &jointCounts() const { return m_joint; }

private:
    int m_groups;
    int m_entries;
    std::int64_t m_frames = 0;
    std::vector<std::vector<std::int64_t>> m_groupCounts;
    CodeCounts m_joint;
};

// Usage statistics of one count distribution (natural logarithms).
struct UsageStats
{
    std::int64_t frames = 0;
    std::int64_t distinct = 0; // codewords used at least once
    double entropy = 0;        // nats
    double perplexity = 0;     // exp(entropy): the effective number of codewords used
};
UsageStats usageStats(const CodeCounts &counts);
UsageStats usageStats(const std::vector<std::int64_t> &histogram);

// Cosine similarity of two count vectors (1 for proportional counts, 0 for disjoint
// support; 0 when either is empty).
double cosineSimilarity(const CodeCounts &a, const CodeCounts &b);

// Jensen-Shannon divergence of the normalised counts, natural log: 0 for identical
// distributions, ln 2 for disjoint ones. Empty input: ln 2.
double jensenShannon(const CodeCounts &a, const CodeCounts &b);

// Share of a's frames whose codeword b also uses, where "uses" means b's relative
// frequency of that codeword is at least `minFrequency` (0: at least one frame). Not
// symmetric. 0 when a is empty.
double sharedFrameShare(const CodeCounts &a, const CodeCounts &b, double minFrequency);

// A binary tree over n leaves from agglomerative clustering. Node ids 0..n-1 are the
// leaves; merge k creates node n + k.
struct Dendrogram
{
    struct Merge
    {
        int left = 0;
        int right = 0;
        double height = 0; // the average distance between the two clusters joined
        int size = 0;      // leaves below the new node
    };
    int leaves = 0;
    std::vector<Merge> merges; // n - 1 merges, heights non-decreasing for average linkage
    std::vector<int> order;    // leaves left to right as drawn

    // Leaves under node `node`.
    std::vector<int> leavesOf(int node) const;
    // n x n row-major: the height at which i and j first share a cluster (0 on the diagonal).
    std::vector<double> cophenetic() const;
};

// Average linkage (UPGMA) on a symmetric n x n row-major distance matrix. Ties are broken
// by the lowest pair of cluster ids, so the result is deterministic.
Dendrogram averageLinkage(const std::vector<double> &distances, int n);

// Pearson correlation of the upper triangles (i < j) of two n x n matrices. NaN when fewer
// than two pairs or either side is constant.
double upperTriangleCorrelation(const std::vector<double> &a, const std::vector<double> &b, int n);

// The first two principal components of the rows (each row one item's features); rows
// need equal lengths. Computed from the n x n Gram matrix (n items, any number of
// features), eigenvectors by Jacobi rotations. Sign convention: each component's
// largest-magnitude coordinate is positive. `explained` receives the two shares of variance.
std::vector<std::array<double, 2>> principalComponents2(const std::vector<std::vector<double>> &rows,
                                                        std::array<double, 2> *explained = nullptr);

} // namespace fieldbench
