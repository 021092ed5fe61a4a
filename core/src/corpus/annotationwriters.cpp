#include "fieldbench/corpus/annotationwriters.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

namespace fs = std::filesystem;

namespace fieldbench {

namespace {

std::string number(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

std::string quotedPraat(const std::string &s)
{
    std::string out = "\"";
    for (const char c : s) {
        out += c;
        if (c == '"')
            out += '"';
    }
    return out + "\"";
}

long long toMs(double seconds) { return std::llround(seconds * 1000.0); }

std::string isoNow()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    return buf;
}

std::string mimeOf(const fs::path &p)
{
    const std::string ext = lowerExtension(p);
    if (ext == "wav")
        return "audio/x-wav";
    if (ext == "mp3")
        return "audio/mpeg";
    if (ext == "mp4")
        return "video/mp4";
    if (ext == "mpg" || ext == "mpeg")
        return "video/mpeg";
    return "audio/*";
}

std::string fileUrl(const fs::path &absolutePath)
{
    std::string s = absolutePath.generic_string();
    std::string out = "file://";
    for (const unsigned char c : s) {
        if (c == ' ' || c == '%' || c == '#' || c == '?' || c < 0x20) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    return out;
}

// The time-ordered, non-overlapping intervals of an interval tier (empty-text intervals
// kept: they are annotations too).
std::vector<AnnotationInterval> cleaned(const AnnotationTier &tier)
{
    std::vector<AnnotationInterval> v = tier.intervals;
    std::stable_sort(v.begin(), v.end(), [](const auto &a, const auto &b) { return a.start < b.start; });
    std::vector<AnnotationInterval> out;
    for (AnnotationInterval i : v) {
        if (!out.empty() && i.start < out.back().end)
            i.start = out.back().end;
        if (i.end > i.start)
            out.push_back(std::move(i));
    }
    return out;
}

constexpr const char *kConstraints =
    R"(    <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
    <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
    <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
)";

std::string tierXml(const AnnotationTier &tier, const std::string &tierId, const std::string &type,
                    const EafTierOptions &o, const std::vector<std::pair<std::string, std::string>> &slots,
                    const std::vector<std::string> &annotationIds, const std::string &nl)
{
    std::string x = "    <TIER";
    if (!o.annotator.empty())
        x += " ANNOTATOR=\"" + xmlEscaped(o.annotator) + "\"";
    x += " LINGUISTIC_TYPE_REF=\"" + xmlEscaped(type) + "\"";
    const std::string participant = o.participant.empty() ? tier.participant : o.participant;
    if (!participant.empty())
        x += " PARTICIPANT=\"" + xmlEscaped(participant) + "\"";
    x += " TIER_ID=\"" + xmlEscaped(tierId) + "\"";
    const std::vector<AnnotationInterval> intervals = cleaned(tier);
    if (intervals.empty())
        return x + "/>" + nl;
    x += ">" + nl;
    for (std::size_t i = 0; i < intervals.size(); ++i) {
        x += "        <ANNOTATION>" + nl;
        x += "            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"" + annotationIds[i] + "\" TIME_SLOT_REF1=\""
             + slots[i].first + "\" TIME_SLOT_REF2=\"" + slots[i].second + "\">" + nl;
        x += "                <ANNOTATION_VALUE>" + xmlEscaped(intervals[i].text) + "</ANNOTATION_VALUE>" + nl;
        x += "            </ALIGNABLE_ANNOTATION>" + nl;
        x += "        </ANNOTATION>" + nl;
    }
    return x + "    </TIER>" + nl;
}

std::string linguisticTypeXml(const std::string &id, const std::string &nl)
{
    return "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"" + xmlEscaped(id)
           + "\" TIME_ALIGNABLE=\"true\"/>" + nl;
}

// Offset of the '<' that starts `node` in the parsed buffer, moved back over the
// indentation before it (so an insertion there lands on its own line).
std::size_t lineStartOf(const std::string &text, const pugi::xml_node &node)
{
    std::ptrdiff_t off = node.offset_debug();
    if (off < 0)
        throw Error("internal error: no offset for an XML node");
    std::size_t p = std::size_t(off);
    while (p > 0 && text[p] != '<')
        --p;
    std::size_t q = p;
    while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t'))
        --q;
    if (q == 0 || text[q - 1] == '\n' || text[q - 1] == '\r')
        return q;
    return p;
}

long long numericSuffix(const std::string &id, const std::string &prefix)
{
    if (id.compare(0, prefix.size(), prefix) != 0 || id.size() == prefix.size())
        return 0;
    long long v = 0;
    for (std::size_t i = prefix.size(); i < id.size(); ++i) {
        if (id[i] < '0' || id[i] > '9')
            return 0;
        v = v * 10 + (id[i] - '0');
        if (v > (1LL << 50))
            return 0;
    }
    return v;
}

} // namespace

std::string xmlEscaped(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
                break; // not allowed in XML 1.0 (CR would be normalised away anyway)
            out += c;
        }
    }
    return out;
}

std::string textGridText(const std::vector<AnnotationTier> &tiers, double xmin, double xmax)
{
    if (xmax < 0) {
        xmax = xmin;
        for (const auto &t : tiers)
            for (const auto &i : t.intervals)
                xmax = std::max(xmax, i.end);
    }
    if (!(xmax > xmin))
        xmax = xmin + 0.001; // Praat needs a non-empty time domain
    std::string s = "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n";
    s += "xmin = " + number(xmin) + " \nxmax = " + number(xmax) + " \ntiers? <exists> \nsize = "
         + std::to_string(tiers.size()) + " \nitem []: \n";
    for (std::size_t k = 0; k < tiers.size(); ++k) {
        const AnnotationTier &t = tiers[k];
        s += "    item [" + std::to_string(k + 1) + "]:\n";
        if (t.isPointTier) {
            std::vector<AnnotationInterval> pts;
            for (const auto &p : t.intervals)
                if (p.start >= xmin && p.start <= xmax)
                    pts.push_back(p);
            std::stable_sort(pts.begin(), pts.end(), [](const auto &a, const auto &b) { return a.start < b.start; });
            s += "        class = \"TextTier\" \n        name = " + quotedPraat(t.name) + " \n        xmin = "
                 + number(xmin) + " \n        xmax = " + number(xmax) + " \n        points: size = "
                 + std::to_string(pts.size()) + " \n";
            for (std::size_t i = 0; i < pts.size(); ++i)
                s += "        points [" + std::to_string(i + 1) + "]:\n            number = " + number(pts[i].start)
                     + " \n            mark = " + quotedPraat(pts[i].text) + " \n";
            continue;
        }
        std::vector<AnnotationInterval> filled;
        double at = xmin;
        for (AnnotationInterval i : cleaned(t)) {
            i.start = std::max(i.start, at);
            i.end = std::min(i.end, xmax);
            if (!(i.end > i.start))
                continue;
            if (i.start > at)
                filled.push_back({at, i.start, ""});
            filled.push_back(i);
            at = i.end;
        }
        if (at < xmax)
            filled.push_back({at, xmax, ""});
        s += "        class = \"IntervalTier\" \n        name = " + quotedPraat(t.name) + " \n        xmin = "
             + number(xmin) + " \n        xmax = " + number(xmax) + " \n        intervals: size = "
             + std::to_string(filled.size()) + " \n";
        for (std::size_t i = 0; i < filled.size(); ++i)
            s += "        intervals [" + std::to_string(i + 1) + "]:\n            xmin = " + number(filled[i].start)
                 + " \n            xmax = " + number(filled[i].end) + " \n            text = "
                 + quotedPraat(filled[i].text) + " \n";
    }
    return s;
}

void writeTextGrid(const fs::path &file, const std::vector<AnnotationTier> &tiers, double xmin, double xmax)
{
    writeFileAtomically(file, textGridText(tiers, xmin, xmax));
}

std::string eafText(const std::vector<AnnotationTier> &tiers, const std::vector<fs::path> &media,
                    const fs::path &eafFile, const EafTierOptions &o)
{
    const std::string nl = "\n";
    std::string header = "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">" + nl;
    const fs::path eafDir = fs::absolute(eafFile).parent_path();
    for (const fs::path &m : media) {
        const fs::path abs = fs::absolute(m).lexically_normal();
        std::string rel = abs.lexically_relative(eafDir).generic_string();
        header += "        <MEDIA_DESCRIPTOR MEDIA_URL=\"" + xmlEscaped(fileUrl(abs)) + "\" MIME_TYPE=\"" + mimeOf(m) + "\"";
        if (!rel.empty())
            header += " RELATIVE_MEDIA_URL=\"" + xmlEscaped((rel.compare(0, 3, "../") == 0 ? "" : "./") + rel) + "\"";
        header += "/>" + nl;
    }
    std::string slots, body;
    std::set<std::string> types;
    long long slot = 0, annotation = 0;
    std::set<std::string> usedIds;
    for (const AnnotationTier &t : tiers) {
        if (!usedIds.insert(t.name).second)
            throw Error(eafFile.string(), "two tiers are named \"" + t.name + "\"");
        const std::vector<AnnotationInterval> intervals = cleaned(t);
        std::vector<std::pair<std::string, std::string>> refs;
        std::vector<std::string> ids;
        for (const auto &i : intervals) {
            const std::string a = "ts" + std::to_string(++slot), b = "ts" + std::to_string(++slot);
            slots += "        <TIME_SLOT TIME_SLOT_ID=\"" + a + "\" TIME_VALUE=\"" + std::to_string(toMs(i.start)) + "\"/>" + nl;
            slots += "        <TIME_SLOT TIME_SLOT_ID=\"" + b + "\" TIME_VALUE=\"" + std::to_string(toMs(i.end)) + "\"/>" + nl;
            refs.emplace_back(a, b);
            ids.push_back("a" + std::to_string(++annotation));
        }
        const std::string type = t.type.empty() || t.type == "interval" ? o.linguisticType : t.type;
        types.insert(type);
        body += tierXml(t, t.name, type, o, refs, ids, nl);
    }
    header += "        <PROPERTY NAME=\"lastUsedAnnotationId\">" + std::to_string(annotation) + "</PROPERTY>" + nl;
    header += "    </HEADER>" + nl;
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + nl;
    x += "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"" + isoNow()
         + "\" FORMAT=\"3.0\" VERSION=\"3.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">"
         + nl;
    x += header;
    x += slots.empty() ? "    <TIME_ORDER/>" + nl : "    <TIME_ORDER>" + nl + slots + "    </TIME_ORDER>" + nl;
    x += body;
    for (const std::string &t : types)
        x += linguisticTypeXml(t, nl);
    x += kConstraints;
    x += "</ANNOTATION_DOCUMENT>" + nl;
    return x;
}

void writeEaf(const fs::path &file, const std::vector<AnnotationTier> &tiers, const std::vector<fs::path> &media,
              const EafTierOptions &options)
{
    writeFileAtomically(file, eafText(tiers, media, file, options));
}

std::string addTierToEaf(const fs::path &eaf, const AnnotationTier &tier, const fs::path &out, const EafTierOptions &o)
{
    const std::string bytes = readFile(eaf);
    const bool bom = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
    const std::string prefix = bom ? bytes.substr(0, 3) : std::string();
    std::string text = bom ? bytes.substr(3) : bytes;
    if (!isValidUtf8(text))
        throw Error(eaf.string(), "is not UTF-8; open and save it in ELAN (which writes UTF-8) before adding a tier");
    {
        const std::string head = text.substr(0, 200);
        std::string lower = head;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const std::size_t enc = lower.find("encoding=");
        if (enc != std::string::npos && lower.find("utf-8", enc) != enc + 10 && lower.find("utf8", enc) != enc + 10)
            throw Error(eaf.string(), "declares an encoding other than UTF-8; save it in ELAN as UTF-8 before adding a tier");
    }
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        throw Error(eaf.string(), lineNumberAt(text, std::size_t(std::max<std::ptrdiff_t>(0, parsed.offset))),
                    std::string("malformed XML: ") + parsed.description());
    const pugi::xml_node root = doc.document_element();
    if (std::string(root.name()) != "ANNOTATION_DOCUMENT")
        throw Error(eaf.string(), "not an ELAN annotation document (no <ANNOTATION_DOCUMENT>)");
    const std::string nl = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";

    // Existing ids.
    std::set<std::string> slotIds, annotationIds, tierIds, typeIds;
    long long maxSlot = 0, maxAnnotation = 0;
    const pugi::xml_node timeOrder = root.child("TIME_ORDER");
    if (!timeOrder)
        throw Error(eaf.string(), "has no TIME_ORDER element; it is not a valid ELAN document");
    for (const auto &s : timeOrder.children("TIME_SLOT")) {
        slotIds.insert(s.attribute("TIME_SLOT_ID").value());
        maxSlot = std::max(maxSlot, numericSuffix(s.attribute("TIME_SLOT_ID").value(), "ts"));
    }
    pugi::xml_node lastTier, lastType;
    for (const auto &t : root.children("TIER")) {
        tierIds.insert(t.attribute("TIER_ID").value());
        lastTier = t;
        for (const auto &a : t.children("ANNOTATION"))
            for (const auto &inner : a.children()) {
                const std::string id = inner.attribute("ANNOTATION_ID").value();
                annotationIds.insert(id);
                maxAnnotation = std::max(maxAnnotation, numericSuffix(id, "a"));
            }
    }
    pugi::xml_node type;
    for (const auto &t : root.children("LINGUISTIC_TYPE")) {
        typeIds.insert(t.attribute("LINGUISTIC_TYPE_ID").value());
        if (o.linguisticType == t.attribute("LINGUISTIC_TYPE_ID").value())
            type = t;
        lastType = t;
    }
    pugi::xml_node lastUsed;
    for (const auto &p : root.child("HEADER").children("PROPERTY"))
        if (std::string(p.attribute("NAME").value()) == "lastUsedAnnotationId")
            lastUsed = p;
    if (lastUsed)
        maxAnnotation = std::max(maxAnnotation, std::atoll(lastUsed.child_value()));
    if (type && (std::string(type.attribute("TIME_ALIGNABLE").value()) == "false" || type.attribute("CONSTRAINTS")))
        throw Error(eaf.string(), "linguistic type \"" + o.linguisticType
                                      + "\" is not a top-level time-alignable type; choose another one for the new tier");

    std::string tierId = tier.name;
    if (tierIds.count(tierId)) {
        if (!o.replaceExisting)
            throw Error(eaf.string(), "already has a tier \"" + tierId + "\"; choose another tier name");
        for (int k = 2; tierIds.count(tierId); ++k)
            tierId = tier.name + "-" + std::to_string(k);
    }

    // New slots and annotations.
    const std::vector<AnnotationInterval> intervals = cleaned(tier);
    std::string slotXml;
    std::vector<std::pair<std::string, std::string>> refs;
    std::vector<std::string> ids;
    const auto freshSlot = [&] {
        std::string id;
        do
            id = "ts" + std::to_string(++maxSlot);
        while (slotIds.count(id));
        slotIds.insert(id);
        return id;
    };
    for (const auto &i : intervals) {
        const std::string a = freshSlot(), b = freshSlot();
        slotXml += "        <TIME_SLOT TIME_SLOT_ID=\"" + a + "\" TIME_VALUE=\"" + std::to_string(toMs(i.start)) + "\"/>" + nl;
        slotXml += "        <TIME_SLOT TIME_SLOT_ID=\"" + b + "\" TIME_VALUE=\"" + std::to_string(toMs(i.end)) + "\"/>" + nl;
        refs.emplace_back(a, b);
        std::string id;
        do
            id = "a" + std::to_string(++maxAnnotation);
        while (annotationIds.count(id));
        annotationIds.insert(id);
        ids.push_back(id);
    }

    // Insertions (offset, text), applied from the back.
    std::vector<std::pair<std::size_t, std::string>> edits;
    if (!slotXml.empty()) {
        const std::size_t close = text.find("</TIME_ORDER>");
        if (close != std::string::npos) {
            std::size_t at = close;
            while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
                --at;
            if (at > 0 && text[at - 1] != '\n')
                slotXml = nl + slotXml; // "<TIME_ORDER></TIME_ORDER>" on one line
            edits.emplace_back(at, slotXml);
        } else { // <TIME_ORDER/>
            const std::size_t start = lineStartOf(text, timeOrder);
            const std::size_t tag = text.find('<', start);
            const std::size_t end = text.find("/>", tag);
            if (end == std::string::npos)
                throw Error(eaf.string(), "cannot find the end of <TIME_ORDER/>");
            // Replace "<TIME_ORDER/>" (from tag to end+2) by an open/close pair.
            edits.emplace_back(tag, "\x01" + std::to_string(end + 2 - tag) + "\x01<TIME_ORDER>" + nl + slotXml + "    </TIME_ORDER>");
        }
    }
    const std::string typeName = o.linguisticType;
    const std::string newTier = tierXml(tier, tierId, typeName, o, refs, ids, nl);
    // The element after the last TIER (or after TIME_ORDER): the new tier goes before it.
    const pugi::xml_node afterTiers = (lastTier ? lastTier : timeOrder).next_sibling();
    pugi::xml_node nextElement = afterTiers;
    while (nextElement && nextElement.type() != pugi::node_element)
        nextElement = nextElement.next_sibling();
    const auto beforeClose = [&] {
        const std::size_t close = text.rfind("</ANNOTATION_DOCUMENT>");
        if (close == std::string::npos)
            throw Error(eaf.string(), "has no </ANNOTATION_DOCUMENT>");
        std::size_t at = close;
        while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
            --at;
        return at;
    };
    const std::size_t tierAt = nextElement ? lineStartOf(text, nextElement) : beforeClose();
    std::string typeXml = type ? std::string() : linguisticTypeXml(typeName, nl);
    if (!typeXml.empty() && lastType) {
        pugi::xml_node n = lastType.next_sibling();
        while (n && n.type() != pugi::node_element)
            n = n.next_sibling();
        edits.emplace_back(n ? lineStartOf(text, n) : beforeClose(), typeXml);
        typeXml.clear();
    }
    edits.emplace_back(tierAt, newTier + typeXml); // no type at all yet: right after the tier
    if (lastUsed) {
        const pugi::xml_node value = lastUsed.first_child();
        if (value && value.type() == pugi::node_pcdata) {
            std::size_t p = std::size_t(lastUsed.offset_debug());
            const std::size_t gt = text.find('>', p);
            const std::string old = value.value();
            if (gt != std::string::npos && text.compare(gt + 1, old.size(), old) == 0)
                edits.emplace_back(gt + 1, "\x01" + std::to_string(old.size()) + "\x01" + std::to_string(maxAnnotation));
        }
    }
    std::stable_sort(edits.begin(), edits.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[at, insert] : edits) {
        if (!insert.empty() && insert[0] == '\x01') { // "\x01<n>\x01replacement": replace n bytes
            const std::size_t second = insert.find('\x01', 1);
            const std::size_t n = std::stoul(insert.substr(1, second - 1));
            text.replace(at, n, insert.substr(second + 1));
        } else {
            text.insert(at, insert);
        }
    }
    writeFileAtomically(out, prefix + text);
    return tierId;
}

} // namespace fieldbench
