#include "fieldbench/train/schedule.h"

#include <algorithm>
#include <cmath>

namespace fieldbench {

double learningRateAt(const TrainOptimConfig &o, std::int64_t step, std::int64_t maxSteps)
{
    const double peak = o.learningRate;
    const double s = double(step), total = double(std::max<std::int64_t>(maxSteps, 1));
    if (o.schedule == "tristage") {
        const double warm = std::floor(o.tristageWarmup * total), hold = std::floor(o.tristageHold * total),
                     decay = std::floor(o.tristageDecay * total);
        const double initial = 0.01 * peak, final = o.finalLrScale * peak;
        if (s < warm)
            return initial + (peak - initial) * s / warm;
        if (s < warm + hold)
            return peak;
        if (s < warm + hold + decay) {
            const double factor = -std::log(std::max(o.finalLrScale, 1e-12)) / decay;
            return peak * std::exp(-factor * (s - warm - hold));
        }
        return final;
    }
    const double warm = double(o.warmupSteps);
    if (s < warm)
        return peak * s / std::max(1.0, warm);
    if (o.schedule == "constant")
        return peak;
    const double progress = std::clamp((s - warm) / std::max(1.0, total - warm), 0.0, 1.0);
    if (o.schedule == "cosine") {
        const double floor = o.finalLrScale * peak;
        return floor + (peak - floor) * 0.5 * (1.0 + std::cos(M_PI * progress));
    }
    return peak * (1.0 - progress); // linear
}

double gumbelTemperatureAt(const TrainPretrainConfig &p, std::int64_t step)
{
    return std::max(p.gumbelMin, p.gumbelMax * std::pow(p.gumbelDecay, double(step)));
}

} // namespace fieldbench
