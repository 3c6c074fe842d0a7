#include "metrics.h"

namespace ziggie {

namespace {

class Writer
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    void value(const char *name, double v, const QByteArray &labels = {})
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ';
        m_out += QByteArray::number(v, 'g', 15);
        m_out += '\n';
    }
    void gauge(const char *name, const char *help, double v)
    {
        family(name, "gauge", help);
        value(name, v);
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

} // namespace

QByteArray renderMetrics(const MetricsInput &in)
{
    Writer w;
    w.family("ziggie_build_info", "gauge", "Version of the running program.");
    w.value("ziggie_build_info", 1, "version=\"" ZIGGIE_VERSION "\"");
    w.gauge("ziggie_process_start_time_seconds", "Start time of the process since the Unix epoch.",
            double(in.startTimeSecs));
    w.gauge("ziggie_sample_interval_seconds", "Seconds between samples.", in.intervalMs / 1000.0);

    if (const auto &s = in.sample) {
        w.gauge("ziggie_cpu_usage_percent", "Busy share of all CPUs over the last interval.", s->cpuPercent);
        w.gauge("ziggie_memory_usage_percent", "Memory in use: (total - available) / total.", s->memoryPercent);
        w.gauge("ziggie_memory_used_bytes", "Memory used: total - free - buffers - cached.", double(s->memoryUsed));
        w.gauge("ziggie_memory_available_bytes", "Memory available without swapping.", double(s->memoryAvailable));
        w.gauge("ziggie_memory_total_bytes", "Physical memory.", double(s->memoryTotal));
        w.gauge("ziggie_disk_usage_percent", "Disk used / (used + available to users).", s->diskPercent);
        w.gauge("ziggie_disk_used_bytes", "Disk space used.", double(s->diskUsed));
        w.gauge("ziggie_disk_free_bytes", "Disk space available to unprivileged users.", double(s->diskFree));
        w.gauge("ziggie_disk_total_bytes", "Disk size.", double(s->diskTotal));
        w.gauge("ziggie_sampler_degraded", "1 when a source could not be read at the last tick.",
                s->fault.isEmpty() ? 0 : 1);
    }

    w.family("ziggie_websocket_clients", "gauge", "Connected WebSocket clients by endpoint.");
    w.value("ziggie_websocket_clients", in.publicClients, "endpoint=\"public\"");
    w.value("ziggie_websocket_clients", in.authenticatedClients, "endpoint=\"authenticated\"");

    const ServerCounters &c = in.counters;
    w.family("ziggie_websocket_connections_total", "counter", "WebSocket connections accepted by endpoint.");
    w.value("ziggie_websocket_connections_total", double(c.connectionsPublic), "endpoint=\"public\"");
    w.value("ziggie_websocket_connections_total", double(c.connectionsAuthenticated), "endpoint=\"authenticated\"");
    w.family("ziggie_messages_sent_total", "counter", "Messages queued to WebSocket clients.");
    w.value("ziggie_messages_sent_total", double(c.messagesSent));
    w.family("ziggie_messages_dropped_total", "counter",
             "Ticks skipped for clients whose unsent bytes were over the cap.");
    w.value("ziggie_messages_dropped_total", double(c.messagesDropped));
    w.family("ziggie_slow_clients_disconnected_total", "counter",
             "Clients disconnected after staying over the unsent-bytes cap.");
    w.value("ziggie_slow_clients_disconnected_total", double(c.slowClientsDropped));
    w.family("ziggie_http_responses_total", "counter", "HTTP responses written by the server itself.");
    w.value("ziggie_http_responses_total", double(c.httpResponses));
    w.family("ziggie_requests_refused_total", "counter", "Requests refused before any handshake, by status.");
    QMap<int, quint64> refused = c.refusedByStatus;
    for (int status : RefusalStatuses)
        refused.insert(status, refused.value(status)); // known statuses at 0: panels show 0, not "No data"
    for (auto it = refused.cbegin(); it != refused.cend(); ++it)
        w.value("ziggie_requests_refused_total", double(it.value()), "status=\"" + QByteArray::number(it.key()) + '"');

    // The standard process metrics of Prometheus client libraries, describing this server.
    if (const auto &p = in.own) {
        w.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        w.value("process_cpu_seconds_total", p->cpuSeconds);
        w.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", double(p->residentBytes));
        w.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", double(p->virtualBytes));
        if (p->openFds >= 0)
            w.gauge("process_open_fds", "Number of open file descriptors.", double(p->openFds));
        if (p->maxFds >= 0)
            w.gauge("process_max_fds", "Maximum number of open file descriptors.", double(p->maxFds));
    }
    w.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            double(in.startTimeSecs));
    return w.take();
}

} // namespace ziggie
