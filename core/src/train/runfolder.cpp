#include "runfolder.h"

#include "fieldbench/util/error.h"
#include "fieldbench/util/fileutil.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>
#include <type_traits>

namespace fieldbench::runfolder {

namespace fs = std::filesystem;
using nlohmann::json;

std::string isoNow()
{
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

std::string hostName()
{
    char buf[256] = {};
    gethostname(buf, sizeof buf - 1);
    return buf;
}

std::int64_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    std::int64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

fs::path resolve(const std::string &p, const fs::path &base)
{
    if (p.empty())
        return {};
    fs::path path(p);
    return path.is_absolute() ? path : fs::absolute(base / path).lexically_normal();
}

std::string stepName(std::int64_t step)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%08lld", static_cast<long long>(step));
    return buf;
}

// ---------------------------------------------------------------------------------------

RunWriter::RunWriter(fs::path dir, TrainingObserver *observer, bool main)
    : m_dir(std::move(dir))
    , m_observer(observer)
    , m_main(main)
{
    if (m_main) {
        m_metrics = std::fopen((m_dir / "metrics.jsonl").c_str(), "a");
        m_log = std::fopen((m_dir / "log.txt").c_str(), "a");
        if (!m_metrics || !m_log)
            throw Error(m_dir.string(), "cannot write the run's metrics.jsonl / log.txt");
    }
}

RunWriter::~RunWriter()
{
    if (m_metrics)
        std::fclose(m_metrics);
    if (m_log)
        std::fclose(m_log);
}

void RunWriter::record(const json &j)
{
    const std::string line = j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (m_metrics) {
        std::fputs((line + "\n").c_str(), m_metrics);
        std::fflush(m_metrics);
    }
    if (m_observer && m_main)
        m_observer->record(line);
}

void RunWriter::log(const std::string &line)
{
    if (m_log) {
        std::fputs(("[" + isoNow() + "] " + line + "\n").c_str(), m_log);
        std::fflush(m_log);
    }
    if (m_observer && m_main)
        m_observer->log(line);
}

void RunWriter::sync()
{
    if (m_metrics)
        fsync(fileno(m_metrics));
    if (m_log)
        fsync(fileno(m_log));
}

// ---------------------------------------------------------------------------------------

void writeStatus(const fs::path &runDir, json s)
{
    s["pid"] = int(getpid());
    s["host"] = hostName();
    s["updated"] = isoNow();
    const fs::path path = runDir / "status.json";
    if (fs::exists(path)) {
        try {
            const json old = json::parse(readFile(path));
            s["started"] = old.value("started", isoNow());
        } catch (...) {
            s["started"] = isoNow();
        }
    } else {
        s["started"] = isoNow();
    }
    writeFileAtomically(path, s.dump(2) + "\n");
}

fs::path latestCheckpoint(const fs::path &runDir)
{
    const fs::path root = runDir / "checkpoints";
    if (fs::exists(root / "index.json")) {
        try {
            const json index = json::parse(readFile(root / "index.json"));
            const fs::path p = root / index.at("latest").get<std::string>();
            if (fs::exists(p / "trainer_state.json"))
                return p;
        } catch (...) {
        }
    }
    // index.json lost or stale (a crash between the rename and its update): the newest
    // complete folder (temporary folders start with ".tmp-" and are never complete).
    fs::path best;
    if (fs::exists(root))
        for (const auto &e : fs::directory_iterator(root)) {
            const std::string n = e.path().filename().string();
            if (n.rfind("step-", 0) == 0 && fs::exists(e.path() / "trainer_state.json") && (best.empty() || n > best.filename().string()))
                best = e.path();
        }
    return best;
}

void commitCheckpoint(const fs::path &runDir, const fs::path &tmp, const std::string &name, bool isBest,
                      double bestMetric, const std::string &bestMetricName, const CheckpointPolicy &policy)
{
    const fs::path root = runDir / "checkpoints";
    syncPath(tmp);
    const fs::path final = root / name;
    if (fs::exists(final))
        fs::remove_all(final);
    fs::rename(tmp, final);
    syncPath(root);

    // index.json: the newest, the best and which are kept.
    json index = json::object();
    if (fs::exists(root / "index.json")) {
        try {
            index = json::parse(readFile(root / "index.json"));
        } catch (...) {
        }
    }
    std::vector<std::string> kept = index.value("checkpoints", std::vector<std::string>{});
    kept.erase(std::remove(kept.begin(), kept.end(), name), kept.end());
    kept.push_back(name);
    std::sort(kept.begin(), kept.end());
    if (isBest && !std::isnan(bestMetric)) {
        index["best"] = name;
        index["best_metric"] = bestMetric;
        index["best_metric_name"] = bestMetricName;
    }
    const std::string best = index.value("best", std::string());
    index["latest"] = name;
    std::vector<std::string> keep;
    const std::size_t keepLast = std::size_t(std::max(1, policy.keepLast));
    for (std::size_t i = kept.size() > keepLast ? kept.size() - keepLast : 0; i < kept.size(); ++i)
        keep.push_back(kept[i]);
    if (policy.keepBest && !best.empty() && fs::exists(root / best) && std::find(keep.begin(), keep.end(), best) == keep.end())
        keep.insert(keep.begin(), best);
    index["checkpoints"] = keep;
    writeFileAtomically(root / "index.json", index.dump(2) + "\n");
    for (const std::string &old : kept)
        if (std::find(keep.begin(), keep.end(), old) == keep.end())
            fs::remove_all(root / old);
}

// ---------------------------------------------------------------------------------------

namespace {

// AdamW's per-parameter state is keyed by the TensorImpl pointer in LibTorch 2.x and by its
// string form in 1.13: the one place that differs.
template <class Map>
typename Map::key_type stateKey(const Map &, const torch::Tensor &p)
{
    if constexpr (std::is_same_v<typename Map::key_type, std::string>)
    {
        std::ostringstream key; // c10::guts::to_string's format in LibTorch 1.13
        key << p.unsafeGetTensorImpl();
        return key.str();
    }
    else
        return p.unsafeGetTensorImpl();
}

} // namespace

void appendOptimizerState(torch::optim::AdamW &optimizer, const std::vector<std::pair<std::string, torch::Tensor>> &named,
                          std::vector<NamedTensor> &out)
{
    auto &state = optimizer.state();
    for (const auto &[pname, p] : named) {
        const auto it = state.find(stateKey(state, p));
        if (it == state.end())
            continue;
        auto &s = static_cast<torch::optim::AdamWParamState &>(*it->second);
        out.push_back({"exp_avg." + pname, s.exp_avg()});
        out.push_back({"exp_avg_sq." + pname, s.exp_avg_sq()});
        out.push_back({"step." + pname, torch::tensor({s.step()}, torch::kInt64)});
    }
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    out.push_back({"rng.cpu", generator.get_state()});
}

void restoreOptimizerState(torch::optim::AdamW &optimizer, const std::vector<std::pair<std::string, torch::Tensor>> &named,
                           const std::map<std::string, torch::Tensor> &tensors, const torch::Device &device)
{
    auto &state = optimizer.state();
    for (const auto &[pname, p] : named) {
        const auto a = tensors.find("exp_avg." + pname);
        if (a == tensors.end())
            continue;
        auto s = std::make_unique<torch::optim::AdamWParamState>();
        s->exp_avg(a->second.to(device));
        s->exp_avg_sq(tensors.at("exp_avg_sq." + pname).to(device));
        s->step(tensors.at("step." + pname).item<std::int64_t>());
        state[stateKey(state, p)] = std::move(s);
    }
    if (const auto rng = tensors.find("rng.cpu"); rng != tensors.end()) {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(rng->second);
    }
}

// ---------------------------------------------------------------------------------------

void RunSession::requireValid(const TrainConfig &config)
{
    const std::vector<std::string> problems = config.validate();
    if (problems.empty())
        return;
    std::string msg = "the training configuration has problems:";
    for (const auto &p : problems)
        msg += "\n  - " + p;
    throw Error(msg);
}

bool RunSession::stopRequested(std::int64_t firstStep) const
{
    return (m_options.stop && m_options.stop->load()) ||
           (m_options.stopAfterSteps > 0 && m_step - firstStep >= m_options.stopAfterSteps);
}

void RunSession::writeStatus(const std::string &state, const std::string &reason)
{
    if (!m_main)
        return;
    runfolder::writeStatus(m_dir, {{"state", state},
                                   {"reason", reason},
                                   {"step", m_step},
                                   {"max_steps", m_config.maxSteps},
                                   {"objective", m_config.objective},
                                   {"elapsed_seconds", now()}});
}

void RunSession::buildOptimizer(int layers, const std::function<int(const std::string &)> &depth,
                                const std::function<bool(const std::string &, const torch::Tensor &)> &noDecay)
{
    const TrainOptimConfig &o = m_config.optim;
    std::map<std::pair<int, bool>, std::vector<torch::Tensor>> groups;
    for (const auto &[name, p] : m_named)
        groups[{depth(name), noDecay(name, p)}].push_back(p);
    std::vector<torch::optim::OptimizerParamGroup> paramGroups;
    m_groupScale.clear();
    for (auto &[key, params] : groups) {
        auto options = std::make_unique<torch::optim::AdamWOptions>(o.learningRate);
        options->betas({o.beta1, o.beta2});
        options->eps(o.epsilon);
        options->weight_decay(key.second ? 0.0 : o.weightDecay);
        paramGroups.emplace_back(params, std::move(options));
        m_groupScale.push_back(std::pow(o.layerLrDecay, double(layers + 1 - key.first)));
    }
    torch::optim::AdamWOptions defaults(o.learningRate);
    defaults.betas({o.beta1, o.beta2}).eps(o.epsilon).weight_decay(o.weightDecay);
    m_optimizer = std::make_unique<torch::optim::AdamW>(paramGroups, defaults);
}

void RunSession::setLearningRate(double lr)
{
    for (std::size_t g = 0; g < m_optimizer->param_groups().size(); ++g)
        static_cast<torch::optim::AdamWOptions &>(m_optimizer->param_groups()[g].options()).lr(lr * m_groupScale[g]);
}

double RunSession::clipGradients(const std::vector<torch::Tensor> &params) const
{
    if (params.empty())
        return 0;
    const double limit = m_config.optim.clipNorm > 0 ? m_config.optim.clipNorm : std::numeric_limits<double>::infinity();
    return torch::nn::utils::clip_grad_norm_(params, limit);
}

void RunSession::applyUpdate(double lr)
{
    setLearningRate(lr);
    m_optimizer->step();
    m_optimizer->zero_grad();
}

std::string RunSession::skipUpdate(const std::string &why, int &inARow)
{
    m_optimizer->zero_grad();
    ++m_nonFinite;
    ++inARow;
    m_out->log("step " + std::to_string(m_step + 1) + ": " + why + "; the update is skipped (" + std::to_string(inARow) +
               " in a row)");
    m_out->record({{"type", "event"}, {"event", "warning"}, {"step", m_step}, {"time", now()},
                   {"message", "non-finite step skipped"}, {"non_finite_steps", m_nonFinite}});
    if (inARow < m_config.checkpoint.maxNonFiniteInARow)
        return {};
    return std::to_string(inARow) + " updates in a row had a non-finite loss or gradient (learning rate too high? "
           "broken data?); stopped at step " + std::to_string(m_step) + ", the last good checkpoint is kept";
}

bool RunSession::offerMetric(const std::string &name, double value, bool higherIsBetter)
{
    const bool better = !std::isnan(value) &&
                        (std::isnan(m_bestMetric) || (higherIsBetter ? value > m_bestMetric : value < m_bestMetric));
    if (better) {
        m_bestMetric = value;
        m_bestName = name;
        m_bestStep = m_step;
    }
    return better;
}

void RunSession::commitCheckpoint(const fs::path &tmp)
{
    const std::string name = stepName(m_step);
    runfolder::commitCheckpoint(m_dir, tmp, name, m_bestStep == m_step, m_bestMetric, m_bestName,
                                {m_config.checkpoint.keepLast, m_config.checkpoint.keepBest});
    m_out->sync();
    m_out->record({{"type", "event"}, {"event", "checkpoint"}, {"step", m_step}, {"time", now()}, {"message", name}});
}

RunResult RunSession::finish(RunResult result, std::vector<double> stepTimes, std::int64_t firstStep,
                             const std::string &failure, const std::function<void(const std::string &reason)> &save)
{
    const double seconds = now();
    if (stepTimes.size() > 1)
        stepTimes.erase(stepTimes.begin()); // the first update pays for warm-up
    std::sort(stepTimes.begin(), stepTimes.end());
    result.medianStepSeconds = stepTimes.empty() ? 0 : stepTimes[stepTimes.size() / 2];
    result.step = m_step;
    if (!failure.empty()) {
        result.outcome = RunOutcome::Failed;
        result.message = failure;
        m_out->log("failed: " + failure);
        m_out->record({{"type", "event"}, {"event", "failed"}, {"step", m_step}, {"time", seconds}, {"message", failure}});
        writeStatus("failed", failure);
        return result;
    }
    const bool finished = m_step >= m_config.maxSteps;
    if (m_main && m_options.writeCheckpoints && m_step > firstStep) {
        const fs::path latest = latestCheckpoint(m_dir);
        if (latest.empty() || latest.filename().string() != stepName(m_step))
            save(finished ? "finished" : "stopped");
    }
    result.outcome = finished ? RunOutcome::Finished : RunOutcome::Stopped;
    const std::string message = finished ? "finished after " + std::to_string(m_step) + " updates"
                                         : "stopped at step " + std::to_string(m_step) + " (resume with --resume)";
    m_out->log(message);
    m_out->record({{"type", "event"}, {"event", finished ? "finished" : "stopped"}, {"step", m_step}, {"time", seconds},
                   {"message", message}});
    writeStatus(finished ? "finished" : "stopped", "");
    return result;
}

} // namespace fieldbench::runfolder
