#include "tierplan.h"

namespace ziggie::storage {

namespace {
qint64 ceilDiv(qint64 a, qint64 b)
{
    return (a + b - 1) / b;
}
} // namespace

TierPlan planRange(qint64 fromMs, qint64 toMs, int points, qint64 rawStepMs,
                   const std::array<std::optional<qint64>, 3> &oldest)
{
    rawStepMs = qMax<qint64>(rawStepMs, 1);
    const qint64 needed = ceilDiv(qMax<qint64>(toMs - fromMs, 1), qMax(points, 1));
    const std::array<qint64, 3> steps{rawStepMs, MinuteMs, HourMs};

    // The answer has points of `needed` ms at best, so any tier with a step up to that gives the
    // same points; the coarsest of them reads the fewest rows. It must reach back to the start of
    // the range; failing that, the one reaching furthest (a young record: the coarser wins a tie
    // within its step), or a coarser tier still, when the range is older than the fine ones keep.
    int fine = 0;
    while (fine < 2 && steps[fine + 1] <= needed)
        ++fine;
    const auto covers = [&](int t) { return oldest[t] && *oldest[t] <= fromMs + steps[t]; };
    int chosen = -1;
    for (int t = fine; t >= 0 && chosen < 0; --t)
        if (covers(t))
            chosen = t;
    for (int t = 0; t <= fine && chosen < 0; ++t) {
        if (!oldest[t])
            continue;
        int best = t;
        for (int u = t + 1; u <= fine; ++u)
            if (oldest[u] && *oldest[u] <= *oldest[best] + steps[u])
                best = u;
        chosen = best;
    }
    for (int t = fine + 1; t < 3 && (chosen < 0 || !covers(chosen)); ++t)
        if (oldest[t] && (chosen < 0 || *oldest[t] < *oldest[chosen] - steps[t]))
            chosen = t;
    if (chosen < 0)
        chosen = 0;

    TierPlan plan;
    plan.tier = Tier(chosen);
    const qint64 tierStep = steps[chosen];
    if (plan.tier == Tier::Raw && needed * 2 < tierStep * 3) {
        // Samples come about one per step, with jitter: bucketing them at exactly that step would
        // leave false gaps, so each is a point of its own.
        plan.stepMs = tierStep;
        plan.eachSample = true;
        return plan;
    }
    plan.stepMs = qMax(ceilDiv(needed, tierStep) * tierStep, plan.tier == Tier::Raw ? 2 * tierStep : tierStep);
    return plan;
}

} // namespace ziggie::storage
