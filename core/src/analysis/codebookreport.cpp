// The plain half of the codebook analysis: from counts to the report, and the report to
// JSON, CSV and SVG. No torch here (listed in FIELDBENCH_CORE_PLAIN).

#include "fieldbench/analysis/codebookanalysis.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace fieldbench {

using Json = nlohmann::json;

std::vector<std::string> CodebookAnalysisConfig::validate() const
{
    std::vector<std::string> problems;
    if (!(secondsPerLanguage >= 0))
        problems.push_back("seconds per language must be 0 (as much as the smallest language has) or more");
    if (!(chunkSeconds >= 0.5))
        problems.push_back("chunk length must be at least 0.5 s");
    if (!(minUseFrequency >= 0 && minUseFrequency < 1))
        problems.push_back("the minimum use frequency must be in [0, 1)");
    if (clusterMetric != "js" && clusterMetric != "cosine")
        problems.push_back("cluster metric must be \"js\" or \"cosine\", not \"" + clusterMetric + "\"");
    if (examplesPerUnit < 0)
        problems.push_back("examples per unit cannot be negative");
    if (sharedUnitsListed < 0)
        problems.push_back("the number of shared units listed cannot be negative");
    if (device != "cpu" && device != "cuda")
        problems.push_back("device must be \"cpu\" or \"cuda\", not \"" + device + "\"");
    return problems;
}

int CodebookReport::languageIndex(const std::string &code) const
{
    for (std::size_t i = 0; i < languages.size(); ++i)
        if (languages[i].code == code)
            return int(i);
    return -1;
}

// --- counts -> report ----------------------------------------------------------------------

CodebookReport buildCodebookReport(std::vector<LanguageUsage> languages, int groups, int entries,
                                   const CodebookAnalysisConfig &config, const LanguageGroups *genealogy)
{
    CodebookReport r;
    r.config = config;
    r.groups = groups;
    r.entries = entries;
    r.languages = std::move(languages);
    const int n = int(r.languages.size());

    for (LanguageUsage &l : r.languages) {
        l.joint = usageStats(l.jointCounts);
        l.frames = l.joint.frames;
        l.groups.clear();
        for (const auto &h : l.groupCounts)
            l.groups.push_back(usageStats(h));
    }

    const std::size_t nn = std::size_t(n) * std::size_t(n);
    r.cosine.assign(nn, 0.0);
    r.jensenShannon.assign(nn, 0.0);
    r.shared.assign(nn, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const auto &a = r.languages[i].jointCounts, &b = r.languages[j].jointCounts;
            r.shared[std::size_t(i) * n + j] = sharedFrameShare(a, b, config.minUseFrequency);
            if (j < i)
                continue;
            const double c = i == j && !a.empty() ? 1.0 : cosineSimilarity(a, b);
            const double js = i == j && !a.empty() ? 0.0 : jensenShannon(a, b);
            r.cosine[std::size_t(i) * n + j] = r.cosine[std::size_t(j) * n + i] = c;
            r.jensenShannon[std::size_t(i) * n + j] = r.jensenShannon[std::size_t(j) * n + i] = js;
        }
    r.distance.assign(nn, 0.0);
    for (std::size_t k = 0; k < nn; ++k)
        r.distance[k] = config.clusterMetric == "cosine" ? 1.0 - r.cosine[k] : r.jensenShannon[k];
    for (int i = 0; i < n; ++i)
        r.distance[std::size_t(i) * n + i] = 0.0;
    if (n >= 1)
        r.dendrogram = averageLinkage(r.distance, n);

    // Projection: Hellinger features (square roots of relative frequencies) over the union
    // of codewords, so Euclidean distances relate to the Hellinger distance.
    std::map<std::uint64_t, std::size_t> column;
    for (const auto &l : r.languages)
        for (const auto &kv : l.jointCounts)
            column.emplace(kv.first, 0);
    std::size_t col = 0;
    for (auto &kv : column)
        kv.second = col++;
    std::vector<std::vector<double>> rows(std::size_t(n), std::vector<double>(column.size(), 0.0));
    for (int i = 0; i < n; ++i) {
        const double total = double(std::max<std::int64_t>(1, r.languages[i].frames));
        for (const auto &kv : r.languages[i].jointCounts)
            rows[i][column[kv.first]] = std::sqrt(double(kv.second) / total);
    }
    r.projection = principalComponents2(rows, &r.projectionExplained);
    r.projectionMethod = "PCA of square-root (Hellinger) codeword frequencies";

    // Which codewords each language uses, and the shared units.
    std::map<std::uint64_t, std::vector<int>> users;
    for (int i = 0; i < n; ++i) {
        const double total = double(std::max<std::int64_t>(1, r.languages[i].frames));
        for (const auto &kv : r.languages[i].jointCounts)
            if (kv.second > 0 && double(kv.second) / total >= config.minUseFrequency)
                users[kv.first].push_back(i);
    }
    r.codewordsByLanguageCount.assign(std::size_t(n) + 1, 0);
    for (const auto &[code, who] : users)
        ++r.codewordsByLanguageCount[who.size()];
    r.codewordsUsed = std::int64_t(users.size());

    struct Candidate
    {
        std::uint64_t code;
        int count;
        double meanFrequency;
    };
    std::vector<Candidate> candidates;
    for (const auto &[code, who] : users) {
        if (who.size() < 2)
            continue;
        double f = 0;
        for (int i : who)
            f += double(r.languages[i].jointCounts.at(code)) / double(std::max<std::int64_t>(1, r.languages[i].frames));
        candidates.push_back({code, int(who.size()), f / double(n)});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.count != b.count)
            return a.count > b.count;
        if (a.meanFrequency != b.meanFrequency)
            return a.meanFrequency > b.meanFrequency;
        return a.code < b.code;
    });
    if (int(candidates.size()) > config.sharedUnitsListed)
        candidates.resize(std::size_t(config.sharedUnitsListed));
    const CodeCounter splitter(groups, entries);
    for (const Candidate &c : candidates) {
        SharedUnit u;
        u.code = c.code;
        u.indices = splitter.split(c.code);
        for (int i : users[c.code]) {
            const LanguageUsage &l = r.languages[i];
            u.languages.push_back(l.code);
            u.frequency[l.code] = double(l.jointCounts.at(c.code)) / double(std::max<std::int64_t>(1, l.frames));
            const auto ex = l.examples.find(c.code);
            if (ex != l.examples.end())
                u.examples[l.code] = ex->second;
        }
        r.sharedUnits.push_back(std::move(u));
    }

    // Genealogy.
    std::vector<std::string> codes;
    for (const auto &l : r.languages)
        codes.push_back(l.code);
    if (n >= 1) {
        if (genealogy) {
            r.genealogy = compareWithGenealogy(*genealogy, codes, r.distance, r.dendrogram);
        } else {
            try {
                const LanguageGroups cldr(LanguageGroups::kDefaultPath);
                r.genealogy = compareWithGenealogy(cldr, codes, r.distance, r.dendrogram);
            } catch (const Error &) {
                r.genealogy = {};
                r.genealogy.excluded = codes; // no CLDR data: nothing can be scored
                r.genealogy.copheneticCorrelation = std::numeric_limits<double>::quiet_NaN();
            }
        }
    }
    return r;
}

// --- JSON ----------------------------------------------------------------------------------

namespace {

Json number(double v)
{
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double numberFrom(const Json &j)
{
    return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

Json matrix(const std::vector<double> &m, int n)
{
    Json out = Json::array();
    for (int i = 0; i < n; ++i) {
        Json row = Json::array();
        for (int j = 0; j < n; ++j)
            row.push_back(number(m[std::size_t(i) * n + j]));
        out.push_back(row);
    }
    return out;
}

std::vector<double> matrixFrom(const Json &j, int n)
{
    std::vector<double> m(std::size_t(n) * n, 0.0);
    for (int i = 0; i < n && i < int(j.size()); ++i)
        for (int k = 0; k < n && k < int(j[i].size()); ++k)
            m[std::size_t(i) * n + k] = numberFrom(j[i][k]);
    return m;
}

Json statsJson(const UsageStats &s)
{
    return {{"frames", s.frames}, {"distinct", s.distinct}, {"entropy", s.entropy}, {"perplexity", s.perplexity}};
}

UsageStats statsFrom(const Json &j)
{
    UsageStats s;
    s.frames = j.value("frames", std::int64_t(0));
    s.distinct = j.value("distinct", std::int64_t(0));
    s.entropy = j.value("entropy", 0.0);
    s.perplexity = j.value("perplexity", 0.0);
    return s;
}

Json exampleJson(const UnitExample &e)
{
    return {{"segment_id", e.segmentId}, {"audio_file", e.audioFile}, {"start", e.start}, {"end", e.end}};
}

UnitExample exampleFrom(const Json &j)
{
    UnitExample e;
    e.segmentId = j.value("segment_id", std::int64_t(0));
    e.audioFile = j.value("audio_file", std::string());
    e.start = j.value("start", 0.0);
    e.end = j.value("end", 0.0);
    return e;
}

Json configJson(const CodebookAnalysisConfig &c)
{
    return {{"languages", c.languages},
            {"seconds_per_language", c.secondsPerLanguage},
            {"seed", c.seed},
            {"chunk_seconds", c.chunkSeconds},
            {"min_use_frequency", c.minUseFrequency},
            {"cluster_metric", c.clusterMetric},
            {"examples_per_unit", c.examplesPerUnit},
            {"shared_units_listed", c.sharedUnitsListed},
            {"device", c.device}};
}

CodebookAnalysisConfig configFrom(const Json &j)
{
    CodebookAnalysisConfig c;
    c.languages = j.value("languages", std::vector<std::string>{});
    c.secondsPerLanguage = j.value("seconds_per_language", c.secondsPerLanguage);
    c.seed = j.value("seed", c.seed);
    c.chunkSeconds = j.value("chunk_seconds", c.chunkSeconds);
    c.minUseFrequency = j.value("min_use_frequency", c.minUseFrequency);
    c.clusterMetric = j.value("cluster_metric", c.clusterMetric);
    c.examplesPerUnit = j.value("examples_per_unit", c.examplesPerUnit);
    c.sharedUnitsListed = j.value("shared_units_listed", c.sharedUnitsListed);
    c.device = j.value("device", c.device);
    return c;
}

Json toJson(const CodebookReport &r)
{
    const int n = int(r.languages.size());
    Json langs = Json::array();
    for (const LanguageUsage &l : r.languages) {
        std::vector<std::pair<std::uint64_t, std::int64_t>> joint(l.jointCounts.begin(), l.jointCounts.end());
        std::sort(joint.begin(), joint.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        Json jointJson = Json::array();
        for (const auto &[code, count] : joint)
            jointJson.push_back({code, count});
        Json groupStats = Json::array();
        for (const auto &s : l.groups)
            groupStats.push_back(statsJson(s));
        langs.push_back({{"code", l.code},
                         {"name", l.name},
                         {"seconds", l.seconds},
                         {"segments", l.segments},
                         {"frames", l.frames},
                         {"joint", statsJson(l.joint)},
                         {"groups", groupStats},
                         {"group_counts", l.groupCounts},
                         {"joint_counts", jointJson}});
    }
    Json merges = Json::array();
    for (const auto &m : r.dendrogram.merges)
        merges.push_back({{"left", m.left}, {"right", m.right}, {"height", m.height}, {"size", m.size}});
    Json points = Json::array();
    for (const auto &p : r.projection)
        points.push_back({p[0], p[1]});

    const GenealogyAgreement &g = r.genealogy;
    Json neighbours = Json::array();
    for (const auto &nb : g.neighbours)
        neighbours.push_back({{"code", nb.code}, {"nearest", nb.nearest}, {"family", nb.family},
                              {"branch", nb.branch}, {"same_family", nb.sameFamily}, {"same_branch", nb.sameBranch}});
    Json groupChecks = Json::array();
    for (const auto &c : g.groups)
        groupChecks.push_back({{"group", c.group}, {"name", c.name}, {"members", c.members},
                               {"is_cluster", c.isCluster}, {"smallest_cluster_size", c.smallestClusterSize},
                               {"intruders", c.intruders}});
    Json genealogy = {{"source", "CLDR supplemental/languageGroup.xml"},
                      {"included", g.included},
                      {"excluded", g.excluded},
                      {"lineage", g.lineage},
                      {"cophenetic_correlation", number(g.copheneticCorrelation)},
                      {"nearest_same_family", g.nearestSameFamily},
                      {"nearest_same_branch", g.nearestSameBranch},
                      {"neighbours", neighbours},
                      {"groups", groupChecks}};

    Json units = Json::array();
    for (const SharedUnit &u : r.sharedUnits) {
        Json examples = Json::object();
        for (const auto &[code, list] : u.examples) {
            Json a = Json::array();
            for (const auto &e : list)
                a.push_back(exampleJson(e));
            examples[code] = a;
        }
        units.push_back({{"code", u.code}, {"indices", u.indices}, {"languages", u.languages},
                         {"frequency", u.frequency}, {"examples", examples}});
    }

    return {{"format", "fieldbench-codebook-report"},
            {"version", 1},
            {"model", r.model},
            {"project", r.project},
            {"config", configJson(r.config)},
            {"groups", r.groups},
            {"entries", r.entries},
            {"frame_seconds", r.frameSeconds},
            {"languages", langs},
            {"cosine", matrix(r.cosine, n)},
            {"jensen_shannon", matrix(r.jensenShannon, n)},
            {"shared_frames", matrix(r.shared, n)},
            {"distance", matrix(r.distance, n)},
            {"dendrogram", {{"metric", r.config.clusterMetric}, {"linkage", "average"}, {"merges", merges},
                            {"order", r.dendrogram.order}}},
            {"projection", {{"method", r.projectionMethod}, {"explained", r.projectionExplained}, {"points", points}}},
            {"genealogy", genealogy},
            {"shared_units", units},
            {"codewords_used", r.codewordsUsed},
            {"codewords_by_language_count", r.codewordsByLanguageCount}};
}

CodebookReport fromJson(const Json &j)
{
    if (j.value("format", std::string()) != "fieldbench-codebook-report")
        throw Error("not a Fieldbench codebook report (\"format\" is not fieldbench-codebook-report)");
    CodebookReport r;
    r.model = j.value("model", std::string());
    r.project = j.value("project", std::string());
    r.config = configFrom(j.value("config", Json::object()));
    r.groups = j.at("groups").get<int>();
    r.entries = j.at("entries").get<int>();
    r.frameSeconds = j.value("frame_seconds", 0.0);
    for (const Json &lj : j.at("languages")) {
        LanguageUsage l;
        l.code = lj.at("code").get<std::string>();
        l.name = lj.value("name", l.code);
        l.seconds = lj.value("seconds", 0.0);
        l.segments = lj.value("segments", std::int64_t(0));
        l.frames = lj.value("frames", std::int64_t(0));
        l.joint = statsFrom(lj.value("joint", Json::object()));
        for (const Json &s : lj.value("groups", Json::array()))
            l.groups.push_back(statsFrom(s));
        l.groupCounts = lj.at("group_counts").get<std::vector<std::vector<std::int64_t>>>();
        for (const Json &p : lj.at("joint_counts"))
            l.jointCounts[p.at(0).get<std::uint64_t>()] = p.at(1).get<std::int64_t>();
        r.languages.push_back(std::move(l));
    }
    const int n = int(r.languages.size());
    r.cosine = matrixFrom(j.at("cosine"), n);
    r.jensenShannon = matrixFrom(j.at("jensen_shannon"), n);
    r.shared = matrixFrom(j.at("shared_frames"), n);
    r.distance = matrixFrom(j.at("distance"), n);
    const Json &d = j.at("dendrogram");
    r.dendrogram.leaves = n;
    for (const Json &m : d.at("merges"))
        r.dendrogram.merges.push_back({m.at("left").get<int>(), m.at("right").get<int>(), m.at("height").get<double>(),
                                       m.at("size").get<int>()});
    r.dendrogram.order = d.at("order").get<std::vector<int>>();
    const Json &p = j.at("projection");
    r.projectionMethod = p.value("method", std::string());
    const Json &explained = p.value("explained", Json::array());
    if (explained.size() == 2)
        r.projectionExplained = {numberFrom(explained[0]), numberFrom(explained[1])};
    for (const Json &pt : p.at("points"))
        r.projection.push_back({numberFrom(pt.at(0)), numberFrom(pt.at(1))});
    const Json &g = j.at("genealogy");
    r.genealogy.included = g.value("included", std::vector<std::string>{});
    r.genealogy.excluded = g.value("excluded", std::vector<std::string>{});
    r.genealogy.lineage = g.value("lineage", std::map<std::string, std::vector<std::string>>{});
    r.genealogy.copheneticCorrelation = numberFrom(g.value("cophenetic_correlation", Json()));
    r.genealogy.nearestSameFamily = g.value("nearest_same_family", 0);
    r.genealogy.nearestSameBranch = g.value("nearest_same_branch", 0);
    for (const Json &nb : g.value("neighbours", Json::array()))
        r.genealogy.neighbours.push_back({nb.value("code", ""), nb.value("nearest", ""), nb.value("family", ""),
                                          nb.value("branch", ""), nb.value("same_family", false),
                                          nb.value("same_branch", false)});
    for (const Json &c : g.value("groups", Json::array())) {
        GenealogyAgreement::GroupCheck gc;
        gc.group = c.value("group", "");
        gc.name = c.value("name", gc.group);
        gc.members = c.value("members", std::vector<std::string>{});
        gc.isCluster = c.value("is_cluster", false);
        gc.smallestClusterSize = c.value("smallest_cluster_size", 0);
        gc.intruders = c.value("intruders", std::vector<std::string>{});
        r.genealogy.groups.push_back(std::move(gc));
    }
    for (const Json &u : j.value("shared_units", Json::array())) {
        SharedUnit s;
        s.code = u.at("code").get<std::uint64_t>();
        s.indices = u.value("indices", std::vector<int>{});
        s.languages = u.value("languages", std::vector<std::string>{});
        s.frequency = u.value("frequency", std::map<std::string, double>{});
        const Json examples = u.value("examples", Json::object()); // items() must not outlive it
        for (const auto &[code, list] : examples.items())
            for (const Json &e : list)
                s.examples[code].push_back(exampleFrom(e));
        r.sharedUnits.push_back(std::move(s));
    }
    r.codewordsUsed = j.value("codewords_used", std::int64_t(0));
    r.codewordsByLanguageCount = j.value("codewords_by_language_count", std::vector<std::int64_t>{});
    return r;
}

// --- CSV -----------------------------------------------------------------------------------

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string fmt(double v, int precision = 6)
{
    if (!std::isfinite(v))
        return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    return buf;
}

std::string matrixCsv(const CodebookReport &r, const std::vector<double> &m)
{
    std::string out = "language";
    for (const auto &l : r.languages)
        out += "," + csvField(l.code);
    out += "\n";
    const int n = int(r.languages.size());
    for (int i = 0; i < n; ++i) {
        out += csvField(r.languages[i].code);
        for (int j = 0; j < n; ++j)
            out += "," + fmt(m[std::size_t(i) * n + j]);
        out += "\n";
    }
    return out;
}

std::string unitName(const std::vector<int> &indices)
{
    std::string s;
    for (std::size_t g = 0; g < indices.size(); ++g)
        s += (g ? "-" : "") + std::to_string(indices[g]);
    return s;
}

// --- SVG -----------------------------------------------------------------------------------

std::string xmlEscape(const std::string &s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// Viridis, sampled at nine stops and interpolated: t in [0, 1].
std::string viridis(double t)
{
    static const double stops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
                                       {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    if (!std::isfinite(t))
        return "#cccccc";
    t = std::clamp(t, 0.0, 1.0) * 8.0;
    const int k = std::min(7, int(t));
    const double f = t - k;
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", int(stops[k][0] + f * (stops[k + 1][0] - stops[k][0])),
                  int(stops[k][1] + f * (stops[k + 1][1] - stops[k][1])),
                  int(stops[k][2] + f * (stops[k + 1][2] - stops[k][2])));
    return buf;
}

std::string svgOpen(double w, double h)
{
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                  "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                  w, h, w, h);
    return buf;
}

std::string text(double x, double y, const std::string &s, const std::string &extra = {})
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    return std::string(buf) + (extra.empty() ? "" : " " + extra) + ">" + xmlEscape(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string &stroke = "#333")
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2,
                  y2, stroke.c_str());
    return buf;
}

std::string rect(double x, double y, double w, double h, const std::string &fill, const std::string &title = {})
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"", x, y, w, h,
                  fill.c_str());
    return std::string(buf) + (title.empty() ? "/>\n" : "><title>" + xmlEscape(title) + "</title></rect>\n");
}

std::string heatmapSvg(const CodebookReport &r, const std::vector<double> &m, const std::string &title, double lo,
                       double hi)
{
    const int n = int(r.languages.size());
    const double cell = n <= 20 ? 34 : 600.0 / std::max(1, n), left = 60, top = 60;
    const double w = left + n * cell + 110, h = top + n * cell + 30;
    std::string s = svgOpen(w, h);
    s += text(left, 24, title, "font-size=\"14\" font-weight=\"bold\"");
    // Rows and columns in dendrogram order, so clusters show as blocks.
    const std::vector<int> &order = r.dendrogram.order.size() == std::size_t(n) ? r.dendrogram.order : std::vector<int>();
    auto at = [&](int k) { return order.empty() ? k : order[k]; };
    for (int a = 0; a < n; ++a) {
        const int i = at(a);
        s += text(left - 6, top + a * cell + cell / 2 + 4, r.languages[i].code, "text-anchor=\"end\"");
        s += text(left + a * cell + cell / 2, top - 6, r.languages[i].code, "text-anchor=\"middle\"");
        for (int b = 0; b < n; ++b) {
            const int j = at(b);
            const double v = m[std::size_t(i) * n + j];
            const double t = hi > lo ? (v - lo) / (hi - lo) : 0.0;
            s += rect(left + b * cell, top + a * cell, cell, cell, viridis(t),
                      r.languages[i].code + " / " + r.languages[j].code + ": " + fmt(v, 4));
            if (n <= 20)
                s += text(left + b * cell + cell / 2, top + a * cell + cell / 2 + 3, fmt(v, 2),
                          std::string("text-anchor=\"middle\" font-size=\"9\" fill=\"") + (t > 0.6 ? "#000" : "#fff") + "\"");
        }
    }
    // Colour bar.
    const double bx = left + n * cell + 24, bh = n * cell;
    for (int k = 0; k < 50; ++k)
        s += rect(bx, top + bh - (k + 1) * bh / 50, 16, bh / 50 + 0.5, viridis(k / 49.0));
    s += text(bx + 20, top + 8, fmt(hi, 3));
    s += text(bx + 20, top + bh, fmt(lo, 3));
    return s + "</svg>\n";
}

std::string dendrogramSvg(const CodebookReport &r)
{
    const Dendrogram &d = r.dendrogram;
    const int n = d.leaves;
    const double left = 20, right = 170, top = 40, rowH = 24, plotW = 520;
    const double w = left + plotW + right, h = top + std::max(1, n) * rowH + 40;
    std::string s = svgOpen(w, h);
    s += text(left, 24, "Average-linkage clustering (" + r.config.clusterMetric + " distance)",
              "font-size=\"14\" font-weight=\"bold\"");
    double maxH = 0;
    for (const auto &m : d.merges)
        maxH = std::max(maxH, m.height);
    if (maxH <= 0)
        maxH = 1;
    // Leaves on the right (x = 0 distance), merges to the left.
    auto X = [&](double height) { return left + plotW * (1.0 - height / maxH); };
    std::vector<double> y(std::size_t(2 * n), 0.0), x(std::size_t(2 * n), X(0));
    for (std::size_t k = 0; k < d.order.size(); ++k)
        y[d.order[k]] = top + k * rowH + rowH / 2;
    for (std::size_t k = 0; k < d.merges.size(); ++k) {
        const auto &m = d.merges[k];
        const int node = n + int(k);
        x[node] = X(m.height);
        y[node] = (y[m.left] + y[m.right]) / 2;
        s += line(x[m.left], y[m.left], x[node], y[m.left]);
        s += line(x[m.right], y[m.right], x[node], y[m.right]);
        s += line(x[node], y[m.left], x[node], y[m.right]);
    }
    for (int i = 0; i < n; ++i)
        s += text(X(0) + 6, y[i] + 4, r.languages[i].code + "  " + r.languages[i].name);
    const double axisY = top + n * rowH + 10;
    s += line(X(maxH), axisY, X(0), axisY);
    for (int k = 0; k <= 4; ++k) {
        const double v = maxH * k / 4;
        s += line(X(v), axisY, X(v), axisY + 4);
        s += text(X(v), axisY + 16, fmt(v, 3), "text-anchor=\"middle\"");
    }
    return s + "</svg>\n";
}

std::string projectionSvg(const CodebookReport &r)
{
    const double W = 560, H = 460, m = 50;
    std::string s = svgOpen(W, H);
    char title[160];
    std::snprintf(title, sizeof title, "%s (PC1 %.0f%%, PC2 %.0f%%)", r.projectionMethod.c_str(),
                  100 * r.projectionExplained[0], 100 * r.projectionExplained[1]);
    s += text(m, 24, title, "font-size=\"13\" font-weight=\"bold\"");
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    for (std::size_t i = 0; i < r.projection.size(); ++i) {
        const auto &p = r.projection[i];
        x0 = i ? std::min(x0, p[0]) : p[0];
        x1 = i ? std::max(x1, p[0]) : p[0];
        y0 = i ? std::min(y0, p[1]) : p[1];
        y1 = i ? std::max(y1, p[1]) : p[1];
    }
    const double dx = x1 > x0 ? x1 - x0 : 1, dy = y1 > y0 ? y1 - y0 : 1;
    auto X = [&](double v) { return m + (W - 2 * m) * (v - x0) / dx; };
    auto Y = [&](double v) { return H - m - (H - 2 * m) * (v - y0) / dy; };
    s += line(m, H - m + 10, W - m, H - m + 10, "#999");
    s += line(m - 10, m, m - 10, H - m, "#999");
    s += text(W / 2, H - 12, "PC1", "text-anchor=\"middle\"");
    s += text(14, H / 2, "PC2");
    for (std::size_t i = 0; i < r.projection.size(); ++i) {
        const auto &p = r.projection[i];
        char c[160];
        std::snprintf(c, sizeof c, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f77b4\"/>\n", X(p[0]), Y(p[1]));
        s += c;
        s += text(X(p[0]) + 6, Y(p[1]) - 4, r.languages[i].code);
    }
    return s + "</svg>\n";
}

std::string usageSvg(const CodebookReport &r)
{
    const int n = int(r.languages.size()), G = r.groups;
    const double panelW = 360, panelH = 60, left = 60, top = 40, gap = 16;
    const double W = left + G * (panelW + gap) + 10, H = top + n * (panelH + gap) + 10;
    std::string s = svgOpen(W, H);
    s += text(left, 24, "Code usage per group (share of frames per entry)", "font-size=\"14\" font-weight=\"bold\"");
    for (int i = 0; i < n; ++i) {
        const LanguageUsage &l = r.languages[i];
        const double y = top + i * (panelH + gap);
        s += text(left - 6, y + panelH / 2 + 4, l.code, "text-anchor=\"end\"");
        for (int g = 0; g < G && g < int(l.groupCounts.size()); ++g) {
            const auto &hcount = l.groupCounts[g];
            const double x = left + g * (panelW + gap);
            std::int64_t maxC = 1;
            for (auto c : hcount)
                maxC = std::max(maxC, c);
            s += rect(x, y, panelW, panelH, "#f4f4f4");
            const double bw = panelW / std::max<std::size_t>(1, hcount.size());
            for (std::size_t v = 0; v < hcount.size(); ++v)
                if (hcount[v] > 0) {
                    const double bh = panelH * double(hcount[v]) / double(maxC);
                    s += rect(x + v * bw, y + panelH - bh, std::max(bw, 0.6), bh, "#1f77b4");
                }
        }
    }
    return s + "</svg>\n";
}

void writeText(const std::filesystem::path &path, const std::string &content)
{
    writeFileAtomically(path, content);
}

} // namespace

std::vector<std::filesystem::path> writeCodebookReport(const CodebookReport &r, const std::filesystem::path &dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string(), "cannot create the folder: " + ec.message());
    std::vector<std::filesystem::path> written;
    auto put = [&](const std::string &name, const std::string &content) {
        writeText(dir / name, content);
        written.push_back(dir / name);
    };
    put("report.json", toJson(r).dump(1) + "\n");

    const int n = int(r.languages.size());
    std::string langs = "language,name,seconds,segments,frames,distinct_codewords,entropy_nats,perplexity";
    for (int g = 0; g < r.groups; ++g)
        langs += ",group" + std::to_string(g) + "_distinct,group" + std::to_string(g) + "_perplexity";
    langs += "\n";
    for (const auto &l : r.languages) {
        langs += csvField(l.code) + "," + csvField(l.name) + "," + fmt(l.seconds) + "," + std::to_string(l.segments) + "," +
                 std::to_string(l.frames) + "," + std::to_string(l.joint.distinct) + "," + fmt(l.joint.entropy) + "," +
                 fmt(l.joint.perplexity);
        for (const auto &g : l.groups)
            langs += "," + std::to_string(g.distinct) + "," + fmt(g.perplexity);
        langs += "\n";
    }
    put("languages.csv", langs);
    put("cosine.csv", matrixCsv(r, r.cosine));
    put("jensen_shannon.csv", matrixCsv(r, r.jensenShannon));
    put("shared_frames.csv", matrixCsv(r, r.shared));

    std::string clusters = "node,left,right,height,size,languages\n";
    for (std::size_t k = 0; k < r.dendrogram.merges.size(); ++k) {
        const auto &m = r.dendrogram.merges[k];
        std::string members;
        for (int leaf : r.dendrogram.leavesOf(n + int(k)))
            members += (members.empty() ? "" : " ") + r.languages[leaf].code;
        clusters += std::to_string(n + int(k)) + "," + std::to_string(m.left) + "," + std::to_string(m.right) + "," +
                    fmt(m.height) + "," + std::to_string(m.size) + "," + csvField(members) + "\n";
    }
    put("clusters.csv", clusters);

    std::string proj = "language,pc1,pc2\n";
    for (int i = 0; i < n; ++i)
        proj += csvField(r.languages[i].code) + "," + fmt(r.projection[i][0]) + "," + fmt(r.projection[i][1]) + "\n";
    put("projection.csv", proj);

    std::string units = "codeword,indices,languages_using,languages,mean_frequency,examples\n";
    for (const SharedUnit &u : r.sharedUnits) {
        std::string who, ex;
        double f = 0;
        for (const auto &c : u.languages) {
            who += (who.empty() ? "" : " ") + c;
            f += u.frequency.count(c) ? u.frequency.at(c) : 0.0;
        }
        for (const auto &[code, list] : u.examples)
            for (const auto &e : list)
                ex += (ex.empty() ? "" : " ") + code + ":" + std::to_string(e.segmentId) + "@" + fmt(e.start, 5) + "-" +
                      fmt(e.end, 5);
        units += std::to_string(u.code) + "," + unitName(u.indices) + "," + std::to_string(u.languages.size()) + "," +
                 csvField(who) + "," + fmt(u.languages.empty() ? 0.0 : f / double(u.languages.size())) + "," +
                 csvField(ex) + "\n";
    }
    put("shared_units.csv", units);

    std::string gen = "language,in_cldr,lineage,nearest,same_family,same_branch\n";
    for (const auto &l : r.languages) {
        const auto lin = r.genealogy.lineage.find(l.code);
        std::string path;
        if (lin != r.genealogy.lineage.end())
            for (const auto &g : lin->second)
                path += (path.empty() ? "" : "/") + g;
        std::string nearest, fam, br;
        for (const auto &nb : r.genealogy.neighbours)
            if (nb.code == l.code) {
                nearest = nb.nearest;
                fam = nb.sameFamily ? "yes" : "no";
                br = nb.sameBranch ? "yes" : "no";
            }
        gen += csvField(l.code) + "," + (lin != r.genealogy.lineage.end() ? "yes" : "no") + "," + csvField(path) + "," +
               nearest + "," + fam + "," + br + "\n";
    }
    put("genealogy.csv", gen);

    std::string usage = "language,group,entry,frames\n";
    for (const auto &l : r.languages)
        for (std::size_t g = 0; g < l.groupCounts.size(); ++g)
            for (std::size_t v = 0; v < l.groupCounts[g].size(); ++v)
                if (l.groupCounts[g][v] > 0)
                    usage += csvField(l.code) + "," + std::to_string(g) + "," + std::to_string(v) + "," +
                             std::to_string(l.groupCounts[g][v]) + "\n";
    put("usage_per_group.csv", usage);

    double cosLo = 1, jsHi = 0;
    for (double v : r.cosine)
        cosLo = std::min(cosLo, v);
    for (double v : r.jensenShannon)
        jsHi = std::max(jsHi, v);
    put("heatmap_cosine.svg", heatmapSvg(r, r.cosine, "Cosine similarity of codeword usage", std::min(cosLo, 0.999), 1.0));
    put("heatmap_js.svg", heatmapSvg(r, r.jensenShannon, "Jensen-Shannon divergence (nats; ln 2 = disjoint)", 0.0,
                                     jsHi > 0 ? jsHi : std::log(2.0)));
    put("dendrogram.svg", dendrogramSvg(r));
    put("projection.svg", projectionSvg(r));
    put("usage.svg", usageSvg(r));
    return written;
}

CodebookReport readCodebookReport(const std::filesystem::path &reportJson)
{
    std::ifstream in(reportJson);
    if (!in)
        throw Error(reportJson.string(), "cannot be read");
    try {
        return fromJson(Json::parse(in));
    } catch (const Error &e) {
        throw Error(reportJson.string(), e.what());
    } catch (const std::exception &e) {
        throw Error(reportJson.string(), std::string("is not a valid codebook report: ") + e.what());
    }
}

std::string summarizeCodebookReport(const CodebookReport &r)
{
    std::ostringstream s;
    char buf[256];
    s << "codebook: " << r.groups << " groups x " << r.entries << " entries; " << r.codewordsUsed
      << " joint codewords used by at least one language";
    if (r.codewordsByLanguageCount.size() > 1)
        s << ", " << r.codewordsByLanguageCount.back() << " by all " << (r.codewordsByLanguageCount.size() - 1);
    s << "\n";
    for (const auto &l : r.languages) {
        std::snprintf(buf, sizeof buf, "  %-4s %-22s %7.1f s %8lld frames %6lld codewords  perplexity %8.1f\n",
                      l.code.c_str(), l.name.substr(0, 22).c_str(), l.seconds, static_cast<long long>(l.frames),
                      static_cast<long long>(l.joint.distinct), l.joint.perplexity);
        s << buf;
    }
    const GenealogyAgreement &g = r.genealogy;
    s << "clustering (" << r.config.clusterMetric << ", average linkage), leaf order:";
    for (int i : r.dendrogram.order)
        s << " " << r.languages[i].code;
    s << "\n";
    for (const auto &c : g.groups) {
        s << "  " << c.group << " (" << c.name << ", " << c.members.size() << " languages): "
          << (c.isCluster ? "clusters" : "does not cluster");
        if (!c.isCluster) {
            s << " (smallest cluster holding them has " << c.smallestClusterSize << " languages; also";
            for (const auto &x : c.intruders)
                s << " " << x;
            s << ")";
        }
        s << "\n";
    }
    if (!g.neighbours.empty()) {
        s << "nearest neighbour in the same CLDR branch: " << g.nearestSameBranch << "/" << g.neighbours.size()
          << ", same family: " << g.nearestSameFamily << "/" << g.neighbours.size() << "\n  ";
        for (const auto &nb : g.neighbours)
            s << nb.code << "->" << nb.nearest << (nb.sameBranch ? "+ " : "- ");
        s << "\n";
    }
    if (std::isfinite(g.copheneticCorrelation)) {
        std::snprintf(buf, sizeof buf, "cophenetic correlation with the CLDR tree: %.3f\n", g.copheneticCorrelation);
        s << buf;
    } else {
        s << "cophenetic correlation with the CLDR tree: not defined (fewer than 3 languages in CLDR, or no spread)\n";
    }
    if (!g.excluded.empty()) {
        s << "not in CLDR (left out of the genealogy scores):";
        for (const auto &c : g.excluded)
            s << " " << c;
        s << "\n";
    }
    return s.str();
}

} // namespace fieldbench
