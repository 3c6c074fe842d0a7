#pragma once
// Takes one Sample per tick for the whole process. CPU usage is the busy share over the
// whole interval since the previous tick, from cumulative counters: nothing blocks and
// nothing is sampled per client. A failing source never stops the timer: its last good
// values are kept and Sample::fault says why (surfaced by /health).

#include "sample.h"
#include "systemsource.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace ziggie::processes {
class ProcessReader;
class ProcessScanner;
}

namespace ziggie {

class StatsSampler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsSampler)

public:
    using Clock = std::function<qint64()>; // UTC microseconds since the epoch

    explicit StatsSampler(std::unique_ptr<SystemSource> source = std::make_unique<OsSystemSource>(),
                          QObject *parent = nullptr);
    ~StatsSampler() override;

    // Where each tick's process table comes from (this machine's by default); none: samples
    // carry no processes.
    void setProcessReader(std::unique_ptr<processes::ProcessReader> reader);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setIntervalMs(int ms);
    int intervalMs() const { return m_timer.interval(); }
    void setDiskPath(const QString &path); // empty = the system disk
    QString diskPath() const;

    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // Reads the counters now and emits sampled(); the timer calls this once per tick.
    Sample sampleNow();

    static qint64 systemClockUs();

signals:
    void sampled(const ziggie::Sample &sample);

private:
    std::unique_ptr<SystemSource> m_source;
    Clock m_clock = &StatsSampler::systemClockUs;
    QTimer m_timer;
    std::string m_diskPath;
    std::optional<sys::CpuTimes> m_lastCpu;
    bool m_sampledCpu = false; // a real interval has been measured
    Sample m_last; // last good values, kept when a source fails
    std::unique_ptr<processes::ProcessReader> m_processReader;
    std::unique_ptr<processes::ProcessScanner> m_scanner;
    // A large process table costs milliseconds a pass, nearly all of it the kernel writing
    // /proc/[pid]/stat: the table is then read less often than every tick, so that reading it
    // takes at most ProcessScanShare of one core. Between passes a tick carries the last table.
    static constexpr double ProcessScanShare = 0.0005;
    static constexpr int MaxProcessScanWaitS = 10;
    std::shared_ptr<const ProcessTable> m_lastTable;
    std::chrono::steady_clock::time_point m_lastScan{};
    std::chrono::steady_clock::duration m_scanCost{};

    std::shared_ptr<const ProcessTable> scanProcesses(QStringList &faults);
};

} // namespace ziggie
