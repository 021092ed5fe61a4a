#include "fieldbench/train/data.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/train/sampling.h"
#include "fieldbench/util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>

namespace fieldbench {

std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t z = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

namespace {

// Fisher-Yates with a fixed generator: the same order on every platform (std::shuffle's
// algorithm is implementation-defined).
template <class T>
void shuffle(std::vector<T> &v, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[std::size_t(rng() % i)]);
}

std::uint64_t hashString(const std::string &s)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

} // namespace

std::vector<double> TrainingData::trainSecondsPerLanguage() const
{
    std::vector<double> s(languages.size(), 0.0);
    for (const Utterance &u : train)
        s[std::size_t(u.language)] += u.seconds();
    return s;
}

std::string TrainingData::splitJson(std::uint64_t seed, const std::string &by) const
{
    nlohmann::json j;
    j["seed"] = seed;
    j["by"] = by;
    j["languages"] = languages;
    auto ids = [](const std::vector<Utterance> &v) {
        std::vector<std::int64_t> out;
        for (const Utterance &u : v)
            out.push_back(u.segmentId);
        return out;
    };
    j["train"] = ids(train);
    j["dev"] = ids(dev);
    j["dev_speakers"] = devSpeakers;
    j["dev_recordings"] = devRecordings;
    return j.dump() + "\n";
}

TrainingData loadTrainingData(const std::filesystem::path &projectDir, const TrainConfig &config,
                              const std::string &savedSplit)
{
    const TrainDataConfig &d = config.data;
    const bool ctc = config.objective == "ctc";
    Project project = Project::open(projectDir);
    std::set<std::string> wantedLanguages(d.languages.begin(), d.languages.end());
    std::set<std::string> wantedSpeakers(d.speakers.begin(), d.speakers.end());
    std::set<std::string> known;
    for (const Language &l : project.languages())
        known.insert(l.code);
    for (const std::string &code : wantedLanguages)
        if (!known.count(code))
            throw Error(projectDir.string(), "the project has no language \"" + code + "\" (it has " +
                                                 std::to_string(known.size()) + " languages; see `fieldbench-cli stats`)");

    TrainingData data;
    std::vector<Utterance> all;
    std::map<std::string, int> languageIndex;
    std::size_t tooShort = 0, tooLong = 0, untranscribed = 0;
    const std::vector<SegmentRow> rows = project.segmentRows();
    for (const SegmentRow &r : rows)
        if (wantedLanguages.empty() || wantedLanguages.count(r.languageCode))
            languageIndex[r.languageCode] = 0;
    for (auto &[code, index] : languageIndex) {
        index = int(data.languages.size());
        data.languages.push_back(code);
    }
    for (const SegmentRow &r : rows) {
        const auto lang = languageIndex.find(r.languageCode);
        if (lang == languageIndex.end())
            continue;
        if (!wantedSpeakers.empty() && !wantedSpeakers.count(r.speaker))
            continue;
        Utterance u;
        u.segmentId = r.segmentId;
        u.recordingId = r.recordingId;
        u.audio = project.absolute(r.audioFile);
        u.start = r.start;
        u.end = r.end;
        u.language = lang->second;
        u.speaker = r.speaker;
        if (ctc) {
            for (const Transcript &t : r.transcripts)
                if (t.tier == d.tier)
                    u.transcript = t.text;
            if (u.transcript.find_first_not_of(" \t\r\n") == std::string::npos) {
                ++untranscribed;
                continue;
            }
        }
        if (u.seconds() < d.minSeconds) {
            ++tooShort;
            continue;
        }
        if (ctc && u.seconds() > d.maxSeconds) {
            ++tooLong;
            continue;
        }
        all.push_back(std::move(u));
    }
    if (tooShort)
        data.warnings.push_back(std::to_string(tooShort) + " segments shorter than " + std::to_string(d.minSeconds) +
                                " s were skipped");
    if (tooLong)
        data.warnings.push_back(std::to_string(tooLong) + " transcribed segments longer than data.max_seconds (" +
                                std::to_string(d.maxSeconds) + " s) were skipped: a transcript cannot be cropped");
    if (untranscribed)
        data.warnings.push_back(std::to_string(untranscribed) + " segments without a transcript on tier \"" + d.tier +
                                "\" were skipped");
    if (all.empty())
        throw Error(projectDir.string(),
                    ctc ? "no segment has a transcript on tier \"" + d.tier + "\" for the chosen languages and speakers"
                        : std::string("no usable audio segments for the chosen languages and speakers"));

    if (!savedSplit.empty()) {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(savedSplit);
        } catch (const nlohmann::json::exception &e) {
            throw Error("splits.json", std::string("not valid JSON: ") + e.what());
        }
        std::map<std::int64_t, const Utterance *> byId;
        for (const Utterance &u : all)
            byId[u.segmentId] = &u;
        std::size_t lost = 0;
        auto take = [&](const char *key, std::vector<Utterance> &into) {
            for (std::int64_t id : j.value(key, std::vector<std::int64_t>{})) {
                const auto it = byId.find(id);
                if (it == byId.end())
                    ++lost;
                else
                    into.push_back(*it->second);
            }
        };
        take("train", data.train);
        take("dev", data.dev);
        data.devSpeakers = j.value("dev_speakers", std::vector<std::string>{});
        data.devRecordings = j.value("dev_recordings", std::vector<std::int64_t>{});
        if (lost)
            data.warnings.push_back(std::to_string(lost) + " segments of the saved split are no longer in the project");
        if (data.train.empty())
            throw Error("splits.json", "none of the run's training segments is in the project any more");
        return data;
    }

    // Per language: the held-out units (speakers or recordings).
    const bool bySpeaker = d.splitBy == "speaker";
    std::set<std::string> explicitDev(d.devSpeakers.begin(), d.devSpeakers.end());
    std::set<std::string> devUnits;
    for (std::size_t li = 0; li < data.languages.size(); ++li) {
        std::set<std::string> units;
        for (const Utterance &u : all)
            if (std::size_t(u.language) == li)
                units.insert(bySpeaker ? u.speaker : std::to_string(u.recordingId));
        std::vector<std::string> order(units.begin(), units.end());
        if (bySpeaker && !explicitDev.empty()) {
            for (const std::string &s : order)
                if (explicitDev.count(s))
                    devUnits.insert(data.languages[li] + "\n" + s);
            continue;
        }
        if (d.devFraction <= 0)
            continue;
        if (order.size() < 2) {
            data.warnings.push_back(data.languages[li] + ": only one " + (bySpeaker ? "speaker" : "recording") +
                                    ", so it has no dev set");
            continue;
        }
        shuffle(order, mixSeed(config.seed, hashString(data.languages[li])));
        const std::size_t n = std::min(order.size() - 1, std::size_t(std::ceil(d.devFraction * double(order.size()))));
        for (std::size_t i = 0; i < n; ++i)
            devUnits.insert(data.languages[li] + "\n" + order[i]);
    }
    std::set<std::string> devSpeakerSet;
    std::set<std::int64_t> devRecordingSet;
    for (Utterance &u : all) {
        const std::string key = data.languages[std::size_t(u.language)] + "\n" +
                                (bySpeaker ? u.speaker : std::to_string(u.recordingId));
        if (devUnits.count(key)) {
            if (bySpeaker)
                devSpeakerSet.insert(u.speaker);
            else
                devRecordingSet.insert(u.recordingId);
            data.dev.push_back(std::move(u));
        } else {
            data.train.push_back(std::move(u));
        }
    }
    data.devSpeakers.assign(devSpeakerSet.begin(), devSpeakerSet.end());
    data.devRecordings.assign(devRecordingSet.begin(), devRecordingSet.end());
    if (data.train.empty())
        throw Error(projectDir.string(), "every segment went to the dev set; lower data.dev_fraction");
    return data;
}

std::vector<std::vector<int>> planEpoch(const std::vector<Utterance> &train, const std::vector<double> &probabilities,
                                        const TrainDataConfig &d, std::uint64_t seed, std::int64_t epoch,
                                        std::vector<std::int64_t> *languageCounts)
{
    const std::uint64_t epochSeed = mixSeed(seed, std::uint64_t(epoch) + 1);
    std::vector<std::vector<int>> pools(probabilities.size());
    for (std::size_t i = 0; i < train.size(); ++i)
        pools[std::size_t(train[i].language)].push_back(int(i));
    std::vector<double> p = probabilities;
    for (std::size_t l = 0; l < p.size(); ++l)
        if (pools[l].empty())
            p[l] = 0;
    std::vector<std::size_t> cursor(pools.size(), 0), rounds(pools.size(), 0);
    for (std::size_t l = 0; l < pools.size(); ++l)
        shuffle(pools[l], mixSeed(epochSeed, l));
    LanguageSampler sampler(p, mixSeed(epochSeed, 0xA11CE));
    std::vector<int> items;
    items.reserve(train.size());
    if (languageCounts)
        languageCounts->assign(pools.size(), 0);
    for (std::size_t k = 0; k < train.size(); ++k) {
        const std::size_t l = std::size_t(sampler.next());
        if (cursor[l] == pools[l].size()) { // up-sampled language: a new shuffled pass
            cursor[l] = 0;
            shuffle(pools[l], mixSeed(epochSeed, l + 1000003 * ++rounds[l]));
        }
        items.push_back(pools[l][cursor[l]++]);
        if (languageCounts)
            ++(*languageCounts)[l];
    }
    auto length = [&](int i) { return std::min(train[std::size_t(i)].seconds(), d.maxSeconds); };
    std::stable_sort(items.begin(), items.end(), [&](int a, int b) { return length(a) < length(b); });
    std::vector<std::vector<int>> batches;
    const std::size_t buckets = std::max<std::size_t>(1, std::min<std::size_t>(std::size_t(d.buckets), items.size()));
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t from = items.size() * b / buckets, to = items.size() * (b + 1) / buckets;
        std::vector<int> bucket(items.begin() + std::ptrdiff_t(from), items.begin() + std::ptrdiff_t(to));
        shuffle(bucket, mixSeed(epochSeed, 0xB0C4E7 + b));
        // Within a bucket lengths are similar; sort again so a batch holds neighbours.
        std::stable_sort(bucket.begin(), bucket.end(), [&](int x, int y) { return length(x) < length(y); });
        std::vector<int> current;
        double longest = 0;
        for (int i : bucket) {
            const double len = length(i);
            const double padded = double(current.size() + 1) * std::max(longest, len);
            if (!current.empty() && (padded > d.batchSeconds || int(current.size()) >= d.maxBatchSize)) {
                batches.push_back(std::move(current));
                current.clear();
                longest = 0;
            }
            current.push_back(i);
            longest = std::max(longest, len);
        }
        if (!current.empty())
            batches.push_back(std::move(current));
    }
    shuffle(batches, mixSeed(epochSeed, 0x5EED));
    return batches;
}

std::vector<int> evaluationSubset(const std::vector<Utterance> &dev, std::size_t maxUtterances)
{
    std::vector<int> items;
    if (dev.size() <= maxUtterances) {
        for (std::size_t i = 0; i < dev.size(); ++i)
            items.push_back(int(i));
        return items;
    }
    std::map<int, std::vector<int>> byLanguage;
    for (std::size_t i = 0; i < dev.size(); ++i)
        byLanguage[dev[i].language].push_back(int(i));
    const std::size_t perLanguage = std::max<std::size_t>(1, maxUtterances / byLanguage.size());
    for (const auto &[language, indices] : byLanguage) {
        const std::size_t k = std::min(perLanguage, indices.size());
        for (std::size_t j = 0; j < k; ++j)
            items.push_back(indices[j * indices.size() / k]);
    }
    return items;
}

} // namespace fieldbench
