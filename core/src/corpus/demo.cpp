#include "fieldbench/corpus/demo.h"

#include "fieldbench/corpus/languages.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/text/textcorpus.h"
#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"
#include "fieldbench/util/process.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace fieldbench {
namespace {

std::string gunzip(const fs::path &file)
{
    gzFile gz = gzopen(file.c_str(), "rb");
    if (!gz)
        throw Error(file.string(), "cannot open");
    std::string out;
    char buf[65536];
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0)
        out.append(buf, std::size_t(n));
    gzclose(gz);
    return out;
}

void replaceAll(std::string &s, const std::string &from, const std::string &to)
{
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

// Roff source to running text: requests and macro lines dropped, common font/char
// escapes removed. Paragraph breaks become '\n'.
std::string roffToText(const std::string &roff)
{
    std::string text;
    std::istringstream in(roff);
    std::string line;
    bool inExample = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.rfind(".EX", 0) == 0 || line.rfind(".nf", 0) == 0) {
            inExample = true;
            continue;
        }
        if (line.rfind(".EE", 0) == 0 || line.rfind(".fi", 0) == 0) {
            inExample = false;
            continue;
        }
        if (inExample)
            continue;
        if (line.empty() || line[0] == '.' || line[0] == '\'') {
            text += '\n';
            continue;
        }
        for (const char *esc : {"\\fB", "\\fI", "\\fR", "\\fP", "\\f(CW", "\\&", "\\:", "\\c"})
            replaceAll(line, esc, "");
        replaceAll(line, "\\-", "-");
        replaceAll(line, "\\(aq", "'");
        replaceAll(line, "\\(lq", "\"");
        replaceAll(line, "\\(rq", "\"");
        text += line;
        text += ' ';
    }
    return text;
}

bool speakableSentence(const std::string &s)
{
    const auto *p = reinterpret_cast<const uint8_t *>(s.data());
    const int32_t n = int32_t(s.size());
    int32_t i = 0;
    int words = 1, letters = 0, upperRun = 0, maxUpperRun = 0;
    bool first = true;
    while (i < n) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0)
            return false;
        if (first) {
            if (!u_isupper(c))
                return false;
            first = false;
        }
        if (c == ' ') {
            ++words;
            upperRun = 0;
            continue;
        }
        if (u_isalpha(c)) {
            ++letters;
            upperRun = u_isupper(c) ? upperRun + 1 : 0;
            maxUpperRun = std::max(maxUpperRun, upperRun);
            continue;
        }
        if (c == ',' || c == '\'' || c == '-' || c == 0x2019)
            continue;
        return false; // digits, symbols, quotes, brackets: not speakable prose
    }
    return words >= 4 && words <= 14 && letters >= 15 && maxUpperRun < 3;
}

// Translated manual pages keep some paragraphs in English; a sentence with two or more
// frequent English function words is taken to be one of them.
bool looksEnglish(const std::string &s)
{
    static const std::set<std::string> kWords = {"the", "is", "of", "and", "to", "in", "that", "this", "with",
                                                  "for", "are", "be", "not", "it", "by", "on", "or", "if",
                                                  "you", "can", "will", "which", "from", "as", "an", "when"};
    int hits = 0;
    std::istringstream in(s);
    for (std::string w; in >> w;) {
        while (!w.empty() && !std::isalpha(static_cast<unsigned char>(w.back())))
            w.pop_back();
        std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
        hits += int(kWords.count(w));
    }
    return hits >= 2;
}

// espeak-ng IPA ("ˈo l a\ne l  p ˈe r o") -> phones separated by spaces, words by " | ".
std::string ipaTokens(const std::string &raw)
{
    std::vector<std::string> words;
    std::string current;
    std::istringstream lines(raw);
    std::string line;
    while (std::getline(lines, line)) {
        std::size_t pos = 0;
        while (pos < line.size()) {
            std::size_t sep = line.find("  ", pos);
            std::string word = line.substr(pos, sep == std::string::npos ? std::string::npos : sep - pos);
            // trim
            while (!word.empty() && word.front() == ' ')
                word.erase(0, 1);
            while (!word.empty() && (word.back() == ' ' || word.back() == '\r'))
                word.pop_back();
            if (!word.empty())
                words.push_back(word);
            if (sep == std::string::npos)
                break;
            pos = sep + 2;
        }
    }
    std::string out;
    for (const std::string &w : words)
        out += (out.empty() ? "" : " | ") + w;
    return out;
}

const char *const kVariants[] = {"m1", "f2", "m3", "f1", "m4", "f3", "m2", "f4", "m5", "f5", "m6", "m7"};

} // namespace

std::vector<std::string> demoSentences(const fs::path &manDir, std::size_t maxCount, unsigned seed)
{
    std::vector<fs::path> pages;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(manDir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && lowerExtension(it->path()) == "gz")
            pages.push_back(it->path());
    std::sort(pages.begin(), pages.end());
    // Other packages (apt, dpkg, man-db, ...) put their own translated pages in the same
    // folder, so what it holds depends on what else a machine has installed. Where dpkg
    // lists the manpages-XX package's files, keep only those: the demo corpus is then the
    // same on every Debian 12 machine.
    std::ifstream listed(fs::path("/var/lib/dpkg/info") / ("manpages-" + manDir.filename().string() + ".list"));
    if (listed) {
        std::set<std::string> own;
        for (std::string line; std::getline(listed, line);)
            own.insert(line);
        std::vector<fs::path> kept;
        for (const fs::path &page : pages)
            if (own.count(page.lexically_normal().string()))
                kept.push_back(page);
        if (!kept.empty())
            pages = std::move(kept);
    }
    std::set<std::string> seen;
    std::vector<std::string> sentences;
    for (const fs::path &page : pages) {
        std::string text;
        try {
            text = roffToText(gunzip(page));
        } catch (const Error &) {
            continue;
        }
        std::string sentence;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\n') {
                sentence.clear();
                continue;
            }
            if (c == ' ' && (sentence.empty() || sentence.back() == ' '))
                continue;
            sentence += c;
            const bool end = (c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
            if (end) {
                std::string s = sentence;
                sentence.clear();
                s.pop_back();
                while (!s.empty() && s.back() == ' ')
                    s.pop_back();
                try {
                    s = nfc(s);
                } catch (const Error &) {
                    continue;
                }
                if (speakableSentence(s) && !looksEnglish(s) && seen.insert(s).second)
                    sentences.push_back(s);
            }
        }
    }
    std::mt19937 rng(seed);
    std::shuffle(sentences.begin(), sentences.end(), rng);
    if (sentences.size() > maxCount)
        sentences.resize(maxCount);
    return sentences;
}

DemoSummary buildDemoProject(const fs::path &dir, const DemoOptions &options, ImportObserver *observer,
                             const std::atomic<bool> *cancel)
{
    if (!programAvailable("espeak-ng"))
        throw Error("espeak-ng is needed for the demo corpus: install it with 'apt-get install espeak-ng'");
    if (options.languages.empty())
        throw Error("the demo needs at least one language");
    const int speakers = std::clamp(options.speakersPerLanguage, 1, int(std::size(kVariants)));

    // Check every language before doing any work.
    struct Lang
    {
        std::string voice, iso, name;
        fs::path manDir;
    };
    std::vector<Lang> langs;
    std::vector<std::string> missing;
    for (const std::string &voice : options.languages) {
        const auto iso = LanguageCatalog::system().find(voice);
        if (!iso)
            throw Error("demo: '" + voice + "' is not a language code known to iso-codes");
        const fs::path manDir = options.manRoot / voice;
        std::error_code ec;
        if (!fs::is_directory(manDir, ec))
            missing.push_back("manpages-" + voice);
        langs.push_back({voice, iso->code, iso->name, manDir});
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto &m : missing)
            list += " " + m;
        throw Error("demo: the translated manual pages used as sentence sources are missing: install them with "
                    "'apt-get install" + list + "'");
    }

    Project project = Project::isProject(dir) ? Project::open(dir) : Project::create(dir, "Fieldbench demo");
    const fs::path work = project.absolute("exports") / ".tmp-demo";
    std::error_code ec;
    fs::remove_all(work, ec);
    fs::create_directories(work);

    DemoSummary summary;
    struct Utterance
    {
        std::size_t lang;
        std::string voice, speaker, text;
        fs::path wav;
        std::string ipa;
        std::string error;
    };
    std::vector<Utterance> utterances;
    std::vector<std::vector<std::string>> textSentences(langs.size());
    const std::size_t perLanguage = std::size_t(speakers * options.sentencesPerSpeaker);
    for (std::size_t li = 0; li < langs.size(); ++li) {
        const Lang &L = langs[li];
        const std::vector<std::string> sentences =
            demoSentences(L.manDir, perLanguage + std::size_t(options.textSentences), options.seed);
        if (sentences.size() < perLanguage) {
            summary.warnings.push_back(L.voice + ": only " + std::to_string(sentences.size()) +
                                       " usable sentences found in " + L.manDir.string());
        }
        if (sentences.empty())
            continue;
        summary.languagesBuilt.push_back(L.iso);
        for (int s = 0; s < speakers; ++s) {
            for (int k = 0; k < options.sentencesPerSpeaker; ++k) {
                const std::size_t idx = std::size_t(s * options.sentencesPerSpeaker + k);
                if (idx >= sentences.size())
                    break;
                Utterance u;
                u.lang = li;
                u.voice = L.voice + "+" + kVariants[s];
                u.speaker = L.voice + "-" + kVariants[s];
                u.text = sentences[idx];
                char name[64];
                std::snprintf(name, sizeof name, "%s_%s_%03d.wav", L.voice.c_str(), kVariants[s], k);
                u.wav = work / name;
                utterances.push_back(std::move(u));
            }
        }
        textSentences[li] = sentences; // all of them: the text side of the demo
    }

    // Speak and transcribe on all cores; espeak-ng is a separate process per call.
    std::atomic<std::size_t> next{0};
    std::atomic<int> spoken{0};
    std::mutex observerMutex;
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < utterances.size();) {
            if (cancel && cancel->load())
                return;
            Utterance &u = utterances[i];
            // A second try before giving up: on a loaded machine a spawn can fail once.
            ProcessResult wav, ipa;
            for (int attempt = 0; attempt < 2; ++attempt) {
                wav = runProcess({"espeak-ng", "-v", u.voice, "-w", u.wav.string(), u.text}, "espeak-ng");
                ipa = runProcess({"espeak-ng", "-v", langs[u.lang].voice, "-q", "--ipa", "--sep= ", u.text}, "espeak-ng");
                if (wav.exitCode == 0 && ipa.exitCode == 0)
                    break;
            }
            if (wav.exitCode != 0 || ipa.exitCode != 0)
                u.error = "espeak-ng failed for voice " + u.voice + ": " + wav.standardError + ipa.standardError;
            else
                u.ipa = ipaTokens(ipa.standardOutput);
            const int done = ++spoken;
            if (observer) {
                std::lock_guard<std::mutex> lock(observerMutex);
                observer->progress({done, int(utterances.size()), "speaking " + u.wav.filename().string()});
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
        pool.emplace_back(worker);
    for (auto &t : pool)
        t.join();

    std::vector<ImportJob> jobs;
    for (const Utterance &u : utterances) {
        if (!u.error.empty()) {
            summary.warnings.push_back(u.error);
            continue;
        }
        if (u.wav.empty() || !fs::exists(u.wav))
            continue; // cancelled before it was spoken
        ImportJob job;
        job.audio = u.wav;
        job.language = langs[u.lang].iso;
        job.speaker = u.speaker;
        Segment seg;
        seg.start = 0;
        seg.end = -1; // the whole utterance
        seg.source = "espeak-ng";
        seg.transcripts = {{"text", u.text}, {"ipa", u.ipa}};
        job.segments.push_back(std::move(seg));
        jobs.push_back(std::move(job));
    }
    ImportOptions importOptions;
    Importer importer(project, importOptions);
    summary.import = importer.runJobs(std::move(jobs), observer, cancel);

    for (std::size_t li = 0; li < langs.size(); ++li) {
        if (textSentences[li].empty() || (cancel && cancel->load()))
            continue;
        const fs::path file = work / (langs[li].voice + "-manpages.txt");
        std::string joined;
        for (const auto &s : textSentences[li])
            joined += s + ".\n";
        writeFileAtomically(file, joined);
        ImportOptions textOptions;
        textOptions.language = langs[li].iso;
        Importer textImporter(project, textOptions);
        const ImportSummary t = textImporter.run({file});
        summary.import.textDocuments += t.textDocuments;
        summary.import.failed += t.failed;
        summary.import.issues.insert(summary.import.issues.end(), t.issues.begin(), t.issues.end());
    }
    summary.import.cancelled = cancel && cancel->load();
    fs::remove_all(work, ec);
    return summary;
}

} // namespace fieldbench
