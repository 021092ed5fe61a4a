// The plain half of the codebook analysis: from counts to the report, and the report to
// JSON, CSV and SVG. No torch here (listed in FIELDBENCH_CORE_PLAIN).

#include "fieldbench/analysis/codebookanalysis.h"

#include "reportwriters.h"

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
using namespace reportio;

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
        r.genealogy = genealogyOrEmpty(genealogy, codes, r.distance, r.dendrogram);
    }
    return r;
}

// --- JSON ----------------------------------------------------------------------------------

namespace {

std::vector<std::string> codesOf(const CodebookReport &r)
{
    std::vector<std::string> codes;
    for (const auto &l : r.languages)
        codes.push_back(l.code);
    return codes;
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
    Json points = Json::array();
    for (const auto &p : r.projection)
        points.push_back({p[0], p[1]});

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
            {"dendrogram", dendrogramJson(r.dendrogram, r.config.clusterMetric)},
            {"projection", {{"method", r.projectionMethod}, {"explained", r.projectionExplained}, {"points", points}}},
            {"genealogy", genealogyJson(r.genealogy)},
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
    r.dendrogram = dendrogramFrom(j.at("dendrogram"), n);
    const Json &p = j.at("projection");
    r.projectionMethod = p.value("method", std::string());
    const Json &explained = p.value("explained", Json::array());
    if (explained.size() == 2)
        r.projectionExplained = {numberFrom(explained[0]), numberFrom(explained[1])};
    for (const Json &pt : p.at("points"))
        r.projection.push_back({numberFrom(pt.at(0)), numberFrom(pt.at(1))});
    r.genealogy = genealogyFrom(j.at("genealogy"));
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

std::string unitName(const std::vector<int> &indices)
{
    std::string s;
    for (std::size_t g = 0; g < indices.size(); ++g)
        s += (g ? "-" : "") + std::to_string(indices[g]);
    return s;
}

// --- SVG -----------------------------------------------------------------------------------

// Viridis, sampled at nine stops and interpolated: t in [0, 1].
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
    createReportFolder(dir);
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
    put("cosine.csv", matrixCsv(codesOf(r), r.cosine));
    put("jensen_shannon.csv", matrixCsv(codesOf(r), r.jensenShannon));
    put("shared_frames.csv", matrixCsv(codesOf(r), r.shared));

    const std::string clusters = "node,left,right,height,size,languages\n" + clustersCsvRows(codesOf(r), r.dendrogram);
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
    for (const auto &l : r.languages)
        gen += csvField(l.code) + "," + genealogyCsvFields(l.code, r.genealogy) + "\n";
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
    put("heatmap_cosine.svg", heatmapSvg(codesOf(r), r.cosine, r.dendrogram.order, "Cosine similarity of codeword usage", std::min(cosLo, 0.999), 1.0));
    put("heatmap_js.svg", heatmapSvg(codesOf(r), r.jensenShannon, r.dendrogram.order, "Jensen-Shannon divergence (nats; ln 2 = disjoint)", 0.0,
                                     jsHi > 0 ? jsHi : std::log(2.0)));
    std::vector<std::string> labels;
    for (const auto &l : r.languages)
        labels.push_back(l.code + "  " + l.name);
    put("dendrogram.svg",
        dendrogramSvg(labels, r.dendrogram, "Average-linkage clustering (" + r.config.clusterMetric + " distance)"));
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
    s << groupChecksText(g);
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
