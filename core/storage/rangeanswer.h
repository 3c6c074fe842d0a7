#pragma once
// An answer of stored history: points of min/avg/max per series, and its two forms on the wire,
// the history_range message (REST and both streams) and CSV. Pure.

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace ziggie::storage {

// In hundredths, as stored: what the wire prints with two decimals.
struct SeriesStats
{
    qint64 min = 0;
    qint64 avg = 0;
    qint64 max = 0;
    bool operator==(const SeriesStats &) const = default;
};

struct RangePoint
{
    qint64 startMs = 0;
    qint64 n = 0; // samples in it
    std::vector<std::optional<SeriesStats>> values; // by index into RangeAnswer::series
};

struct RangeAnswer
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    QList<QByteArray> series; // "cpu.usage", … in the order of a system_stats message
    std::vector<RangePoint> points;
};

// {"type":"history_range","from":…,"to":…,"step_s":…,"points":[{"timestamp":…,"n":…,
//  "cpu":{"usage":{"min":…,"avg":…,"max":…}},…},…]}
QByteArray historyRangeMessage(const RangeAnswer &answer);
// timestamp,n,cpu.usage.min,cpu.usage.avg,cpu.usage.max,… then a row per point.
QByteArray historyRangeCsv(const RangeAnswer &answer);

} // namespace ziggie::storage
