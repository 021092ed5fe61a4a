#pragma once

// SentencePiece tokenizers through the SentencePiece library itself (libsentencepiece):
// training (unigram / BPE) on a project's text, per language or multilingual with alpha
// sampling, and encoding. Every SentencePiece status is turned into fieldbench::Error
// where it is returned, with a message a user can act on.
//
// XlmrTokenizer adds the fairseq id mapping of Hugging Face's XLMRobertaTokenizer on top of
// a SentencePiece model (see the rule there). Plain C++ (no torch).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace fieldbench {

class Project;

struct SentencePieceTrainingConfig
{
    std::string modelType = "unigram";  // "unigram" | "bpe"
    int vocabSize = 8000;               // pieces, including <unk>, <s>, </s> and user symbols
    double characterCoverage = 0.9995;  // share of characters the vocabulary must cover (1.0 for small alphabets)
    bool byteFallback = false;          // unknown characters become UTF-8 byte pieces <0xNN> instead of <unk>
    std::vector<std::string> userSymbols; // pieces kept whole (e.g. "<lang:ain>"); empty: none
    double alpha = 0.3;                 // multilingual: language sampling exponent (1 = natural proportions)
    std::int64_t sampledLines = 0;      // multilingual: lines after alpha resampling; 0 = as many as the input
    std::int64_t inputSentenceSize = 1000000; // SentencePiece input_sentence_size: lines it samples; 0 = all
    int maxSentencePieceLength = 16;    // longest piece, in characters
    bool splitDigits = false;           // digits as separate pieces
    int threads = 2;                    // trainer threads
    std::uint32_t seed = 1234;          // SentencePiece's random seed and the alpha resampling seed

    // Readable problems; empty when usable.
    std::vector<std::string> validate() const;
};

// Text to train on: language code -> lines (one sentence a line), with the file each line
// came from named in `sources` (for messages).
struct LanguageCorpus
{
    std::map<std::string, std::vector<std::string>> lines;
    std::map<std::string, std::vector<std::string>> sources; // language -> files read

    std::int64_t lineCount() const;
};

// Reads text files (UTF-8, one sentence a line) as language `code`. A file that is not
// UTF-8 is an Error naming the file, line and byte, and saying it is probably Latin-1 /
// Windows-1252 (or UTF-16) with the iconv command that converts it.
void addTextFile(LanguageCorpus &corpus, const std::string &code, const std::filesystem::path &file);

// The text documents of a project (files under text/), by language; `languages` empty = all.
// Throws Error when a requested language has no text (naming the import command).
LanguageCorpus projectText(const Project &project, const std::vector<std::string> &languages = {});

// Deterministic held-out split: the last `share` of each language's lines (at least one
// when a language has two or more) go to `.second`, the rest to `.first`.
std::pair<LanguageCorpus, LanguageCorpus> splitHeldOut(const LanguageCorpus &corpus, double share);

// Trains a model on `corpus` (several languages: resampled with config.alpha first) and
// writes `<outputPrefix>.model` and `<outputPrefix>.vocab`. Returns the .model path.
// Errors: empty corpus, a vocabulary larger than the text supports ("at most N"), invalid
// settings, unwritable output.
std::filesystem::path trainSentencePiece(const LanguageCorpus &corpus, const SentencePieceTrainingConfig &config,
                                         const std::filesystem::path &outputPrefix);

// A loaded SentencePiece model. Read-only after construction; encode() may be called from
// several threads.
class SentencePieceTokenizer
{
public:
    // Throws Error("<file>: not a SentencePiece model ...").
    explicit SentencePieceTokenizer(const std::filesystem::path &modelFile);
    static SentencePieceTokenizer fromSerialized(const std::string &bytes, const std::string &nameForErrors);
    ~SentencePieceTokenizer();
    SentencePieceTokenizer(SentencePieceTokenizer &&) noexcept;
    SentencePieceTokenizer &operator=(SentencePieceTokenizer &&) noexcept;

    std::vector<int> encodeIds(const std::string &text) const;
    std::vector<std::string> encodePieces(const std::string &text) const;
    std::string decode(const std::vector<int> &ids) const;

    int size() const;
    int pieceToId(const std::string &piece) const; // unkId() when absent
    const std::string &idToPiece(int id) const;
    float score(int id) const;
    bool isUnknown(int id) const;
    bool isControl(int id) const;
    bool isByte(int id) const;
    int unkId() const;
    bool contains(const std::string &piece) const; // a real piece (not mapped to <unk>)

    const std::string &serialized() const { return m_serialized; } // the .model bytes
    const std::string &name() const { return m_name; }

private:
    SentencePieceTokenizer() = default;
    void load(const std::string &bytes);

    std::unique_ptr<sentencepiece::SentencePieceProcessor> m_sp;
    std::string m_serialized;
    std::string m_name; // file name for messages
};

// A SentencePiece model with `pieces` appended (each with `scores[i]`, type NORMAL), as a
// serialized .model: the source's pieces keep their ids, the new ones follow in order. Used
// to extend a vocabulary. Throws Error for a piece the model already has.
std::string appendPieces(const SentencePieceTokenizer &source, const std::vector<std::string> &pieces,
                         const std::vector<float> &scores);

// Hugging Face XLMRobertaTokenizer ids on top of a SentencePiece model (fairseq's
// dictionary order). The rule, as transformers implements it:
//   <s> = 0, <pad> = 1, </s> = 2, <unk> = 3            (fairseq's first four entries)
//   any other piece: SentencePiece id + 1               (fairseq_offset = 1)
//   a piece SentencePiece maps to its <unk> (id 0):  3
//   <mask> = SentencePiece size + 1                     (the last id)
//   vocab_size = SentencePiece size + 2
// So SentencePiece ids 1 and 2 (its own <s>, </s>) are never produced (they would be 2 and 3,
// which fairseq gives to </s> and <unk>). encode() adds <s> ... </s> as
// build_inputs_with_special_tokens does.
class XlmrTokenizer
{
public:
    static constexpr int kBos = 0;
    static constexpr int kPad = 1;
    static constexpr int kEos = 2;
    static constexpr int kUnk = 3;
    static constexpr int kOffset = 1;

    explicit XlmrTokenizer(std::shared_ptr<const SentencePieceTokenizer> spm);
    explicit XlmrTokenizer(const std::filesystem::path &modelFile);

    // Model ids of the text's pieces, without special tokens.
    std::vector<std::int64_t> encodePieces(const std::string &text) const;
    // <s> pieces </s>
    std::vector<std::int64_t> encode(const std::string &text) const;
    std::string decode(const std::vector<std::int64_t> &ids) const; // special tokens dropped

    std::int64_t fromSentencePiece(int spmId) const;
    // SentencePiece id of a model id, or -1 for <s>, <pad>, </s>, <mask>; <unk> gives the
    // SentencePiece unk id.
    int toSentencePiece(std::int64_t id) const;
    std::string idToToken(std::int64_t id) const;
    std::int64_t tokenToId(const std::string &token) const;

    std::int64_t maskId() const { return std::int64_t(m_spm->size()) + kOffset; }
    std::int64_t vocabSize() const { return std::int64_t(m_spm->size()) + kOffset + 1; }
    bool isSpecial(std::int64_t id) const { return id <= kUnk || id == maskId(); }
    // True for a token that starts a word (its piece begins with U+2581) or is special.
    bool startsWord(std::int64_t id) const;

    // Hugging Face tokenizer files of an XLM-R folder: sentencepiece.bpe.model,
    // tokenizer_config.json (XLMRobertaTokenizer, model_max_length), special_tokens_map.json.
    void saveHuggingFace(const std::filesystem::path &dir, int modelMaxLength = 512) const;

    const SentencePieceTokenizer &sentencePiece() const { return *m_spm; }
    std::shared_ptr<const SentencePieceTokenizer> sentencePiecePtr() const { return m_spm; }

private:
    std::shared_ptr<const SentencePieceTokenizer> m_spm;
};

// The word-boundary marker U+2581 in UTF-8.
inline constexpr const char *kSpmSpace = "\xE2\x96\x81";

} // namespace fieldbench
