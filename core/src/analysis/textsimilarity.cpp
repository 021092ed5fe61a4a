// The plain half of the text similarity analysis: piece usage and overlap, parallel text,
// the views' clustering and genealogy, and the report to JSON, CSV and SVG. No torch here
// (listed in FIELDBENCH_CORE_PLAIN); the model passes are in textrepresentations.cpp.

#include "fieldbench/analysis/textsimilarity.h"

#include "reportwriters.h"

#include "fieldbench/text/sentencepiece.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/strings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace fieldbench {

using namespace reportio;

std::vector<std::string> TextSimilarityConfig::validate() const
{
    std::vector<std::string> problems;
    if (maxSentences < 0)
        problems.push_back("the number of sentences per language must be 0 (all) or more");
    if (minPieceCount < 1)
        problems.push_back("the minimum piece count must be at least 1");
    if (batchSize < 1)
        problems.push_back("the batch size must be at least 1");
    if (maxTokens < 3)
        problems.push_back("at least 3 tokens per sentence are needed (<s>, one piece, </s>)");
    if (device != "cpu" && device != "cuda")
        problems.push_back("device must be \"cpu\" or \"cuda\", not \"" + device + "\"");
    return problems;
}

std::string SimilarityView::label() const
{
    return layer >= 0 ? name + "@" + std::to_string(layer) : name;
}

int TextSimilarityReport::languageIndex(const std::string &code) const
{
    for (std::size_t i = 0; i < languages.size(); ++i)
        if (languages[i].code == code)
            return int(i);
    return -1;
}

const SimilarityView *TextSimilarityReport::view(const std::string &name, int layer) const
{
    for (const SimilarityView &v : views)
        if (v.name == name && v.layer == layer)
            return &v;
    return nullptr;
}

// --- pieces --------------------------------------------------------------------------------

PieceCounts pieceUsage(const SentencePieceTokenizer &tokenizer, const std::vector<std::string> &sentences)
{
    PieceCounts counts;
    for (const std::string &s : sentences)
        for (int id : tokenizer.encodeIds(s))
            if (!tokenizer.isUnknown(id) && !tokenizer.isControl(id))
                ++counts[std::uint64_t(id)];
    return counts;
}

std::set<int> usedPieces(const PieceCounts &counts, std::int64_t minCount)
{
    std::set<int> used;
    for (const auto &[id, n] : counts)
        if (n >= minCount)
            used.insert(int(id));
    return used;
}

double jaccard(const std::set<int> &a, const std::set<int> &b)
{
    if (a.empty() && b.empty())
        return 1.0;
    std::size_t common = 0;
    for (int id : a)
        common += b.count(id);
    return double(common) / double(a.size() + b.size() - common);
}

double cosine(const std::vector<double> &a, const std::vector<double> &b)
{
    if (a.size() != b.size())
        throw Error("cosine: vectors of different lengths (" + std::to_string(a.size()) + " and " +
                    std::to_string(b.size()) + ")");
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        ab += a[k] * b[k];
        aa += a[k] * a[k];
        bb += b[k] * b[k];
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

std::vector<double> meanRow(const std::vector<double> &m, std::int64_t rows, int d)
{
    std::vector<double> mean(std::size_t(d), 0.0);
    for (std::int64_t r = 0; r < rows; ++r)
        for (int k = 0; k < d; ++k)
            mean[std::size_t(k)] += m[std::size_t(r) * std::size_t(d) + std::size_t(k)];
    for (double &v : mean)
        v /= double(std::max<std::int64_t>(1, rows));
    return mean;
}

std::vector<double> centroidCosines(const std::vector<std::vector<double>> &centroids, bool centred)
{
    const int n = int(centroids.size());
    std::vector<std::vector<double>> c = centroids;
    if (centred && n > 0) {
        std::vector<double> mean(c[0].size(), 0.0);
        for (const auto &row : c)
            for (std::size_t k = 0; k < mean.size(); ++k)
                mean[k] += row[k] / n;
        for (auto &row : c)
            for (std::size_t k = 0; k < mean.size(); ++k)
                row[k] -= mean[k];
    }
    std::vector<double> out(std::size_t(n) * std::size_t(n), 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j)
            out[std::size_t(i) * n + j] = out[std::size_t(j) * n + i] = cosine(c[i], c[j]);
    return out;
}

std::vector<std::size_t> evenlySpaced(std::size_t size, std::int64_t count)
{
    std::vector<std::size_t> idx;
    if (count <= 0 || std::size_t(count) >= size) {
        for (std::size_t i = 0; i < size; ++i)
            idx.push_back(i);
        return idx;
    }
    for (std::int64_t k = 0; k < count; ++k)
        idx.push_back(std::size_t(double(k) * double(size) / double(count)));
    return idx;
}

// --- parallel text -------------------------------------------------------------------------

std::map<std::string, std::vector<std::string>> readParallelText(const std::filesystem::path &dir,
                                                                 const std::vector<std::string> &codes)
{
    if (!std::filesystem::is_directory(dir))
        throw Error(dir.string(), "is not a folder (parallel text: one <iso639-3>.txt per language, line i of "
                                  "every file the same sentence)");
    std::map<std::string, std::vector<std::string>> raw;
    std::map<std::string, std::string> files; // code -> path, for messages
    for (const std::string &code : codes) {
        const std::filesystem::path file = dir / (code + ".txt");
        if (!std::filesystem::exists(file))
            continue;
        std::string bytes = readFile(file);
        if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0)
            bytes.erase(0, 3);
        const std::size_t bad = firstInvalidUtf8(bytes);
        if (bad != std::string::npos) {
            const long line = long(std::count(bytes.begin(), bytes.begin() + std::ptrdiff_t(bad), '\n')) + 1;
            throw Error(file.string(), line, "is not UTF-8 (byte " + std::to_string(bad) +
                                                 "); convert the file, e.g. `iconv -f WINDOWS-1252 -t UTF-8`");
        }
        std::vector<std::string> lines;
        std::istringstream in(bytes);
        for (std::string l; std::getline(in, l);)
            lines.push_back(trimmed(l));
        files[code] = file.string();
        raw[code] = std::move(lines);
    }
    if (raw.empty()) {
        std::string expected;
        for (std::size_t i = 0; i < codes.size() && i < 4; ++i)
            expected += (i ? ", " : "") + codes[i] + ".txt";
        throw Error(dir.string(), "has no parallel text for any of the languages (expected files such as " + expected +
                                      ")");
    }
    // Line counts must agree; blame the files that differ from the most common count (on a
    // tie, the larger one: a file cut short is the likelier mistake).
    std::map<std::size_t, int> votes;
    for (const auto &[code, l] : raw)
        ++votes[l.size()];
    const std::size_t common =
        std::max_element(votes.begin(), votes.end(), [](const auto &a, const auto &b) {
            return a.second < b.second || (a.second == b.second && a.first < b.first);
        })->first;
    for (const auto &[code, l] : raw)
        if (l.size() != common) {
            std::string agreeing;
            for (const auto &[other, ol] : raw)
                if (ol.size() == common && agreeing.empty())
                    agreeing = files[other];
            throw Error(files[code], "has " + std::to_string(l.size()) + " lines, but " + agreeing + " has " +
                                         std::to_string(common) +
                                         "; parallel files need one line per sentence, in the same order");
        }
    // Keep the lines that are non-empty in every language.
    const std::size_t lines = raw.begin()->second.size();
    std::map<std::string, std::vector<std::string>> out;
    for (std::size_t i = 0; i < lines; ++i) {
        bool all = true;
        for (const auto &[code, l] : raw)
            all = all && !l[i].empty();
        if (all)
            for (const auto &[code, l] : raw)
                out[code].push_back(l[i]);
    }
    if (out.empty())
        throw Error(dir.string(), "has no line that is non-empty in every language's file");
    return out;
}

// --- report --------------------------------------------------------------------------------

namespace {

SimilarityView makeView(const std::string &name, int layer, const std::string &description,
                        std::vector<std::string> codes, std::vector<double> similarity, const LanguageGroups *groups)
{
    SimilarityView v;
    v.name = name;
    v.layer = layer;
    v.description = description;
    v.codes = std::move(codes);
    v.similarity = std::move(similarity);
    const int n = int(v.codes.size());
    v.distance.resize(v.similarity.size());
    for (std::size_t k = 0; k < v.similarity.size(); ++k)
        v.distance[k] = std::isfinite(v.similarity[k]) ? 1.0 - v.similarity[k] : 1.0;
    for (int i = 0; i < n; ++i)
        v.distance[std::size_t(i) * n + i] = 0.0;
    if (n >= 1) {
        v.dendrogram = averageLinkage(v.distance, n);
        v.genealogy = genealogyOrEmpty(groups, v.codes, v.distance, v.dendrogram);
    }
    return v;
}

} // namespace

TextSimilarityReport buildTextSimilarityReport(TextSimilarityReport r, const LanguageGroups *groups)
{
    const int n = int(r.languages.size());
    std::vector<std::string> codes;
    std::vector<std::set<int>> used;
    for (TextLanguageStats &l : r.languages) {
        codes.push_back(l.code);
        used.push_back(usedPieces(l.pieces, r.config.minPieceCount));
        l.piecesUsed = std::int64_t(used.back().size());
    }
    const std::size_t nn = std::size_t(n) * std::size_t(n);
    r.jaccard.assign(nn, 0.0);
    r.pieceCosine.assign(nn, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = i; j < n; ++j) {
            r.jaccard[std::size_t(i) * n + j] = r.jaccard[std::size_t(j) * n + i] = jaccard(used[i], used[j]);
            const double c = i == j && !r.languages[i].pieces.empty()
                                 ? 1.0
                                 : cosineSimilarity(r.languages[i].pieces, r.languages[j].pieces);
            r.pieceCosine[std::size_t(i) * n + j] = r.pieceCosine[std::size_t(j) * n + i] = c;
        }

    r.views.clear();
    r.views.push_back(makeView("jaccard", -1, "Jaccard overlap of the subword pieces each language uses", codes,
                               r.jaccard, groups));
    r.views.push_back(makeView("piece_cosine", -1, "cosine of the languages' piece frequencies", codes, r.pieceCosine,
                               groups));
    for (int layer = 0; layer < int(r.centroidCosineCentred.size()); ++layer)
        r.views.push_back(makeView("centroid_cosine_centred", layer,
                                   "cosine of mean-pooled sentence states' language centroids, mean centroid removed",
                                   codes, r.centroidCosineCentred[layer], groups));
    for (int layer = 0; layer < int(r.cka.size()); ++layer)
        r.views.push_back(makeView("cka", layer, "linear CKA of mean-pooled states of parallel sentences",
                                   r.parallelCodes, r.cka[layer], groups));
    return r;
}

// --- output --------------------------------------------------------------------------------

namespace {

Json viewJson(const SimilarityView &v)
{
    const int n = int(v.codes.size());
    return {{"name", v.name},
            {"layer", v.layer},
            {"label", v.label()},
            {"description", v.description},
            {"languages", v.codes},
            {"similarity", matrix(v.similarity, n)},
            {"dendrogram", dendrogramJson(v.dendrogram, "1 - similarity")},
            {"genealogy", genealogyJson(v.genealogy)}};
}

Json configJson(const TextSimilarityConfig &c)
{
    return {{"languages", c.languages}, {"max_sentences", c.maxSentences}, {"balanced", c.balanced}, {"min_piece_count", c.minPieceCount},
            {"batch_size", c.batchSize}, {"max_tokens", c.maxTokens},      {"device", c.device}};
}

Json layersJson(const std::vector<std::vector<double>> &layers, int n)
{
    Json out = Json::array();
    for (const auto &m : layers)
        out.push_back(matrix(m, n));
    return out;
}

int groupsClustered(const GenealogyAgreement &g)
{
    return int(std::count_if(g.groups.begin(), g.groups.end(), [](const auto &c) { return c.isCluster; }));
}

// The model view that agrees best with CLDR (highest cophenetic correlation), or nullptr.
const SimilarityView *bestModelView(const TextSimilarityReport &r)
{
    const SimilarityView *best = nullptr;
    for (const SimilarityView &v : r.views)
        if (v.layer >= 0 && std::isfinite(v.genealogy.copheneticCorrelation) &&
            (!best || v.genealogy.copheneticCorrelation > best->genealogy.copheneticCorrelation))
            best = &v;
    return best;
}

// The views shown in figures and in the summary's detail: Jaccard and the best model view.
std::vector<const SimilarityView *> highlightedViews(const TextSimilarityReport &r)
{
    std::vector<const SimilarityView *> views;
    if (const SimilarityView *j = r.view("jaccard"))
        views.push_back(j);
    if (const SimilarityView *b = bestModelView(r))
        views.push_back(b);
    return views;
}

} // namespace

std::vector<std::filesystem::path> writeTextSimilarityReport(const TextSimilarityReport &r,
                                                             const std::filesystem::path &dir)
{
    createReportFolder(dir);
    std::vector<std::filesystem::path> written;
    auto put = [&](const std::string &name, const std::string &content) {
        writeFileAtomically(dir / name, content);
        written.push_back(dir / name);
    };
    const int n = int(r.languages.size());
    std::vector<std::string> codes;
    Json langs = Json::array();
    for (const TextLanguageStats &l : r.languages) {
        codes.push_back(l.code);
        langs.push_back({{"code", l.code},
                         {"name", l.name},
                         {"sentences", l.sentences},
                         {"pieces_used", l.piecesUsed},
                         {"tokenizer", toJson(l.tokenizer)}});
    }
    Json views = Json::array();
    for (const SimilarityView &v : r.views)
        views.push_back(viewJson(v));
    const Json report = {{"format", "fieldbench-text-similarity-report"},
                         {"version", 1},
                         {"project", r.project},
                         {"tokenizer", r.tokenizerPath},
                         {"model", r.model},
                         {"parallel", r.parallelDir},
                         {"config", configJson(r.config)},
                         {"languages", langs},
                         {"jaccard", matrix(r.jaccard, n)},
                         {"piece_cosine", matrix(r.pieceCosine, n)},
                         {"layers", r.layers},
                         {"centroid_cosine", layersJson(r.centroidCosine, n)},
                         {"centroid_cosine_centred", layersJson(r.centroidCosineCentred, n)},
                         {"parallel_languages", r.parallelCodes},
                         {"parallel_sentences", r.parallelSentences},
                         {"cka", layersJson(r.cka, int(r.parallelCodes.size()))},
                         {"views", views}};
    put("report.json", report.dump(1) + "\n");

    std::string lt = "language,name,sentences,words,pieces,fertility,continued_share,unk_rate,byte_rate,"
                     "uncovered_characters,pieces_used\n";
    for (const TextLanguageStats &l : r.languages) {
        const TokenizerCounts &c = l.tokenizer.all;
        lt += csvField(l.code) + "," + csvField(l.name) + "," + std::to_string(l.sentences) + "," +
              std::to_string(c.words) + "," + std::to_string(c.pieces) + "," + fmt(c.fertility()) + "," +
              fmt(c.continuedShare()) + "," + fmt(c.unkRate()) + "," + fmt(c.byteRate()) + "," +
              std::to_string(l.tokenizer.uncoveredCharacters) + "," + std::to_string(l.piecesUsed) + "\n";
    }
    put("languages.csv", lt);
    put("jaccard.csv", matrixCsv(codes, r.jaccard));
    put("piece_cosine.csv", matrixCsv(codes, r.pieceCosine));
    for (std::size_t k = 0; k < r.centroidCosine.size(); ++k) {
        put("centroid_cosine_layer" + std::to_string(k) + ".csv", matrixCsv(codes, r.centroidCosine[k]));
        put("centroid_cosine_centred_layer" + std::to_string(k) + ".csv", matrixCsv(codes, r.centroidCosineCentred[k]));
    }
    for (std::size_t k = 0; k < r.cka.size(); ++k)
        put("cka_layer" + std::to_string(k) + ".csv", matrixCsv(r.parallelCodes, r.cka[k]));

    std::string vt = "view,name,layer,languages,cophenetic_correlation,nearest_same_family,nearest_same_branch,"
                     "cldr_languages,groups_clustered,groups\n";
    std::string clusters = "view,node,left,right,height,size,languages\n";
    std::string gen = "view,language,in_cldr,lineage,nearest,same_family,same_branch\n";
    for (const SimilarityView &v : r.views) {
        const GenealogyAgreement &g = v.genealogy;
        vt += csvField(v.label()) + "," + v.name + "," + std::to_string(v.layer) + "," +
              std::to_string(v.codes.size()) + "," + fmt(g.copheneticCorrelation) + "," +
              std::to_string(g.nearestSameFamily) + "," + std::to_string(g.nearestSameBranch) + "," +
              std::to_string(g.neighbours.size()) + "," + std::to_string(groupsClustered(g)) + "," +
              std::to_string(g.groups.size()) + "\n";
        clusters += clustersCsvRows(v.codes, v.dendrogram, csvField(v.label()) + ",");
        for (const std::string &c : v.codes)
            gen += csvField(v.label()) + "," + csvField(c) + "," + genealogyCsvFields(c, g) + "\n";
    }
    put("views.csv", vt);
    put("clusters.csv", clusters);
    put("genealogy.csv", gen);

    for (const SimilarityView *v : highlightedViews(r)) {
        double lo = 1, hi = 0;
        for (double x : v->similarity)
            if (std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        const std::string stem = v->layer >= 0 ? v->name + "_layer" + std::to_string(v->layer) : v->name;
        put("heatmap_" + stem + ".svg",
            heatmapSvg(v->codes, v->similarity, v->dendrogram.order, v->description, std::min(lo, hi), hi));
        std::vector<std::string> labels;
        for (const std::string &c : v->codes) {
            const int i = r.languageIndex(c);
            labels.push_back(i >= 0 ? c + "  " + r.languages[i].name : c);
        }
        put("dendrogram_" + stem + ".svg",
            dendrogramSvg(labels, v->dendrogram, "Average-linkage clustering, " + v->label() + " (1 - similarity)"));
    }
    return written;
}

std::string summarizeTextSimilarityReport(const TextSimilarityReport &r)
{
    std::ostringstream s;
    char buf[256];
    s << "tokenizer " << r.tokenizerPath << "\n";
    s << "  lang  sentences  fertility  continued   unk     pieces used\n";
    for (const TextLanguageStats &l : r.languages) {
        const TokenizerCounts &c = l.tokenizer.all;
        std::snprintf(buf, sizeof buf, "  %-4s %10lld %10.3f %9.1f%% %6.2f%% %12lld\n", l.code.c_str(),
                      static_cast<long long>(l.sentences), c.fertility(), 100 * c.continuedShare(), 100 * c.unkRate(),
                      static_cast<long long>(l.piecesUsed));
        s << buf;
    }
    if (!r.model.empty())
        s << "model " << r.model << ": " << r.layers << " hidden-state layers"
          << (r.parallelCodes.empty() ? std::string(", no parallel text (no CKA)")
                                      : ", CKA on " + std::to_string(r.parallelSentences) + " parallel sentences in " +
                                            std::to_string(r.parallelCodes.size()) + " languages")
          << "\n";
    s << "view                        langs  cophenetic r  NN same branch  NN same family  CLDR groups clustered\n";
    for (const SimilarityView &v : r.views) {
        const GenealogyAgreement &g = v.genealogy;
        std::snprintf(buf, sizeof buf, "  %-26s %5zu %13s %10d/%-4zu %10d/%-4zu %8d/%zu\n", v.label().c_str(),
                      v.codes.size(),
                      std::isfinite(g.copheneticCorrelation) ? fmt(g.copheneticCorrelation, 3).c_str() : "-",
                      g.nearestSameBranch, g.neighbours.size(), g.nearestSameFamily, g.neighbours.size(),
                      groupsClustered(g), g.groups.size());
        s << buf;
    }
    for (const SimilarityView *v : highlightedViews(r)) {
        s << v->label() << ": leaf order";
        for (int i : v->dendrogram.order)
            s << " " << v->codes[i];
        s << "\n";
        s << groupChecksText(v->genealogy);
        s << "  nearest:";
        for (const auto &nb : v->genealogy.neighbours)
            s << " " << nb.code << "->" << nb.nearest << (nb.sameBranch ? "+" : "-");
        s << "\n";
    }
    if (!r.views.empty() && !r.views[0].genealogy.excluded.empty()) {
        s << "not in CLDR (left out of the genealogy scores):";
        for (const auto &c : r.views[0].genealogy.excluded)
            s << " " << c;
        s << "\n";
    }
    return s.str();
}

} // namespace fieldbench
