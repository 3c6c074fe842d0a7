#include "machinereader.h"

#include "machinerates.h"

namespace ziggie::machine {

namespace {

double secondsBetween(std::chrono::nanoseconds from, std::chrono::nanoseconds to)
{
    return std::chrono::duration<double>(to - from).count();
}

} // namespace

MachineReader::MachineReader(std::unique_ptr<MachineSource> source)
    : m_source(std::move(source))
{
}

void MachineReader::setInterfaces(std::vector<std::string> names)
{
    m_interfaces = std::move(names);
}

MachineExtras MachineReader::read(std::chrono::nanoseconds now)
{
    MachineCounters c = m_source->read();
    MachineExtras x;
    x.intervalSeconds = m_lastAt && now > *m_lastAt ? secondsBetween(*m_lastAt, now) : 0.0;
    m_lastAt = now;

    if (!c.cores.empty()) {
        x.cores = coreBusy(m_cores, c.cores);
        m_cores = c.cores;
    }
    x.load = c.load;
    if (c.swap)
        x.swap = swapUsage(*c.swap);

    if (c.interfaces) {
        if (m_net) {
            x.network = netRates(m_net->counters, *c.interfaces, secondsBetween(m_net->at, now), m_interfaces);
            if (x.network) {
                // The interval's bytes become part of the running totals (see NetRates).
                m_rxTotal += x.network->rxBytesTotal;
                m_txTotal += x.network->txBytesTotal;
                x.network->rxBytesTotal = m_rxTotal;
                x.network->txBytesTotal = m_txTotal;
            }
        }
        m_net = Baseline<std::vector<InterfaceCounters>>{*c.interfaces, now};
    }
    if (c.disks) {
        if (m_disks) {
            x.diskIo = diskIoRates(m_disks->counters, *c.disks, secondsBetween(m_disks->at, now));
            if (x.diskIo) {
                m_readTotal += x.diskIo->readBytesTotal;
                m_writtenTotal += x.diskIo->writtenBytesTotal;
                x.diskIo->readBytesTotal = m_readTotal;
                x.diskIo->writtenBytesTotal = m_writtenTotal;
            }
        }
        m_disks = Baseline<std::vector<DiskCounters>>{*c.disks, now};
    }

    x.temperatures = c.temperatures;
    x.battery = c.battery;
    x.faults = c.faults;
    m_last = std::move(c);
    return x;
}

} // namespace ziggie::machine
