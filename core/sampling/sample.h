#pragma once
// One reading of the machine, taken once per tick by StatsSampler and shared by value
// with the history, the server and the desktop UI.

#include <QList>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

#include <memory>

namespace ziggie {

// One process in a tick's top lists: CPU in percent of ONE CPU over the interval, like top.
struct ProcessShare
{
    QString name;
    double cpuPercent = 0.0;
    quint64 residentBytes = 0;
    quint32 pid = 0;
};

struct ProcessTable
{
    quint32 count = 0;               // processes on the machine
    QList<ProcessShare> topCpu;      // highest first
    QList<ProcessShare> topMemory;   // highest first
};

struct Sample
{
    qint64 timestampUs = 0;  // UTC, microseconds since the Unix epoch
    double cpuPercent = 0.0; // busy share of all CPUs since the previous tick

    quint64 memoryTotal = 0;     // bytes
    quint64 memoryUsed = 0;      // bytes, psutil's "used"
    quint64 memoryAvailable = 0; // bytes
    double memoryPercent = 0.0;  // (total - available) / total

    quint64 diskTotal = 0; // bytes
    quint64 diskUsed = 0;  // bytes
    quint64 diskFree = 0;  // bytes available to an unprivileged user
    double diskPercent = 0.0;

    // Empty when every source answered; otherwise why some values are stale.
    QString fault;

    // Which processes used the machine; null when processes are not sampled. Shared by every
    // copy of the sample, never copied.
    std::shared_ptr<const ProcessTable> processes;
};

} // namespace ziggie

Q_DECLARE_METATYPE(ziggie::Sample)
