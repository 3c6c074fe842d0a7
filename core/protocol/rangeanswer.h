#pragma once
// An answer of stored history: points of min/avg/max per series, and its two forms on the wire,
// the history_range message (REST and both streams) and CSV. Pure.

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace ziggie {

// In hundredths, as stored: what the wire prints with two decimals.
struct SeriesStats
{
    qint64 min = 0;
    qint64 avg = 0;
    qint64 max = 0;
    bool operator==(const SeriesStats &) const = default;
};

struct ProcessCpu
{
    QByteArray name;       // UTF-8
    qint64 cpu = 0;        // average percent of one CPU over the point, in hundredths
};

struct RangePoint
{
    qint64 startMs = 0;
    qint64 n = 0; // samples in it
    std::vector<std::optional<SeriesStats>> values; // by index into RangeAnswer::series
    std::vector<ProcessCpu> topCpu; // highest first, when the answer has processes
};

struct RangeAnswer
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 0;
    QList<QByteArray> series; // "cpu.usage", … in the order of a system_stats message
    std::vector<RangePoint> points;
    bool withProcesses = false; // points carry "top_cpu"
};

// {"type":"history_range","from":…,"to":…,"step_s":…,"points":[{"timestamp":…,"n":…,
//  "cpu":{"usage":{"min":…,"avg":…,"max":…}},…[,"top_cpu":[{"name":…,"cpu":…},…]]},…]}
QByteArray historyRangeMessage(const RangeAnswer &answer);
// timestamp,n,cpu.usage.min,cpu.usage.avg,cpu.usage.max,…[,top_cpu] then a row per point;
// top_cpu as "name cpu; name cpu".
QByteArray historyRangeCsv(const RangeAnswer &answer);

} // namespace ziggie
