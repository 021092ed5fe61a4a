#include "fieldbench/corpus/annotations.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/strings.h"
#include "fieldbench/util/fileutil.h"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>

namespace fs = std::filesystem;

namespace fieldbench {

namespace {

struct TimeSlot
{
    std::string id;
    std::optional<double> ms;       // TIME_VALUE as written; unset for unaligned slots
    std::optional<double> resolved; // ms, after interpolation
};

struct Annotation
{
    std::string id;
    std::size_t tier = 0;
    bool isRef = false;
    std::size_t slot1 = 0, slot2 = 0; // ALIGNABLE_ANNOTATION: indexes into the slots
    std::size_t ref = 0;              // REF_ANNOTATION: index of the referenced annotation
    std::string refId, previousId;    // REF_ANNOTATION attributes as written
    std::size_t indexInGroup = 0;     // position among the parent's children on this tier
    std::size_t groupSize = 1;
    std::string value;
    pugi::xml_node node;
    double start = 0, end = 0; // seconds, once resolved
    enum State { Unresolved, Visiting, Resolved } state = Unresolved;
};

struct TierInfo
{
    AnnotationTier tier;
    std::vector<std::size_t> annotations; // document order
};

class EafReader
{
public:
    EafReader(const fs::path &file)
        : m_file(file)
    {
    }

    AnnotationDocument read();

private:
    [[noreturn]] void fail(const pugi::xml_node &node, const std::string &reason) const
    {
        const std::ptrdiff_t offset = node ? node.offset_debug() : -1;
        if (offset < 0)
            throw Error(m_file.string(), reason);
        throw Error(m_file.string(), lineNumberAt(m_text, std::size_t(offset)), reason);
    }

    std::string describe(const Annotation &a) const
    {
        return "annotation \"" + a.id + "\" on tier \"" + m_tiers[a.tier].tier.name + "\"";
    }

    std::string decode(const std::string &bytes) const;
    void readTimeSlots(const pugi::xml_node &root);
    void readTiers(const pugi::xml_node &root);
    void interpolateSlots();
    void resolveAlignable(Annotation &a);
    void groupReferences();
    void resolveReference(std::size_t index);
    std::vector<fs::path> resolveMedia(const pugi::xml_node &root) const;

    fs::path m_file;
    std::string m_text; // the document as UTF-8; pugixml offsets point into it
    std::vector<TimeSlot> m_slots;
    std::unordered_map<std::string, std::size_t> m_slotIndex;
    std::vector<TierInfo> m_tiers;
    std::vector<Annotation> m_annotations;
    std::unordered_map<std::string, std::size_t> m_annotationIndex;
};

std::string lowerAscii(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return s;
}


std::string seconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", s);
    return buf;
}

// All character data of an element (pugixml splits text around comments and CDATA).
std::string textOf(const pugi::xml_node &node)
{
    std::string text;
    for (const pugi::xml_node &child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            text += child.value();
    }
    return text;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecoded(const std::string &s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// A MEDIA_URL / RELATIVE_MEDIA_URL as a local path: "file:///home/a/x.wav" -> /home/a/x.wav,
// "file:///C:/a/x.wav" -> C:/a/x.wav, "file:./x.wav" and "./x.wav" -> ./x.wav (percent-
// decoded). Empty for other schemes (http:, rtsp:), which are never local files.
std::string urlToPath(const std::string &url)
{
    std::string rest = url;
    const std::string lower = lowerAscii(url);
    if (lower.compare(0, 7, "file://") == 0) {
        rest = url.substr(7);
        if (lowerAscii(rest).compare(0, 10, "localhost/") == 0)
            rest = rest.substr(9);
    } else if (lower.compare(0, 5, "file:") == 0) {
        rest = url.substr(5);
    } else {
        const std::size_t colon = url.find(':');
        const std::size_t slash = url.find('/');
        // "scheme:" before any slash, but not a Windows drive letter ("C:/...").
        if (colon != std::string::npos && colon > 1
            && (slash == std::string::npos || colon < slash))
            return {};
    }
    rest = percentDecoded(rest);
    // "/C:/dir/x.wav" (Windows file URL) -> "C:/dir/x.wav".
    if (rest.size() >= 3 && rest[0] == '/' && rest[2] == ':'
        && ((rest[1] >= 'A' && rest[1] <= 'Z') || (rest[1] >= 'a' && rest[1] <= 'z')))
        rest = rest.substr(1);
    return rest;
}

// Last component of a path written with '/' or '\' (Windows paths in files made there).
std::string fileNameOf(const std::string &path)
{
    const std::size_t cut = path.find_last_of("/\\");
    return cut == std::string::npos ? path : path.substr(cut + 1);
}

bool isWindowsAbsolute(const std::string &p)
{
    return p.size() >= 3 && p[1] == ':' && (p[2] == '/' || p[2] == '\\');
}

std::string EafReader::decode(const std::string &bytes) const
{
    // ELAN writes UTF-8. Other XML encodings that occur: UTF-16 (with BOM) and Latin-1
    // declared in the prolog. pugixml then gets UTF-8, so its offsets match m_text.
    const std::size_t prologEnd = bytes.find("?>");
    if (prologEnd != std::string::npos && prologEnd < 200) {
        const std::string prolog = lowerAscii(bytes.substr(0, prologEnd));
        if (prolog.compare(0, 5, "<?xml") == 0
            && (prolog.find("iso-8859-1") != std::string::npos
                || prolog.find("latin1") != std::string::npos
                || prolog.find("latin-1") != std::string::npos))
            return decodeText(bytes, m_file, /*latin1Fallback*/ true);
    }
    return decodeText(bytes, m_file);
}

void EafReader::readTimeSlots(const pugi::xml_node &root)
{
    for (const pugi::xml_node &order : root.children("TIME_ORDER")) {
        for (const pugi::xml_node &node : order.children("TIME_SLOT")) {
            TimeSlot slot;
            slot.id = node.attribute("TIME_SLOT_ID").value();
            if (slot.id.empty())
                fail(node, "TIME_SLOT without TIME_SLOT_ID");
            const std::string value = trimmed(node.attribute("TIME_VALUE").value());
            if (!value.empty()) {
                double ms = 0;
                const auto r = std::from_chars(value.data(), value.data() + value.size(), ms);
                if (r.ec != std::errc() || r.ptr != value.data() + value.size()
                    || !std::isfinite(ms))
                    fail(node, "time slot \"" + slot.id + "\" has TIME_VALUE \"" + value
                                   + "\", which is not a number of milliseconds");
                if (ms < 0)
                    fail(node, "time slot \"" + slot.id + "\" has a negative TIME_VALUE");
                slot.ms = ms;
                slot.resolved = ms;
            }
            if (!m_slotIndex.emplace(slot.id, m_slots.size()).second)
                fail(node, "time slot \"" + slot.id + "\" is defined twice");
            m_slots.push_back(std::move(slot));
        }
    }
}

void EafReader::readTiers(const pugi::xml_node &root)
{
    for (const pugi::xml_node &tierNode : root.children("TIER")) {
        TierInfo info;
        info.tier.name = tierNode.attribute("TIER_ID").value();
        if (info.tier.name.empty())
            fail(tierNode, "TIER without TIER_ID");
        info.tier.type = tierNode.attribute("LINGUISTIC_TYPE_REF").value();
        info.tier.participant = trimmed(tierNode.attribute("PARTICIPANT").value());
        info.tier.parent = tierNode.attribute("PARENT_REF").value();
        const std::size_t tierIndex = m_tiers.size();

        for (const pugi::xml_node &wrapper : tierNode.children("ANNOTATION")) {
            const pugi::xml_node node = wrapper.first_child();
            if (!node || node.type() != pugi::node_element)
                continue;
            Annotation a;
            a.tier = tierIndex;
            a.node = node;
            a.id = node.attribute("ANNOTATION_ID").value();
            if (a.id.empty()) // not referable; named for messages only
                a.id = "#" + std::to_string(m_annotations.size() + 1) + " (no ANNOTATION_ID)";
            a.value = trimmed(textOf(node.child("ANNOTATION_VALUE")));
            const std::string name = node.name();
            const std::string where
                = "annotation \"" + a.id + "\" on tier \"" + info.tier.name + "\"";
            if (name == "ALIGNABLE_ANNOTATION") {
                for (int k = 1; k <= 2; ++k) {
                    const char *attr = k == 1 ? "TIME_SLOT_REF1" : "TIME_SLOT_REF2";
                    const std::string ref = node.attribute(attr).value();
                    if (ref.empty())
                        fail(node, where + " has no " + attr);
                    const auto it = m_slotIndex.find(ref);
                    if (it == m_slotIndex.end())
                        fail(node, where + " refers to time slot \"" + ref
                                       + "\", which is not in TIME_ORDER");
                    (k == 1 ? a.slot1 : a.slot2) = it->second;
                }
            } else if (name == "REF_ANNOTATION") {
                a.isRef = true;
                a.refId = node.attribute("ANNOTATION_REF").value();
                a.previousId = node.attribute("PREVIOUS_ANNOTATION").value();
                if (a.refId.empty())
                    fail(node, where + " has no ANNOTATION_REF");
            } else {
                fail(node, "unknown annotation element <" + name + "> on tier \"" + info.tier.name
                               + "\"");
            }
            if (!node.attribute("ANNOTATION_ID").empty()
                && !m_annotationIndex.emplace(a.id, m_annotations.size()).second)
                fail(node, "annotation id \"" + a.id + "\" is used twice (again on tier \""
                               + info.tier.name + "\")");
            info.annotations.push_back(m_annotations.size());
            m_annotations.push_back(std::move(a));
        }
        m_tiers.push_back(std::move(info));
    }
}

// Unaligned slots (no TIME_VALUE) occur inside chains of annotations that share slots,
// as ELAN's Time_Subdivision writes them: (ts1 0 ms, ts2 -), (ts2 -, ts3 -), (ts3 -, ts4
// 900 ms). Like ELAN, the unaligned slots divide the span between the aligned neighbours
// evenly (ts2 = 300 ms, ts3 = 600 ms). Slots no chain resolves (a chain that starts or ends
// unaligned) are interpolated between their aligned neighbours in TIME_ORDER, which ELAN
// keeps in time order; a trailing run takes the last aligned time.
void EafReader::interpolateSlots()
{
    const auto interpolateRun = [this](const std::vector<std::size_t> &seq,
                                       const std::vector<std::optional<double>> &known) {
        std::optional<std::size_t> lastKnown;
        for (std::size_t j = 0; j < seq.size(); ++j) {
            if (!known[j])
                continue;
            if (lastKnown && j - *lastKnown > 1) {
                const double a = *known[*lastKnown], b = *known[j];
                const double steps = double(j - *lastKnown);
                for (std::size_t k = *lastKnown + 1; k < j; ++k) {
                    TimeSlot &slot = m_slots[seq[k]];
                    if (!slot.resolved)
                        slot.resolved = a + (b - a) * double(k - *lastKnown) / steps;
                }
            }
            lastKnown = j;
        }
    };

    for (const TierInfo &info : m_tiers) {
        std::unordered_map<std::size_t, std::size_t> startingAt; // slot -> annotation
        std::unordered_map<std::size_t, std::size_t> endingAt;
        bool anyUnaligned = false;
        for (const std::size_t i : info.annotations) {
            const Annotation &a = m_annotations[i];
            if (a.isRef)
                continue;
            startingAt.emplace(a.slot1, i);
            endingAt.emplace(a.slot2, i);
            anyUnaligned = anyUnaligned || !m_slots[a.slot1].ms || !m_slots[a.slot2].ms;
        }
        if (!anyUnaligned)
            continue;
        for (const std::size_t i : info.annotations) {
            const Annotation &head = m_annotations[i];
            if (head.isRef || endingAt.count(head.slot1))
                continue; // not the first annotation of a chain
            std::vector<std::size_t> seq{head.slot1};
            const Annotation *cur = &head;
            // The chain can be no longer than the tier; the bound stops cycles.
            for (std::size_t steps = 0; steps <= info.annotations.size(); ++steps) {
                seq.push_back(cur->slot2);
                const auto next = startingAt.find(cur->slot2);
                if (next == startingAt.end())
                    break;
                cur = &m_annotations[next->second];
            }
            std::vector<std::optional<double>> known;
            for (const std::size_t s : seq)
                known.push_back(m_slots[s].ms);
            interpolateRun(seq, known);
        }
    }

    // Whatever is left: neighbours in TIME_ORDER.
    std::vector<std::size_t> all(m_slots.size());
    std::vector<std::optional<double>> known(m_slots.size());
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        all[i] = i;
        known[i] = m_slots[i].resolved;
    }
    interpolateRun(all, known);
    std::optional<double> previous;
    for (TimeSlot &slot : m_slots) {
        if (!slot.resolved)
            slot.resolved = previous.value_or(0.0);
        previous = slot.resolved;
    }
}

void EafReader::resolveAlignable(Annotation &a)
{
    const TimeSlot &s1 = m_slots[a.slot1];
    const TimeSlot &s2 = m_slots[a.slot2];
    a.start = *s1.resolved / 1000.0;
    a.end = *s2.resolved / 1000.0;
    if (a.end < a.start) {
        if (s1.ms && s2.ms)
            fail(a.node, describe(a) + " ends (" + seconds(a.end) + ", time slot \"" + s2.id
                             + "\") before it starts (" + seconds(a.start) + ", time slot \""
                             + s1.id + "\")");
        a.end = a.start; // an interpolated guess went wrong: keep the start, not fail
    }
    a.state = Annotation::Resolved;
}

// Children of one parent on one tier (Symbolic_Subdivision) are ordered by their
// PREVIOUS_ANNOTATION chain; children outside the chain follow in document order.
void EafReader::groupReferences()
{
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < m_annotations.size(); ++i) {
        Annotation &a = m_annotations[i];
        if (!a.isRef)
            continue;
        const auto it = m_annotationIndex.find(a.refId);
        if (it == m_annotationIndex.end())
            fail(a.node, describe(a) + " refers to annotation \"" + a.refId
                             + "\" (ANNOTATION_REF), which does not exist");
        a.ref = it->second;
        groups[{a.tier, a.ref}].push_back(i);
    }
    for (auto &[key, members] : groups) {
        (void)key;
        std::vector<std::size_t> ordered;
        std::vector<bool> placed(members.size(), false);
        std::unordered_map<std::string, std::size_t> byPrevious; // previous id -> member
        std::unordered_map<std::string, std::size_t> byId;
        for (std::size_t k = 0; k < members.size(); ++k) {
            const Annotation &a = m_annotations[members[k]];
            byId.emplace(a.id, k);
            if (!a.previousId.empty())
                byPrevious.emplace(a.previousId, k);
        }
        for (std::size_t k = 0; k < members.size(); ++k) {
            const Annotation &a = m_annotations[members[k]];
            if (placed[k] || (!a.previousId.empty() && byId.count(a.previousId)))
                continue; // not a chain head
            for (std::size_t cur = k; !placed[cur];) {
                placed[cur] = true;
                ordered.push_back(members[cur]);
                const auto next = byPrevious.find(m_annotations[members[cur]].id);
                if (next == byPrevious.end())
                    break;
                cur = next->second;
            }
        }
        for (std::size_t k = 0; k < members.size(); ++k)
            if (!placed[k])
                ordered.push_back(members[k]);
        for (std::size_t k = 0; k < ordered.size(); ++k) {
            m_annotations[ordered[k]].indexInGroup = k;
            m_annotations[ordered[k]].groupSize = ordered.size();
        }
    }
}

// A REF_ANNOTATION takes its parent's span (recursively, up to an aligned annotation);
// n children of one parent on one tier take the n equal parts of it, in order.
// Iterative, so a corrupt file with a long chain of references cannot exhaust the stack.
void EafReader::resolveReference(std::size_t index)
{
    std::vector<std::size_t> path;
    std::size_t cur = index;
    while (m_annotations[cur].state != Annotation::Resolved) {
        Annotation &a = m_annotations[cur];
        if (a.state == Annotation::Visiting)
            fail(a.node, describe(a) + " refers to itself through its ANNOTATION_REF chain");
        a.state = Annotation::Visiting;
        path.push_back(cur);
        cur = a.ref;
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
        Annotation &a = m_annotations[*it];
        const Annotation &parent = m_annotations[a.ref];
        const double span = parent.end - parent.start;
        a.start = parent.start + span * double(a.indexInGroup) / double(a.groupSize);
        a.end = a.indexInGroup + 1 == a.groupSize
                    ? parent.end
                    : parent.start + span * double(a.indexInGroup + 1) / double(a.groupSize);
        a.state = Annotation::Resolved;
    }
}

std::vector<fs::path> EafReader::resolveMedia(const pugi::xml_node &root) const
{
    const fs::path dir = m_file.parent_path();
    std::vector<fs::path> media;
    const auto existing = [](const fs::path &p) {
        std::error_code ec;
        return !p.empty() && fs::is_regular_file(p, ec);
    };
    for (const pugi::xml_node &md : root.child("HEADER").children("MEDIA_DESCRIPTOR")) {
        std::vector<fs::path> candidates;
        const std::string relativeUrl = md.attribute("RELATIVE_MEDIA_URL").value();
        const std::string mediaUrl = md.attribute("MEDIA_URL").value();
        for (const std::string &url : {relativeUrl, mediaUrl}) {
            const std::string p = urlToPath(url);
            if (p.empty() || isWindowsAbsolute(p))
                continue;
            const fs::path path(p);
            candidates.push_back(path.is_absolute() ? path : (dir / path).lexically_normal());
        }
        // Files moved together with the .eaf (or links to a web server, or a Windows
        // drive): the same name beside it.
        for (const std::string &url : {mediaUrl, relativeUrl}) {
            const std::string name
                = fileNameOf(percentDecoded(url.substr(0, url.find_first_of("?#"))));
            if (!name.empty() && name != "." && name != "..")
                candidates.push_back(dir / name);
        }
        for (const fs::path &c : candidates) {
            if (!existing(c))
                continue;
            if (std::find(media.begin(), media.end(), c) == media.end())
                media.push_back(c);
            break;
        }
    }
    return media;
}

AnnotationDocument EafReader::read()
{
    m_text = decode(readFile(m_file));

    pugi::xml_document xml;
    const pugi::xml_parse_result parsed
        = xml.load_buffer(m_text.data(), m_text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
        const long line = parsed.offset >= 0 ? lineNumberAt(m_text, std::size_t(parsed.offset)) : 1;
        throw Error(m_file.string(), line, std::string("malformed XML: ") + parsed.description());
    }
    const pugi::xml_node root = xml.document_element();
    if (std::string(root.name()) != "ANNOTATION_DOCUMENT")
        fail(root, std::string("not an ELAN annotation document (the root element is <")
                       + root.name() + ">, expected <ANNOTATION_DOCUMENT>)");

    readTimeSlots(root);
    readTiers(root);
    interpolateSlots();
    for (Annotation &a : m_annotations)
        if (!a.isRef)
            resolveAlignable(a);
    groupReferences();
    for (std::size_t i = 0; i < m_annotations.size(); ++i)
        resolveReference(i);

    AnnotationDocument doc;
    doc.file = m_file;
    doc.media = resolveMedia(root);
    for (TierInfo &info : m_tiers) {
        for (const std::size_t i : info.annotations) {
            Annotation &a = m_annotations[i];
            info.tier.intervals.push_back(AnnotationInterval{a.start, a.end, std::move(a.value)});
        }
        std::stable_sort(info.tier.intervals.begin(), info.tier.intervals.end(),
                         [](const AnnotationInterval &a, const AnnotationInterval &b) {
                             return a.start < b.start;
                         });
        doc.tiers.push_back(std::move(info.tier));
    }
    return doc;
}

} // namespace

AnnotationDocument readEaf(const fs::path &file)
{
    return EafReader(file).read();
}

} // namespace fieldbench
