#pragma once

// Writers for the annotation formats the readers in annotations.h import: ELAN .eaf
// (a new document linked to the media, or a new tier added to an existing document) and
// Praat TextGrid. Files are written to a temporary name and renamed (a crash never leaves
// half a file). Plain C++, no torch.

#include "fieldbench/corpus/annotations.h"

#include <filesystem>
#include <string>
#include <vector>

namespace fieldbench {

// Praat TextGrid, long text form ("ooTextFile"), UTF-8 (Praat reads it as is). Interval
// tiers cover [xmin, xmax] without gaps: uncovered stretches become empty intervals;
// an interval that starts before the previous one ends is clipped to start there, and
// intervals that are then empty are left out. Point tiers (isPointTier) become TextTiers.
// xmax < 0: the latest end of any interval. Throws Error naming the file.
std::string textGridText(const std::vector<AnnotationTier> &tiers, double xmin = 0, double xmax = -1);
void writeTextGrid(const std::filesystem::path &file, const std::vector<AnnotationTier> &tiers,
                   double xmin = 0, double xmax = -1);

struct EafTierOptions
{
    std::string linguisticType = "default-lt"; // LINGUISTIC_TYPE_REF; added (time-alignable) when the document lacks it
    std::string participant;                   // PARTICIPANT attribute; empty: left out
    std::string annotator;                     // ANNOTATOR attribute, e.g. "fieldbench asr"; empty: left out
    bool replaceExisting = false;              // a tier of the same name is an Error unless this is set (then the new
                                               // tier gets a free name "<name>-2", "<name>-3"...)
};

// A new ELAN 3.0 document: HEADER (media descriptors for `media`: absolute MEDIA_URL and
// RELATIVE_MEDIA_URL from the .eaf's folder), TIME_ORDER, one TIER per `tiers` entry
// (interval tiers only; ALIGNABLE_ANNOTATIONs in millisecond time slots), the
// linguistic types the tiers use, ELAN's four standard CONSTRAINTs; elements in the order
// of EAF 3.0's schema.
std::string eafText(const std::vector<AnnotationTier> &tiers, const std::vector<std::filesystem::path> &media,
                    const std::filesystem::path &eafFile, const EafTierOptions &options = {});
void writeEaf(const std::filesystem::path &file, const std::vector<AnnotationTier> &tiers,
              const std::vector<std::filesystem::path> &media, const EafTierOptions &options = {});

// Adds `tier` to the ELAN document `eaf` and writes the result to `out` (may be `eaf`
// itself). Everything else stays byte for byte: the new TIME_SLOTs are inserted before
// </TIME_ORDER>, the TIER after the last tier, a missing LINGUISTIC_TYPE after the last
// linguistic type, and the lastUsedAnnotationId PROPERTY (when present) is updated in
// place; nothing is re-serialised. New ids never collide with existing ones. Returns the
// TIER_ID used. Throws Error naming the file when it is not a UTF-8 ELAN document, when
// the tier exists (see replaceExisting), or when the linguistic type exists but is not
// time-alignable or has a constraint.
std::string addTierToEaf(const std::filesystem::path &eaf, const AnnotationTier &tier,
                         const std::filesystem::path &out, const EafTierOptions &options = {});

// XML character data / attribute value escaping (&, <, >, ", and control characters other
// than tab and newline dropped).
std::string xmlEscaped(const std::string &text);

} // namespace fieldbench
