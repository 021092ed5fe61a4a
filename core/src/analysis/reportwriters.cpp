// Writers shared by the analysis reports; see reportwriters.h. The bodies came from
// codebookreport.cpp unchanged, with the report replaced by the codes it needs.

#include "reportwriters.h"

#include "fieldbench/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace fieldbench::reportio {

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

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string fmt(double v, int precision)
{
    if (!std::isfinite(v))
        return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    return buf;
}

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

std::string text(double x, double y, const std::string &s, const std::string &extra)
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    return std::string(buf) + (extra.empty() ? "" : " " + extra) + ">" + xmlEscape(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string &stroke)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2,
                  y2, stroke.c_str());
    return buf;
}

std::string rect(double x, double y, double w, double h, const std::string &fill, const std::string &title)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"", x, y, w, h,
                  fill.c_str());
    return std::string(buf) + (title.empty() ? "/>\n" : "><title>" + xmlEscape(title) + "</title></rect>\n");
}

std::string heatmapSvg(const std::vector<std::string> &codes, const std::vector<double> &m, const std::vector<int> &dendrogramOrder,
                       const std::string &title, double lo, double hi)
{
    const int n = int(codes.size());
    const double cell = n <= 20 ? 34 : 600.0 / std::max(1, n), left = 60, top = 60;
    const double w = left + n * cell + 110, h = top + n * cell + 30;
    std::string s = svgOpen(w, h);
    s += text(left, 24, title, "font-size=\"14\" font-weight=\"bold\"");
    // Rows and columns in dendrogram order, so clusters show as blocks.
    const std::vector<int> &order = dendrogramOrder.size() == std::size_t(n) ? dendrogramOrder : std::vector<int>();
    auto at = [&](int k) { return order.empty() ? k : order[k]; };
    for (int a = 0; a < n; ++a) {
        const int i = at(a);
        s += text(left - 6, top + a * cell + cell / 2 + 4, codes[i], "text-anchor=\"end\"");
        s += text(left + a * cell + cell / 2, top - 6, codes[i], "text-anchor=\"middle\"");
        for (int b = 0; b < n; ++b) {
            const int j = at(b);
            const double v = m[std::size_t(i) * n + j];
            const double t = hi > lo ? (v - lo) / (hi - lo) : 0.0;
            s += rect(left + b * cell, top + a * cell, cell, cell, viridis(t),
                      codes[i] + " / " + codes[j] + ": " + fmt(v, 4));
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

std::string dendrogramSvg(const std::vector<std::string> &labels, const Dendrogram &d, const std::string &title)
{
    const int n = d.leaves;
    const double left = 20, right = 170, top = 40, rowH = 24, plotW = 520;
    const double w = left + plotW + right, h = top + std::max(1, n) * rowH + 40;
    std::string s = svgOpen(w, h);
    s += text(left, 24, title, "font-size=\"14\" font-weight=\"bold\"");
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
        s += text(X(0) + 6, y[i] + 4, i < int(labels.size()) ? labels[i] : std::to_string(i));
    const double axisY = top + n * rowH + 10;
    s += line(X(maxH), axisY, X(0), axisY);
    for (int k = 0; k <= 4; ++k) {
        const double v = maxH * k / 4;
        s += line(X(v), axisY, X(v), axisY + 4);
        s += text(X(v), axisY + 16, fmt(v, 3), "text-anchor=\"middle\"");
    }
    return s + "</svg>\n";
}

Json dendrogramJson(const Dendrogram &d, const std::string &metric)
{
    Json merges = Json::array();
    for (const auto &m : d.merges)
        merges.push_back({{"left", m.left}, {"right", m.right}, {"height", m.height}, {"size", m.size}});
    return {{"metric", metric}, {"linkage", "average"}, {"merges", merges}, {"order", d.order}};
}

Dendrogram dendrogramFrom(const Json &j, int leaves)
{
    Dendrogram d;
    d.leaves = leaves;
    for (const Json &m : j.at("merges"))
        d.merges.push_back({m.at("left").get<int>(), m.at("right").get<int>(), m.at("height").get<double>(),
                            m.at("size").get<int>()});
    d.order = j.at("order").get<std::vector<int>>();
    return d;
}

Json genealogyJson(const GenealogyAgreement &g)
{
    Json neighbours = Json::array();
    for (const auto &nb : g.neighbours)
        neighbours.push_back({{"code", nb.code}, {"nearest", nb.nearest}, {"family", nb.family},
                              {"branch", nb.branch}, {"same_family", nb.sameFamily}, {"same_branch", nb.sameBranch}});
    Json groupChecks = Json::array();
    for (const auto &c : g.groups)
        groupChecks.push_back({{"group", c.group}, {"name", c.name}, {"members", c.members},
                               {"is_cluster", c.isCluster}, {"smallest_cluster_size", c.smallestClusterSize},
                               {"intruders", c.intruders}});
    return {{"source", "CLDR supplemental/languageGroup.xml"},
            {"included", g.included},
            {"excluded", g.excluded},
            {"lineage", g.lineage},
            {"cophenetic_correlation", number(g.copheneticCorrelation)},
            {"nearest_same_family", g.nearestSameFamily},
            {"nearest_same_branch", g.nearestSameBranch},
            {"neighbours", neighbours},
            {"groups", groupChecks}};
}

GenealogyAgreement genealogyFrom(const Json &g)
{
    GenealogyAgreement a;
    a.included = g.value("included", std::vector<std::string>{});
    a.excluded = g.value("excluded", std::vector<std::string>{});
    a.lineage = g.value("lineage", std::map<std::string, std::vector<std::string>>{});
    a.copheneticCorrelation = numberFrom(g.value("cophenetic_correlation", Json()));
    a.nearestSameFamily = g.value("nearest_same_family", 0);
    a.nearestSameBranch = g.value("nearest_same_branch", 0);
    for (const Json &nb : g.value("neighbours", Json::array()))
        a.neighbours.push_back({nb.value("code", ""), nb.value("nearest", ""), nb.value("family", ""),
                                nb.value("branch", ""), nb.value("same_family", false), nb.value("same_branch", false)});
    for (const Json &c : g.value("groups", Json::array())) {
        GenealogyAgreement::GroupCheck gc;
        gc.group = c.value("group", "");
        gc.name = c.value("name", gc.group);
        gc.members = c.value("members", std::vector<std::string>{});
        gc.isCluster = c.value("is_cluster", false);
        gc.smallestClusterSize = c.value("smallest_cluster_size", 0);
        gc.intruders = c.value("intruders", std::vector<std::string>{});
        a.groups.push_back(std::move(gc));
    }
    return a;
}

GenealogyAgreement genealogyOrEmpty(const LanguageGroups *groups, const std::vector<std::string> &codes,
                                    const std::vector<double> &distances, const Dendrogram &dendrogram)
{
    if (groups)
        return compareWithGenealogy(*groups, codes, distances, dendrogram);
    try {
        const LanguageGroups cldr(LanguageGroups::kDefaultPath);
        return compareWithGenealogy(cldr, codes, distances, dendrogram);
    } catch (const Error &) {
        GenealogyAgreement g;
        g.excluded = codes; // no CLDR data: nothing can be scored
        g.copheneticCorrelation = std::numeric_limits<double>::quiet_NaN();
        return g;
    }
}

std::string matrixCsv(const std::vector<std::string> &codes, const std::vector<double> &m)
{
    std::string out = "language";
    for (const auto &c : codes)
        out += "," + csvField(c);
    out += "\n";
    const int n = int(codes.size());
    for (int i = 0; i < n; ++i) {
        out += csvField(codes[i]);
        for (int j = 0; j < n; ++j)
            out += "," + fmt(m[std::size_t(i) * n + j]);
        out += "\n";
    }
    return out;
}

std::string clustersCsvRows(const std::vector<std::string> &codes, const Dendrogram &d, const std::string &prefix)
{
    const int n = int(codes.size());
    std::string clusters;
    for (std::size_t k = 0; k < d.merges.size(); ++k) {
        const auto &m = d.merges[k];
        std::string members;
        for (int leaf : d.leavesOf(n + int(k)))
            members += (members.empty() ? "" : " ") + codes[leaf];
        clusters += prefix + std::to_string(n + int(k)) + "," + std::to_string(m.left) + "," + std::to_string(m.right) +
                    "," + fmt(m.height) + "," + std::to_string(m.size) + "," + csvField(members) + "\n";
    }
    return clusters;
}

std::string genealogyCsvFields(const std::string &code, const GenealogyAgreement &g)
{
    const auto lin = g.lineage.find(code);
    std::string path;
    if (lin != g.lineage.end())
        for (const auto &grp : lin->second)
            path += (path.empty() ? "" : "/") + grp;
    std::string nearest, fam, br;
    for (const auto &nb : g.neighbours)
        if (nb.code == code) {
            nearest = nb.nearest;
            fam = nb.sameFamily ? "yes" : "no";
            br = nb.sameBranch ? "yes" : "no";
        }
    return std::string(lin != g.lineage.end() ? "yes" : "no") + "," + csvField(path) + "," + nearest + "," + fam + "," + br;
}

std::string groupChecksText(const GenealogyAgreement &g)
{
    std::string s;
    for (const auto &c : g.groups) {
        s += "  " + c.group + " (" + c.name + ", " + std::to_string(c.members.size()) +
             " languages): " + (c.isCluster ? "clusters" : "does not cluster");
        if (!c.isCluster) {
            s += " (smallest cluster holding them has " + std::to_string(c.smallestClusterSize) + " languages; also";
            for (const auto &x : c.intruders)
                s += " " + x;
            s += ")";
        }
        s += "\n";
    }
    return s;
}

void createReportFolder(const std::filesystem::path &dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string(), "cannot create the folder: " + ec.message());
}

} // namespace fieldbench::reportio
