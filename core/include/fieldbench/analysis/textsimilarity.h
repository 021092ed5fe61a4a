#pragma once

// Language similarity on the text side (issue 6): how a SentencePiece tokenizer treats each
// language (fertility, continued words, <unk> rate, which pieces it uses) and how close
// languages are by the pieces they share and, with an XLM-R masked LM, by the model's
// representations of their sentences (cosine of language centroids per layer; linear CKA per
// layer on parallel sentences). Each similarity is clustered (average linkage) and compared
// with CLDR's language families, as the codebook analysis does for speech.
//
// analyseTextSimilarity() reads and runs everything; the pieces it uses are public for tests:
// pieceUsage() / jaccard() (plain), linearCka() (torch inside, plain types outside),
// buildTextSimilarityReport() (plain). This header has no torch or Qt types.

#include "fieldbench/analysis/codebookstats.h"
#include "fieldbench/analysis/genealogy.h"
#include "fieldbench/text/tokenizerreport.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fieldbench {

class SentencePieceTokenizer;

struct TextSimilarityConfig
{
    std::vector<std::string> languages; // project language codes; empty = every language with text
    std::int64_t maxSentences = 1000;   // sentences per language (evenly spaced over its text); 0 = all
    bool balanced = true;               // every language sampled to the same number of sentences (the
                                        // smallest language's, at most maxSentences): piece sets grow with
                                        // the text, so unequal samples bias the Jaccard overlap
    std::int64_t minPieceCount = 1;     // a language "uses" a piece seen at least this often in its sample
    int batchSize = 16;                 // sentences per forward pass of the model
    int maxTokens = 128;                // tokens per sentence fed to the model (<s> and </s> included); longer ones are cut
    std::string device = "cpu";         // "cpu" | "cuda"

    std::vector<std::string> validate() const; // readable problems, empty when valid
};

// Progress of the model passes (the tokenizer part is quick).
struct TextSimilarityProgress
{
    std::string stage;        // "centroids" | "parallel"
    std::string language;     // code of the language being encoded
    int languageIndex = 0;    // 0-based
    int languageCount = 0;
    std::int64_t sentencesDone = 0; // over all languages of this stage
    std::int64_t sentencesTotal = 0;
};

// Receives progress on the thread that runs analyseTextSimilarity().
class TextSimilarityObserver
{
public:
    virtual ~TextSimilarityObserver() = default;
    virtual void progress(const TextSimilarityProgress &p) = 0;
};

// Which SentencePiece ids a language's sentences use, and how often (whole lines encoded,
// as the model sees them). <unk> and control pieces are not counted.
using PieceCounts = CodeCounts;
PieceCounts pieceUsage(const SentencePieceTokenizer &tokenizer, const std::vector<std::string> &sentences);
// Ids counted at least `minCount` times.
std::set<int> usedPieces(const PieceCounts &counts, std::int64_t minCount = 1);
// |A ∩ B| / |A ∪ B|; 1 for two empty sets.
double jaccard(const std::set<int> &a, const std::set<int> &b);

// Linear CKA (Kornblith et al. 2019) of two representations of the same n items: x is
// n x dx, y is n x dy, row-major. Columns are centred first; then
//   CKA = ||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F),
// in [0, 1], invariant to orthogonal transforms and isotropic scaling of either side.
// Computed in double precision. NaN when either side is constant (no variance); Error for
// n < 2 or mismatched sizes.
double linearCka(const std::vector<double> &x, const std::vector<double> &y, int n, int dx, int dy);

// Cosine of two vectors (0 when either is zero).
double cosine(const std::vector<double> &a, const std::vector<double> &b);

struct TextLanguageStats
{
    std::string code;
    std::string name;
    std::int64_t sentences = 0;          // sentences in the sample
    TokenizerLanguageReport tokenizer;   // fertility, continued words, <unk> (tokenizerreport.h)
    PieceCounts pieces;                  // SentencePiece id -> occurrences in the sample
    std::int64_t piecesUsed = 0;         // ids used (config.minPieceCount)
};

// One language-by-language similarity, its clustering and its agreement with CLDR.
struct SimilarityView
{
    std::string name;                 // "jaccard", "piece_cosine", "centroid_cosine_centred", "cka"
    int layer = -1;                   // hidden-state layer (0 = embeddings); -1 for tokenizer views
    std::string description;
    std::vector<std::string> codes;   // the languages it covers (CKA: those with parallel text)
    std::vector<double> similarity;   // codes x codes, row-major
    std::vector<double> distance;     // 1 - similarity (diagonal 0); what the clustering uses
    Dendrogram dendrogram;
    GenealogyAgreement genealogy;

    std::string label() const;        // "cka@6", "jaccard"
};

struct TextSimilarityReport
{
    std::string project;
    std::string tokenizerPath;
    std::string model;                // empty without a model
    std::string parallelDir;          // empty without parallel text
    TextSimilarityConfig config;
    std::vector<TextLanguageStats> languages;

    // Tokenizer views, n x n in the order of `languages`.
    std::vector<double> jaccard;      // used-piece sets
    std::vector<double> pieceCosine;  // cosine of piece-frequency vectors

    // Model views: [layer][n x n]; layer 0 = embeddings. Empty without a model.
    int layers = 0;                                   // hidden-state layers (encoder layers + 1)
    std::vector<std::vector<double>> centroidCosine;  // raw cosine of the language centroids
    std::vector<std::vector<double>> centroidCosineCentred; // after subtracting the mean centroid
    // Parallel text: languages with a file, sentences aligned (kept after dropping lines empty
    // in any language), CKA [layer][m x m] over parallelCodes.
    std::vector<std::string> parallelCodes;
    std::int64_t parallelSentences = 0;
    std::vector<std::vector<double>> cka;

    std::vector<SimilarityView> views; // one per similarity (and layer), clustered and scored

    int languageIndex(const std::string &code) const; // -1 when absent
    const SimilarityView *view(const std::string &name, int layer = -1) const; // nullptr when absent
};

// Per-language samples and model outputs -> the report: tokenizer views, the clustering and
// genealogy of every view. `groups` null loads CLDR's file (a missing file leaves every
// language excluded from the genealogy scores).
TextSimilarityReport buildTextSimilarityReport(TextSimilarityReport report, const LanguageGroups *groups = nullptr);

// Reads a parallel folder: <code>.txt per language (UTF-8, line i of every file = the same
// sentence). Only the codes listed are read; a missing file leaves that language out. Lines
// empty in any file are dropped from all. Errors name the file: not UTF-8, line counts that
// differ (with both counts), no file for any language.
std::map<std::string, std::vector<std::string>> readParallelText(const std::filesystem::path &dir,
                                                                 const std::vector<std::string> &codes);

// `count` indices spread evenly over [0, size): 0, size/count, 2*size/count, ... (all when
// count is 0 or at least size).
std::vector<std::size_t> evenlySpaced(std::size_t size, std::int64_t count);

// Mean-pooled hidden states of sentences under an XLM-R model (textrepresentations.cpp).
struct SentenceRepresentations
{
    int layers = 0;       // hidden-state layers (embeddings first)
    int hidden = 0;       // H
    std::int64_t rows = 0; // sentences
    // [layer][rows x H] row-major: the mean of each sentence's token states, <s>, </s> and
    // padding masked out (a sentence of no pieces: zeros).
    std::vector<std::vector<double>> pooled;
};

// Loads the MLM folder (config.json, weights, sentencepiece.bpe.model) and encodes
// `sentences` in batches of config.batchSize, eval mode, no gradients.
SentenceRepresentations encodeSentences(const std::filesystem::path &modelDir, const std::vector<std::string> &sentences,
                                        const TextSimilarityConfig &config);

// Cosine similarities of the rows of `centroids` (one per language, equal lengths), n x n;
// centred: the mean row is subtracted first.
std::vector<double> centroidCosines(const std::vector<std::vector<double>> &centroids, bool centred);
// The mean row of a rows x d matrix.
std::vector<double> meanRow(const std::vector<double> &m, std::int64_t rows, int d);

// Linear CKA between every two of `reps` (each rows x d, same rows and d), m x m.
std::vector<double> ckaMatrix(const std::vector<std::vector<double>> &reps, std::int64_t rows, int d);

// Everything: the project's text (config.languages), the tokenizer statistics; with
// `modelDir` (an XLM-R MLM folder; empty = none) the centroids; with `parallelDir` (empty =
// none) CKA. The model uses its own sentencepiece.bpe.model. `cancel` is read between
// batches (throws Cancelled, audiofile.h).
TextSimilarityReport analyseTextSimilarity(const std::filesystem::path &projectDir,
                                           const std::filesystem::path &tokenizerModel,
                                           const std::filesystem::path &modelDir,
                                           const std::filesystem::path &parallelDir,
                                           const TextSimilarityConfig &config,
                                           TextSimilarityObserver *observer = nullptr,
                                           const std::atomic<bool> *cancel = nullptr);

// Writes report.json and CSV tables (languages, jaccard, piece_cosine,
// centroid_cosine[_centred]_layerN, cka_layerN, views, clusters, genealogy) and SVG figures
// (heatmap and dendrogram of the Jaccard view and of the best-agreeing model view) into
// `dir`. Returns the paths written.
std::vector<std::filesystem::path> writeTextSimilarityReport(const TextSimilarityReport &report,
                                                             const std::filesystem::path &dir);

// A few lines for a terminal: per-language tokenizer figures, then per view the cophenetic
// correlation, nearest neighbours in the same branch, and which CLDR groups cluster.
std::string summarizeTextSimilarityReport(const TextSimilarityReport &report);

} // namespace fieldbench
