#include "statssampler.h"

#include "processreader.h"
#include "processscanner.h"
#include "samplinglog.h"

#include <chrono>

namespace ziggie {

StatsSampler::StatsSampler(std::unique_ptr<SystemSource> source, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_diskPath(sys::systemDiskPath())
    , m_processReader(processes::systemProcessReader())
    , m_scanner(std::make_unique<processes::ProcessScanner>())
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &StatsSampler::sampleNow);
    // The first tick measures CPU from here, so it covers a whole interval too.
    std::string ignored;
    m_lastCpu = m_source->cpuTimes(ignored);
}

StatsSampler::~StatsSampler() = default;

void StatsSampler::setProcessReader(std::unique_ptr<processes::ProcessReader> reader)
{
    m_processReader = std::move(reader);
    m_scanner->reset();
    m_lastTable.reset();
}

namespace {
QList<ProcessShare> sharesOf(const std::vector<processes::ProcessUsage> &list)
{
    QList<ProcessShare> out;
    out.reserve(qsizetype(list.size()));
    for (const processes::ProcessUsage &p : list)
        out.append({QString::fromStdString(p.name), p.cpuPercent, p.residentBytes, p.pid});
    return out;
}
} // namespace

// One pass over the process table: the top 10 by CPU and by memory, shared by every copy of
// the sample. Cheap: the scanner keeps one small entry per live process between ticks.
std::shared_ptr<const ProcessTable> StatsSampler::scanProcesses(QStringList &faults)
{
    if (!m_processReader)
        return nullptr;
    using namespace std::chrono;
    const auto now = steady_clock::now();
    const auto wait = std::min<steady_clock::duration>(duration_cast<steady_clock::duration>(m_scanCost / ProcessScanShare),
                                                       seconds(MaxProcessScanWaitS));
    if (m_lastTable && now - m_lastScan < wait)
        return m_lastTable; // the last pass still stands; its CPU figures cover the longer interval
    std::string error;
    const auto snapshot = m_scanner->scan(*m_processReader, now, 10, error);
    m_scanCost = steady_clock::now() - now;
    m_lastScan = now;
    if (snapshot && snapshot->intervalSeconds == 0.0)
        m_scanCost = {}; // a first pass reads every name: no measure of the passes to come
    if (!snapshot) {
        faults << QStringLiteral("processes: ") + QString::fromStdString(error);
        m_lastTable.reset();
        return nullptr;
    }
    auto table = std::make_shared<ProcessTable>();
    table->count = snapshot->count;
    table->topCpu = sharesOf(snapshot->topCpu);
    table->topMemory = sharesOf(snapshot->topMemory);
    m_lastTable = table;
    return table;
}

qint64 StatsSampler::systemClockUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

void StatsSampler::setIntervalMs(int ms)
{
    m_timer.setInterval(ms);
}

void StatsSampler::setDiskPath(const QString &path)
{
    m_diskPath = path.isEmpty() ? sys::systemDiskPath() : path.toStdString();
}

QString StatsSampler::diskPath() const
{
    return QString::fromStdString(m_diskPath);
}

void StatsSampler::start()
{
    m_timer.start();
}

void StatsSampler::stop()
{
    m_timer.stop();
}

Sample StatsSampler::sampleNow()
{
    Sample s = m_last;
    s.timestampUs = m_clock();
    QStringList faults;
    std::string error;

    if (auto cpu = m_source->cpuTimes(error)) {
        // Counters that went backwards (CPU hot-plug) keep the previous value and restart the
        // baseline. The very first sample, with no interval behind it yet, shows the average
        // since boot rather than a false 0.
        const auto share = m_lastCpu ? sys::cpuPercent(*m_lastCpu, *cpu) : std::nullopt;
        if (share)
            s.cpuPercent = *share;
        else if (!m_sampledCpu)
            s.cpuPercent = sys::cpuPercent({0, 0}, *cpu).value_or(0.0);
        m_sampledCpu = m_sampledCpu || share.has_value();
        m_lastCpu = cpu;
    } else {
        faults << QString::fromStdString(error);
    }

    if (auto mem = m_source->memory(error)) {
        s.memoryTotal = mem->total;
        s.memoryUsed = mem->used;
        s.memoryAvailable = mem->available;
        s.memoryPercent = sys::memoryPercent(*mem);
    } else {
        faults << QString::fromStdString(error);
    }

    if (auto disk = m_source->disk(m_diskPath, error)) {
        s.diskTotal = disk->total;
        s.diskUsed = disk->used;
        s.diskFree = disk->availableToUser;
        s.diskPercent = sys::diskPercent(*disk);
    } else {
        faults << QString::fromStdString(error);
    }

    s.processes = scanProcesses(faults);
    s.fault = faults.join(QStringLiteral("; "));
    if (s.fault != m_last.fault) {
        if (s.fault.isEmpty())
            qCInfo(lcSampler) << "all sources answer again";
        else
            qCWarning(lcSampler).noquote() << "sampling degraded:" << s.fault;
    }
    m_last = s;
    emit sampled(s);
    return s;
}

} // namespace ziggie
