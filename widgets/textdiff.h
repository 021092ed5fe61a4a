#pragma once

// Differences between a reference transcript and a recogniser's hypothesis, by an edit
// distance (Levenshtein) alignment of tokens: phones (space-separated) or characters.

#include <QString>
#include <QStringList>
#include <QVector>

namespace fieldbench {

struct AlignedToken
{
    enum Op { Match, Substitution, Insertion, Deletion };
    Op op = Match;
    QString reference;  // empty for an insertion
    QString hypothesis; // empty for a deletion
};

// Minimum edit-distance alignment (substitution, insertion, deletion cost 1; ties prefer
// substitution, then deletion). Deterministic.
QVector<AlignedToken> alignTokens(const QStringList &reference, const QStringList &hypothesis);

// Tokens of a transcript: phones split at spaces (the word delimiter stays a token), or the
// characters (Unicode code points; grapheme clusters are not split further).
QStringList tokenize(const QString &text, bool byCharacter);

int editDistance(const QVector<AlignedToken> &alignment);

// Two HTML fragments, the reference and the hypothesis, with differences marked:
// substitutions orange, deletions red and struck through in the reference, insertions green
// in the hypothesis. Text is escaped.
void diffHtml(const QString &reference, const QString &hypothesis, bool byCharacter, QString *referenceHtml,
              QString *hypothesisHtml, int *errors = nullptr, int *referenceLength = nullptr);

} // namespace fieldbench
