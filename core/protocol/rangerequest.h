#pragma once
// A request for stored history: how far back (`range`), until when (`end`, default now) and at
// most how many points. Parsed from the query string of /api/system/history(.csv) or from a
// {"type":"history",…} message, with a message for the 400 / error answer when it is not one.

#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace ziggie {

struct RangeRequest
{
    static constexpr int DefaultPoints = 600;
    static constexpr int MaxPoints = 2000;
    static constexpr qint64 MaxRangeMs = 10LL * 366 * 24 * 3600 * 1000; // ten years

    qint64 rangeMs = 0;
    std::optional<qint64> endMs; // UTC milliseconds; none = now
    int points = DefaultPoints;
    // Each point names the processes with the most CPU time in it: only for requests with a
    // valid token, or where the owner made process names public.
    bool withProcesses = false;

    bool operator==(const RangeRequest &) const = default;
};

// "90" (seconds), "15m", "1h", "24h", "7d", "30d", "365d"; also "1.5h". Nothing when malformed,
// zero, negative or beyond ten years.
std::optional<qint64> parseRangeMs(QByteArrayView text);
// ISO 8601 in UTC: 2025-11-10T12:30:45Z, with optional fraction; also +00:00.
std::optional<qint64> parseUtcMs(QByteArrayView text);

// range is required; end and points optional. `error` says which value is wrong and why.
std::optional<RangeRequest> parseRangeRequest(QByteArrayView range, QByteArrayView end, QByteArrayView points,
                                              QString *error);

} // namespace ziggie
