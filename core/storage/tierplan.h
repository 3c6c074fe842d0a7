#pragma once
// Which stored tier answers a range, and in what steps: a tier whose step fits the points asked
// for and that still holds the start of the range, bucketed further to at most that many
// points. Pure arithmetic, so the choice is tested on its own.

#include <QtGlobal>

#include <array>
#include <optional>

namespace ziggie::storage {

enum class Tier { Raw = 0, Minute = 1, Hour = 2 };

inline constexpr qint64 MinuteMs = 60 * 1000;
inline constexpr qint64 HourMs = 3600 * 1000;

struct TierPlan
{
    Tier tier = Tier::Raw;
    qint64 stepMs = 0;        // width of one answered point
    bool eachSample = false;  // raw samples answered one by one, at their own times
};

// oldest[t]: the oldest timestamp tier t holds, none when empty.
TierPlan planRange(qint64 fromMs, qint64 toMs, int points, qint64 rawStepMs,
                   const std::array<std::optional<qint64>, 3> &oldest);

// The start of the answered point that holds `ms`.
inline qint64 bucketStart(qint64 ms, qint64 stepMs)
{
    const qint64 q = ms / stepMs;
    return (ms % stepMs < 0 ? q - 1 : q) * stepMs;
}

} // namespace ziggie::storage
