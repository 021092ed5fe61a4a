#include "fieldbench/corpus/annotations.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/strings.h"
#include "fieldbench/util/fileutil.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace fs = std::filesystem;

namespace fieldbench {

namespace {

// Praat's text serialisation, long and short form alike, is a sequence of numbers, quoted
// strings and <flags>; everything else ("xmin =", "item [1]:", "! comments") is
// decoration that Praat's own reader skips. This lexer does the same, so both forms (and
// hand-edited variants in between) go through one parser.
struct Token
{
    enum Kind { Number, String, Flag, End };
    Kind kind = End;
    std::string text; // String: unescaped content; Flag: the word between < and >
    double number = 0;
    long line = 0; // 1-based line where the token starts
};

const char *describe(Token::Kind kind)
{
    switch (kind) {
    case Token::Number: return "a number";
    case Token::String: return "a quoted text";
    case Token::Flag: return "a <flag>";
    case Token::End: return "the end of the file";
    }
    return "?";
}

class Lexer
{
public:
    Lexer(const std::string &text, const fs::path &file)
        : m_text(text)
        , m_file(file)
    {
    }

    Token next()
    {
        for (;;) {
            if (m_pos >= m_text.size()) {
                Token t;
                t.kind = Token::End;
                t.line = m_lastLine;
                return t;
            }
            const char c = m_text[m_pos];
            if (c == '"')
                return readString();
            if (c == '<')
                return readFlag();
            if (startsNumber())
                return readNumber();
            if (c == '!') { // comment to the end of the line
                while (m_pos < m_text.size() && m_text[m_pos] != '\n' && m_text[m_pos] != '\r')
                    advance();
            } else if (c == '[') { // array index, "item [1]:"
                while (m_pos < m_text.size() && m_text[m_pos] != ']')
                    advance();
                if (m_pos < m_text.size())
                    advance();
            } else {
                advance();
            }
        }
    }

    long lastLine() const { return m_lastLine; }

private:
    // Moves one byte on, counting LF, CRLF and lone CR as line ends.
    void advance()
    {
        const char c = m_text[m_pos++];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            m_lastLine = m_line;
        if (c == '\n' || (c == '\r' && (m_pos >= m_text.size() || m_text[m_pos] != '\n')))
            ++m_line;
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isWordChar(char c)
    {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    // A number starts with a digit, or a sign / point before a digit, and not inside a word.
    bool startsNumber() const
    {
        if (m_pos > 0 && isWordChar(m_text[m_pos - 1]))
            return false;
        std::size_t i = m_pos;
        if (m_text[i] == '-' || m_text[i] == '+')
            ++i;
        if (i < m_text.size() && m_text[i] == '.')
            ++i;
        return i < m_text.size() && isDigit(m_text[i]);
    }

    Token readNumber()
    {
        Token t;
        t.kind = Token::Number;
        t.line = m_line;
        const std::size_t begin = m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (!(isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'))
                break;
            advance();
        }
        const char *first = m_text.data() + begin;
        const char *last = m_text.data() + m_pos;
        if (*first == '+') // from_chars does not take a leading plus
            ++first;
        const auto r = std::from_chars(first, last, t.number);
        if (r.ec != std::errc() || r.ptr != last || !std::isfinite(t.number))
            throw Error(m_file.string(), t.line,
                        "\"" + m_text.substr(begin, m_pos - begin) + "\" is not a number");
        return t;
    }

    Token readString()
    {
        Token t;
        t.kind = Token::String;
        t.line = m_line;
        advance(); // opening quote
        for (;;) {
            if (m_pos >= m_text.size())
                throw Error(m_file.string(), t.line,
                            "the text that starts here has no closing quote; the file is "
                            "truncated or a quote inside a label is not doubled");
            const char c = m_text[m_pos];
            advance();
            if (c == '"') {
                if (m_pos < m_text.size() && m_text[m_pos] == '"') { // "" is one quote
                    t.text += '"';
                    advance();
                    continue;
                }
                break;
            }
            if (c == '\r') { // labels keep their line breaks, as LF
                if (m_pos < m_text.size() && m_text[m_pos] == '\n')
                    advance();
                t.text += '\n';
                continue;
            }
            t.text += c;
        }
        return t;
    }

    Token readFlag()
    {
        Token t;
        t.kind = Token::Flag;
        t.line = m_line;
        advance(); // <
        const std::size_t begin = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '>' && m_text[m_pos] != '\n')
            advance();
        if (m_pos >= m_text.size() || m_text[m_pos] != '>')
            throw Error(m_file.string(), t.line, "a <flag> without closing '>'");
        t.text = m_text.substr(begin, m_pos - begin);
        advance(); // >
        return t;
    }

    const std::string &m_text;
    const fs::path &m_file;
    std::size_t m_pos = 0;
    long m_line = 1;
    long m_lastLine = 1; // line of the last byte that was not white space
};

class Parser
{
public:
    Parser(const std::string &text, const fs::path &file)
        : m_lexer(text, file)
        , m_file(file)
        , m_size(text.size())
    {
    }

    Token expect(Token::Kind kind, const std::string &what)
    {
        Token t = m_lexer.next();
        if (t.kind == kind)
            return t;
        if (t.kind == Token::End)
            fail(t.line, "the file ends where " + what + " was expected; it is truncated");
        fail(t.line, "expected " + what + " (" + describe(kind) + "), found " + describe(t.kind)
                         + (t.kind == Token::String ? " \"" + t.text + "\"" : std::string()));
        return t;
    }

    double number(const std::string &what) { return expect(Token::Number, what).number; }

    // A count ("size = 3"): a non-negative integer that the file can hold.
    std::size_t count(const std::string &what)
    {
        return checkedCount(expect(Token::Number, what), what);
    }

    std::size_t checkedCount(const Token &t, const std::string &what)
    {
        if (t.number < 0 || std::floor(t.number) != t.number)
            fail(t.line, what + " must be a whole number, not " + formatNumber(t.number));
        // Every element takes at least a few bytes, so a count above the file size is
        // corrupt (and must not become a huge allocation).
        if (t.number > double(m_size))
            fail(t.line, what + " " + formatNumber(t.number) + " is larger than the file can hold");
        return std::size_t(t.number);
    }

    [[noreturn]] void fail(long line, const std::string &reason) const
    {
        throw Error(m_file.string(), line, reason);
    }

    Lexer &lexer() { return m_lexer; }

    static std::string formatNumber(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }

private:
    Lexer m_lexer;
    const fs::path &m_file;
    std::size_t m_size;
};


bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

AnnotationDocument readTextGrid(const fs::path &file)
{
    const std::string bytes = readFile(file);
    if (startsWith(bytes, "ooBinaryFile"))
        throw Error(file.string(), 1,
                    "binary TextGrid files are not supported; in Praat use \"Save as text "
                    "file\" and import that");
    // Older Praat writes ISO 8859-1 when every character fits; Praat reads such files the
    // same way.
    const std::string text = decodeText(bytes, file, true);

    Parser p(text, file);
    const Token fileType = p.lexer().next();
    if (fileType.kind != Token::String || !startsWith(fileType.text, "ooTextFile")) {
        if (trimmed(text).empty())
            p.fail(1, "the file is empty, not a TextGrid");
        if (text.find("chronological TextGrid") != std::string::npos)
            p.fail(1, "chronological TextGrid files are not supported; in Praat use \"Save "
                      "as text file\" and import that");
        p.fail(fileType.line, "not a Praat text file (it should start with File type = "
                              "\"ooTextFile\")");
    }
    const Token objectClass = p.expect(Token::String, "the object class");
    if (objectClass.text != "TextGrid" && !startsWith(objectClass.text, "TextGrid "))
        p.fail(objectClass.line,
               "the file holds a Praat \"" + objectClass.text + "\", not a TextGrid");

    AnnotationDocument doc;
    doc.file = file;
    p.number("the TextGrid's xmin");
    p.number("the TextGrid's xmax");
    // "tiers? <exists>"; some non-Praat writers leave it out and give the count directly.
    const Token exists = p.lexer().next();
    std::size_t tierCount = 0;
    if (exists.kind == Token::Flag && exists.text == "exists")
        tierCount = p.count("the number of tiers");
    else if (exists.kind == Token::Number)
        tierCount = p.checkedCount(exists, "the number of tiers");
    else if (exists.kind == Token::End)
        p.fail(exists.line, "the file ends where the tiers were expected; it is truncated");
    else if (exists.kind != Token::Flag || exists.text != "absent")
        p.fail(exists.line, "expected tiers? <exists> or <absent>");

    for (std::size_t ti = 1; ti <= tierCount; ++ti) {
        const std::string where = "tier " + std::to_string(ti) + " of " + std::to_string(tierCount);
        const Token cls = p.expect(Token::String, "the class of " + where);
        AnnotationTier tier;
        if (cls.text == "IntervalTier") {
            tier.type = "interval";
        } else if (cls.text == "TextTier") {
            tier.type = "point";
            tier.isPointTier = true;
        } else {
            p.fail(cls.line, "unknown tier class \"" + cls.text + "\" for " + where
                                 + " (expected IntervalTier or TextTier)");
        }
        tier.name = p.expect(Token::String, "the name of " + where).text;
        const std::string named = "tier \"" + tier.name + "\"";
        p.number("the xmin of " + named);
        p.number("the xmax of " + named);
        const std::size_t n = p.count(tier.isPointTier ? "the number of points of " + named
                                                       : "the number of intervals of " + named);
        for (std::size_t i = 1; i <= n; ++i) {
            const std::string item
                = (tier.isPointTier ? "point " : "interval ") + std::to_string(i) + " of " + named;
            AnnotationInterval interval;
            if (tier.isPointTier) {
                interval.start = interval.end = p.number("the time of " + item);
                interval.text = trimmed(p.expect(Token::String, "the mark of " + item).text);
            } else {
                interval.start = p.number("the xmin of " + item);
                const Token xmax = p.expect(Token::Number, "the xmax of " + item);
                interval.end = xmax.number;
                interval.text = trimmed(p.expect(Token::String, "the text of " + item).text);
                if (interval.end < interval.start)
                    p.fail(xmax.line, item + " ends (" + Parser::formatNumber(interval.end)
                                          + " s) before it starts ("
                                          + Parser::formatNumber(interval.start) + " s)");
            }
            tier.intervals.push_back(std::move(interval));
        }
        std::stable_sort(tier.intervals.begin(), tier.intervals.end(),
                         [](const AnnotationInterval &a, const AnnotationInterval &b) {
                             return a.start < b.start;
                         });
        doc.tiers.push_back(std::move(tier));
    }

    const Token rest = p.lexer().next();
    if (rest.kind != Token::End)
        p.fail(rest.line, "more content after the last of " + std::to_string(tierCount)
                              + " tiers; the tier count (size) or an interval count is wrong");
    return doc;
}

} // namespace fieldbench
