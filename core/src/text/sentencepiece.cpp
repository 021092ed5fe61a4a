#include "fieldbench/text/sentencepiece.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/text/languagesampling.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/strings.h"

#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <regex>
#include <sstream>
#include <unordered_map>

namespace fs = std::filesystem;

// Not in the installed headers, exported by libsentencepiece (0.1.9x): the log threshold of
// its LOG(...) lines (0 = info, 1 = warnings, 2 = errors only).
namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

namespace fieldbench {
namespace {

// SentencePiece's trainer reads sentences from this instead of a file.
class LinesIterator : public sentencepiece::SentenceIterator
{
public:
    explicit LinesIterator(std::vector<const std::string *> lines)
        : m_lines(std::move(lines))
    {}
    bool done() const override { return m_pos >= m_lines.size(); }
    void Next() override { ++m_pos; }
    const std::string &value() const override { return *m_lines[m_pos]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    std::vector<const std::string *> m_lines;
    std::size_t m_pos = 0;
};

std::string formatDouble(double v)
{
    std::ostringstream out;
    out.precision(10);
    out << v;
    return out.str();
}

// Protobuf wire format: a varint.
void putVarint(std::string &out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(char((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

// Where the first invalid byte of `bytes` is, as "line L, byte B" (both 1-based).
std::string describePosition(const std::string &bytes, std::size_t offset)
{
    const auto line = 1 + std::count(bytes.begin(), bytes.begin() + std::ptrdiff_t(offset), '\n');
    const std::size_t lineStart = bytes.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t column = lineStart == std::string::npos || offset == 0 ? offset + 1 : offset - lineStart;
    return "line " + std::to_string(line) + ", byte " + std::to_string(column);
}

std::once_flag quietOnce;
void quietSentencePiece()
{
    std::call_once(quietOnce, [] { sentencepiece::logging::SetMinLogLevel(2); });
}

} // namespace

std::vector<std::string> SentencePieceTrainingConfig::validate() const
{
    std::vector<std::string> problems;
    if (modelType != "unigram" && modelType != "bpe")
        problems.push_back("model type must be \"unigram\" or \"bpe\", not \"" + modelType + "\"");
    if (vocabSize < 4 + int(userSymbols.size()))
        problems.push_back("vocabulary size (" + std::to_string(vocabSize) +
                           ") must leave room for <unk>, <s>, </s>, the user symbols and at least one piece");
    if (!(characterCoverage > 0.0 && characterCoverage <= 1.0))
        problems.push_back("character coverage must be in (0, 1], got " + formatDouble(characterCoverage));
    if (!(alpha > 0.0))
        problems.push_back("language sampling alpha must be above 0, got " + formatDouble(alpha));
    if (sampledLines < 0 || inputSentenceSize < 0)
        problems.push_back("line counts cannot be negative");
    if (maxSentencePieceLength < 1)
        problems.push_back("maximum piece length must be at least 1");
    if (threads < 1)
        problems.push_back("trainer threads must be at least 1");
    for (const std::string &s : userSymbols) {
        if (s.empty() || s.find_first_of(" \t\n") != std::string::npos)
            problems.push_back("user symbol \"" + s + "\" must be non-empty and without spaces");
        if (s == "<unk>" || s == "<s>" || s == "</s>")
            problems.push_back("user symbol \"" + s + "\" is already a special piece");
    }
    return problems;
}

std::int64_t LanguageCorpus::lineCount() const
{
    std::int64_t n = 0;
    for (const auto &[code, l] : lines)
        n += std::int64_t(l.size());
    return n;
}

void addTextFile(LanguageCorpus &corpus, const std::string &code, const fs::path &file)
{
    std::string bytes = readFile(file);
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        throw Error(file.string(), "is UTF-16 (it starts with a UTF-16 byte-order mark); text must be UTF-8: "
                                   "convert it with `iconv -f UTF-16 -t UTF-8`");
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0)
        bytes.erase(0, 3);
    const std::size_t bad = firstInvalidUtf8(bytes);
    if (bad != std::string::npos) {
        const bool nul = bytes.find('\0') != std::string::npos;
        throw Error(file.string(), std::string("is not UTF-8 (") + describePosition(bytes, bad) + ")" +
                                       (nul ? "; it looks like UTF-16: convert it with `iconv -f UTF-16 -t UTF-8`"
                                            : "; it looks like Latin-1 / Windows-1252: convert it with "
                                              "`iconv -f WINDOWS-1252 -t UTF-8` (all text files must use one "
                                              "encoding, UTF-8)"));
    }
    std::vector<std::string> &dst = corpus.lines[code];
    std::istringstream in(bytes);
    std::string line;
    while (std::getline(in, line)) {
        std::string t = trimmed(line);
        if (!t.empty())
            dst.push_back(std::move(t));
    }
    corpus.sources[code].push_back(file.string());
}

LanguageCorpus projectText(const Project &project, const std::vector<std::string> &languages)
{
    std::map<std::int64_t, std::string> codeOf;
    for (const Language &l : project.languages())
        codeOf[l.id] = l.code;
    LanguageCorpus corpus;
    for (const TextDocument &doc : project.textDocuments()) {
        const std::string &code = codeOf[doc.languageId];
        if (!languages.empty() && std::find(languages.begin(), languages.end(), code) == languages.end())
            continue;
        addTextFile(corpus, code, project.absolute(doc.textFile));
    }
    for (const std::string &code : languages) {
        if (corpus.lines[code].empty())
            throw Error(project.dir().string(), "has no text documents in language '" + code +
                                                    "'; import UTF-8 text first: fieldbench-cli import FILE --project " +
                                                    project.dir().string() + " --language " + code);
    }
    if (corpus.lineCount() == 0)
        throw Error(project.dir().string(), "has no text documents; import UTF-8 text first: fieldbench-cli import "
                                            "FILE --project DIR --language CODE");
    return corpus;
}

std::pair<LanguageCorpus, LanguageCorpus> splitHeldOut(const LanguageCorpus &corpus, double share)
{
    if (!(share > 0 && share < 1))
        throw Error("the held-out share must be between 0 and 1, got " + formatDouble(share));
    std::pair<LanguageCorpus, LanguageCorpus> out;
    out.first.sources = out.second.sources = corpus.sources;
    for (const auto &[code, l] : corpus.lines) {
        std::size_t held = std::size_t(std::llround(share * double(l.size())));
        if (l.size() >= 2)
            held = std::clamp<std::size_t>(held, 1, l.size() - 1);
        else
            held = 0;
        const auto cut = l.begin() + std::ptrdiff_t(l.size() - held);
        out.first.lines[code].assign(l.begin(), cut);
        out.second.lines[code].assign(cut, l.end());
    }
    return out;
}

fs::path trainSentencePiece(const LanguageCorpus &corpus, const SentencePieceTrainingConfig &config,
                            const fs::path &outputPrefix)
{
    const auto problems = config.validate();
    if (!problems.empty()) {
        std::string msg = "cannot train a SentencePiece model:";
        for (const auto &p : problems)
            msg += "\n  " + p;
        throw Error(msg);
    }
    std::size_t nonEmptyLanguages = 0;
    for (const auto &[code, l] : corpus.lines)
        nonEmptyLanguages += l.empty() ? 0 : 1;
    if (corpus.lineCount() == 0)
        throw Error("cannot train a SentencePiece model on an empty corpus: no text lines were found" +
                    std::string(corpus.sources.empty() ? "" : " in the files given") +
                    "; import or pass UTF-8 text with one sentence a line");

    // Several languages: resample to the alpha distribution first.
    std::map<std::string, std::vector<std::string>> resampled;
    const std::map<std::string, std::vector<std::string>> *use = &corpus.lines;
    if (nonEmptyLanguages > 1) {
        resampled = resampleLanguages(corpus.lines, config.alpha, config.sampledLines, config.seed);
        use = &resampled;
    }
    std::vector<const std::string *> lines;
    for (const auto &[code, l] : *use)
        for (const std::string &s : l)
            lines.push_back(&s);

    std::unordered_map<std::string, std::string> args = {
        {"model_type", config.modelType},
        {"vocab_size", std::to_string(config.vocabSize)},
        {"character_coverage", formatDouble(config.characterCoverage)},
        {"byte_fallback", config.byteFallback ? "true" : "false"},
        {"input_sentence_size", std::to_string(config.inputSentenceSize)},
        {"shuffle_input_sentence", "true"},
        {"max_sentencepiece_length", std::to_string(config.maxSentencePieceLength)},
        {"split_digits", config.splitDigits ? "true" : "false"},
        {"num_threads", std::to_string(config.threads)},
        // XLM-R's layout: <unk> = 0, <s> = 1, </s> = 2, no <pad> piece.
        {"unk_id", "0"}, {"bos_id", "1"}, {"eos_id", "2"}, {"pad_id", "-1"},
    };
    if (!config.userSymbols.empty()) {
        std::string joined;
        for (const std::string &s : config.userSymbols)
            joined += (joined.empty() ? "" : ",") + s;
        args["user_defined_symbols"] = joined;
    }
    quietSentencePiece();
    sentencepiece::SetRandomGeneratorSeed(config.seed);
    LinesIterator it(std::move(lines));
    std::string serialized;
    const auto status = sentencepiece::SentencePieceTrainer::Train(args, &it, &serialized);
    if (!status.ok()) {
        const std::string raw = status.message();
        std::smatch m;
        static const std::regex tooHigh(R"(Vocabulary size (?:is )?too high \((\d+)\)\. Please set it to a value <= (\d+))");
        if (std::regex_search(raw, m, tooHigh))
            throw Error("the vocabulary size " + m[1].str() + " is larger than this text supports (at most " +
                        m[2].str() + " pieces from " + std::to_string(corpus.lineCount()) +
                        " lines): lower --vocab-size to " + m[2].str() + " or less, or add more text");
        if (raw.find("smaller than required_chars") != std::string::npos)
            throw Error("the vocabulary size " + std::to_string(config.vocabSize) +
                        " is smaller than the number of distinct characters to cover (" + raw +
                        "): raise --vocab-size or lower --character-coverage");
        throw Error("SentencePiece training failed: " + raw);
    }
    fs::path modelPath = outputPrefix;
    modelPath += ".model";
    if (!outputPrefix.parent_path().empty()) {
        std::error_code ec;
        fs::create_directories(outputPrefix.parent_path(), ec);
    }
    writeFileAtomically(modelPath, serialized);
    // The .vocab file spm_train writes: piece TAB score.
    const SentencePieceTokenizer tok = SentencePieceTokenizer::fromSerialized(serialized, modelPath.string());
    std::string vocab;
    for (int i = 0; i < tok.size(); ++i) {
        std::ostringstream score;
        score << tok.score(i);
        vocab += tok.idToPiece(i) + "\t" + score.str() + "\n";
    }
    fs::path vocabPath = outputPrefix;
    vocabPath += ".vocab";
    writeFileAtomically(vocabPath, vocab);
    return modelPath;
}

// ---------------------------------------------------------------------------------------

SentencePieceTokenizer::SentencePieceTokenizer(const fs::path &modelFile)
    : m_name(modelFile.string())
{
    std::error_code ec;
    if (!fs::is_regular_file(modelFile, ec))
        throw Error(modelFile.string(), "no such SentencePiece model file");
    load(readFile(modelFile));
}

SentencePieceTokenizer SentencePieceTokenizer::fromSerialized(const std::string &bytes, const std::string &nameForErrors)
{
    SentencePieceTokenizer t;
    t.m_name = nameForErrors;
    t.load(bytes);
    return t;
}

void SentencePieceTokenizer::load(const std::string &bytes)
{
    quietSentencePiece();
    m_sp = std::make_unique<sentencepiece::SentencePieceProcessor>();
    const auto status = m_sp->LoadFromSerializedProto(bytes);
    if (!status.ok())
        throw Error(m_name, "not a SentencePiece model (" + std::string(status.message()) +
                                "); pass the .model file spm_train or `fieldbench-cli tokenizer train` wrote, "
                                "e.g. sentencepiece.bpe.model of an XLM-R folder");
    m_serialized = bytes;
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;
SentencePieceTokenizer::SentencePieceTokenizer(SentencePieceTokenizer &&) noexcept = default;
SentencePieceTokenizer &SentencePieceTokenizer::operator=(SentencePieceTokenizer &&) noexcept = default;

std::vector<int> SentencePieceTokenizer::encodeIds(const std::string &text) const
{
    std::vector<int> ids;
    const auto status = m_sp->Encode(text, &ids);
    if (!status.ok())
        throw Error(m_name, "cannot encode text: " + std::string(status.message()));
    return ids;
}

std::vector<std::string> SentencePieceTokenizer::encodePieces(const std::string &text) const
{
    std::vector<std::string> pieces;
    const auto status = m_sp->Encode(text, &pieces);
    if (!status.ok())
        throw Error(m_name, "cannot encode text: " + std::string(status.message()));
    return pieces;
}

std::string SentencePieceTokenizer::decode(const std::vector<int> &ids) const
{
    std::string out;
    const auto status = m_sp->Decode(ids, &out);
    if (!status.ok())
        throw Error(m_name, "cannot decode ids: " + std::string(status.message()));
    return out;
}

int SentencePieceTokenizer::size() const { return m_sp->GetPieceSize(); }
int SentencePieceTokenizer::pieceToId(const std::string &piece) const { return m_sp->PieceToId(piece); }
const std::string &SentencePieceTokenizer::idToPiece(int id) const { return m_sp->IdToPiece(id); }
float SentencePieceTokenizer::score(int id) const { return m_sp->GetScore(id); }
bool SentencePieceTokenizer::isUnknown(int id) const { return m_sp->IsUnknown(id); }
bool SentencePieceTokenizer::isControl(int id) const { return m_sp->IsControl(id); }
bool SentencePieceTokenizer::isByte(int id) const { return m_sp->IsByte(id); }
int SentencePieceTokenizer::unkId() const { return m_sp->unk_id(); }

bool SentencePieceTokenizer::contains(const std::string &piece) const
{
    const int id = m_sp->PieceToId(piece);
    return !(m_sp->IsUnknown(id) && piece != m_sp->IdToPiece(id));
}

std::string appendPieces(const SentencePieceTokenizer &source, const std::vector<std::string> &pieces,
                         const std::vector<float> &scores)
{
    if (pieces.size() != scores.size())
        throw Error("appendPieces: one score per piece is needed");
    // A serialized ModelProto followed by more "pieces" entries (field 1) parses as the same
    // message with the entries appended: protobuf merges repeated fields by concatenation.
    std::string out = source.serialized();
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (source.contains(pieces[i]))
            throw Error(source.name(), "already has the piece \"" + pieces[i] + "\"");
        std::string msg;
        msg.push_back(char((1 << 3) | 2)); // piece: string
        putVarint(msg, pieces[i].size());
        msg += pieces[i];
        msg.push_back(char((2 << 3) | 5)); // score: fixed32 float
        char buf[4];
        std::memcpy(buf, &scores[i], 4);
        msg.append(buf, 4);
        out.push_back(char((1 << 3) | 2)); // ModelProto.pieces
        putVarint(out, msg.size());
        out += msg;
    }
    return out;
}

// ---------------------------------------------------------------------------------------

XlmrTokenizer::XlmrTokenizer(std::shared_ptr<const SentencePieceTokenizer> spm)
    : m_spm(std::move(spm))
{}

XlmrTokenizer::XlmrTokenizer(const fs::path &modelFile)
    : m_spm(std::make_shared<SentencePieceTokenizer>(modelFile))
{}

std::int64_t XlmrTokenizer::fromSentencePiece(int spmId) const
{
    return spmId == 0 || m_spm->isUnknown(spmId) ? kUnk : std::int64_t(spmId) + kOffset;
}

int XlmrTokenizer::toSentencePiece(std::int64_t id) const
{
    if (id == kUnk)
        return m_spm->unkId();
    if (id < kUnk || id >= maskId())
        return -1;
    return int(id - kOffset);
}

std::vector<std::int64_t> XlmrTokenizer::encodePieces(const std::string &text) const
{
    const std::vector<int> spm = m_spm->encodeIds(text);
    std::vector<std::int64_t> ids;
    ids.reserve(spm.size());
    for (int id : spm)
        ids.push_back(fromSentencePiece(id));
    return ids;
}

std::vector<std::int64_t> XlmrTokenizer::encode(const std::string &text) const
{
    std::vector<std::int64_t> ids = encodePieces(text);
    ids.insert(ids.begin(), kBos);
    ids.push_back(kEos);
    return ids;
}

std::string XlmrTokenizer::decode(const std::vector<std::int64_t> &ids) const
{
    std::vector<int> spm;
    for (std::int64_t id : ids) {
        if (id == kBos || id == kPad || id == kEos || id == maskId())
            continue;
        spm.push_back(toSentencePiece(id));
    }
    return m_spm->decode(spm);
}

std::string XlmrTokenizer::idToToken(std::int64_t id) const
{
    switch (id) {
    case kBos: return "<s>";
    case kPad: return "<pad>";
    case kEos: return "</s>";
    case kUnk: return "<unk>";
    default: break;
    }
    if (id == maskId())
        return "<mask>";
    if (id < 0 || id > maskId())
        throw Error("token id " + std::to_string(id) + " is outside the vocabulary (size " +
                    std::to_string(vocabSize()) + ")");
    return m_spm->idToPiece(int(id - kOffset));
}

std::int64_t XlmrTokenizer::tokenToId(const std::string &token) const
{
    if (token == "<s>") return kBos;
    if (token == "<pad>") return kPad;
    if (token == "</s>") return kEos;
    if (token == "<unk>") return kUnk;
    if (token == "<mask>") return maskId();
    return fromSentencePiece(m_spm->pieceToId(token));
}

void XlmrTokenizer::saveHuggingFace(const fs::path &dir, int modelMaxLength) const
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string(), "cannot create folder: " + ec.message());
    writeFileAtomically(dir / "sentencepiece.bpe.model", m_spm->serialized());
    const nlohmann::json special = {{"bos_token", "<s>"},     {"cls_token", "<s>"},   {"eos_token", "</s>"},
                                    {"mask_token", "<mask>"}, {"pad_token", "<pad>"}, {"sep_token", "</s>"},
                                    {"unk_token", "<unk>"}};
    writeFileAtomically(dir / "special_tokens_map.json", special.dump(2) + "\n");
    nlohmann::json config = special;
    config["tokenizer_class"] = "XLMRobertaTokenizer";
    config["model_max_length"] = modelMaxLength;
    config["clean_up_tokenization_spaces"] = true;
    writeFileAtomically(dir / "tokenizer_config.json", config.dump(2) + "\n");
}

bool XlmrTokenizer::startsWord(std::int64_t id) const
{
    if (isSpecial(id))
        return true;
    const std::string &piece = m_spm->idToPiece(int(id - kOffset));
    return piece.compare(0, 3, kSpmSpace) == 0;
}

} // namespace fieldbench
