#include "textdiff.h"

#include <QTextBoundaryFinder>

#include <algorithm>
#include <vector>

namespace fieldbench {

QVector<AlignedToken> alignTokens(const QStringList &ref, const QStringList &hyp)
{
    const int n = int(ref.size());
    const int m = int(hyp.size());
    // d[i][j]: distance between ref[0..i) and hyp[0..j).
    std::vector<int> d(std::size_t(n + 1) * std::size_t(m + 1));
    auto at = [&](int i, int j) -> int & { return d[std::size_t(i) * std::size_t(m + 1) + std::size_t(j)]; };
    for (int i = 0; i <= n; ++i)
        at(i, 0) = i;
    for (int j = 0; j <= m; ++j)
        at(0, j) = j;
    for (int i = 1; i <= n; ++i)
        for (int j = 1; j <= m; ++j)
            at(i, j) = std::min({at(i - 1, j - 1) + (ref[i - 1] == hyp[j - 1] ? 0 : 1), at(i - 1, j) + 1, at(i, j - 1) + 1});

    QVector<AlignedToken> out;
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
        if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + (ref[i - 1] == hyp[j - 1] ? 0 : 1)) {
            const bool same = ref[i - 1] == hyp[j - 1];
            out.push_back({same ? AlignedToken::Match : AlignedToken::Substitution, ref[i - 1], hyp[j - 1]});
            --i;
            --j;
        } else if (i > 0 && at(i, j) == at(i - 1, j) + 1) {
            out.push_back({AlignedToken::Deletion, ref[i - 1], QString()});
            --i;
        } else {
            out.push_back({AlignedToken::Insertion, QString(), hyp[j - 1]});
            --j;
        }
    }
    std::reverse(out.begin(), out.end());
    return out;
}

QStringList tokenize(const QString &text, bool byCharacter)
{
    if (!byCharacter)
        return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QStringList tokens;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    int start = 0;
    while (finder.toNextBoundary() >= 0) {
        const int end = finder.position();
        tokens << text.mid(start, end - start);
        start = end;
    }
    return tokens;
}

int editDistance(const QVector<AlignedToken> &alignment)
{
    int errors = 0;
    for (const AlignedToken &t : alignment)
        if (t.op != AlignedToken::Match)
            ++errors;
    return errors;
}

void diffHtml(const QString &reference, const QString &hypothesis, bool byCharacter, QString *refHtml,
              QString *hypHtml, int *errors, int *referenceLength)
{
    const QStringList ref = tokenize(reference, byCharacter);
    const QStringList hyp = tokenize(hypothesis, byCharacter);
    const QVector<AlignedToken> alignment = alignTokens(ref, hyp);
    const QString sep = byCharacter ? QString() : QStringLiteral(" ");
    QStringList r;
    QStringList h;
    auto span = [](const QString &style, const QString &text) {
        return QStringLiteral("<span style=\"%1\">%2</span>").arg(style, text.toHtmlEscaped());
    };
    const QString sub = QStringLiteral("background-color:#ffd8a8;color:#7a3c00;");
    const QString del = QStringLiteral("background-color:#ffc9c9;color:#8a1c1c;text-decoration:line-through;");
    const QString ins = QStringLiteral("background-color:#c3fac8;color:#1c5e20;");
    for (const AlignedToken &t : alignment) {
        switch (t.op) {
        case AlignedToken::Match:
            r << t.reference.toHtmlEscaped();
            h << t.hypothesis.toHtmlEscaped();
            break;
        case AlignedToken::Substitution:
            r << span(sub, t.reference);
            h << span(sub, t.hypothesis);
            break;
        case AlignedToken::Deletion:
            r << span(del, t.reference);
            break;
        case AlignedToken::Insertion:
            h << span(ins, t.hypothesis);
            break;
        }
    }
    if (refHtml)
        *refHtml = r.join(sep);
    if (hypHtml)
        *hypHtml = h.join(sep);
    if (errors)
        *errors = editDistance(alignment);
    if (referenceLength)
        *referenceLength = int(ref.size());
}

} // namespace fieldbench
