#pragma once

// Writers shared by the analysis reports (codebook sharing, text similarity): JSON numbers
// and matrices, the dendrogram and genealogy blocks, CSV cells and tables, SVG heatmaps and
// dendrograms. Private to core/src/analysis. Plain C++ (no torch, no Qt).

#include "fieldbench/analysis/codebookstats.h"
#include "fieldbench/analysis/genealogy.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench::reportio {

using Json = nlohmann::json;

// --- JSON
Json number(double v);                                   // null for NaN and infinities
double numberFrom(const Json &j);                        // NaN for null
Json matrix(const std::vector<double> &m, int n);        // n x n row-major -> rows
std::vector<double> matrixFrom(const Json &j, int n);
Json dendrogramJson(const Dendrogram &d, const std::string &metric);
Dendrogram dendrogramFrom(const Json &j, int leaves);
Json genealogyJson(const GenealogyAgreement &g);
GenealogyAgreement genealogyFrom(const Json &j);

// compareWithGenealogy() with `groups`, or with CLDR's file when groups is null; without
// that file every language is excluded and the correlation is NaN.
GenealogyAgreement genealogyOrEmpty(const LanguageGroups *groups, const std::vector<std::string> &codes,
                                    const std::vector<double> &distances, const Dendrogram &dendrogram);

// --- CSV
std::string csvField(const std::string &s);
std::string fmt(double v, int precision = 6); // "" for NaN and infinities
// Header "language,<codes>", then one row per code.
std::string matrixCsv(const std::vector<std::string> &codes, const std::vector<double> &m);
// Rows "node,left,right,height,size,languages" (no header), each prefixed by `prefix`.
std::string clustersCsvRows(const std::vector<std::string> &codes, const Dendrogram &d, const std::string &prefix = {});
// Fields after the language code: "in_cldr,lineage,nearest,same_family,same_branch".
std::string genealogyCsvFields(const std::string &code, const GenealogyAgreement &g);

// --- text
// One line per CLDR group: "  roa (Romance languages, 4 languages): clusters" or "does not
// cluster (smallest cluster holding them has N languages; also x y)".
std::string groupChecksText(const GenealogyAgreement &g);

// --- SVG
std::string xmlEscape(const std::string &s);
std::string viridis(double t); // t in [0, 1]
std::string svgOpen(double w, double h);
std::string text(double x, double y, const std::string &s, const std::string &extra = {});
std::string line(double x1, double y1, double x2, double y2, const std::string &stroke = "#333");
std::string rect(double x, double y, double w, double h, const std::string &fill, const std::string &title = {});
// Rows and columns in `order` (dendrogram leaf order; empty: as given) so clusters show as
// blocks; colours from lo to hi.
std::string heatmapSvg(const std::vector<std::string> &codes, const std::vector<double> &m, const std::vector<int> &order,
                       const std::string &title, double lo, double hi);
// Leaves labelled labels[i].
std::string dendrogramSvg(const std::vector<std::string> &labels, const Dendrogram &d, const std::string &title);

// Creates `dir` (and parents); Error naming it when that fails.
void createReportFolder(const std::filesystem::path &dir);

} // namespace fieldbench::reportio
