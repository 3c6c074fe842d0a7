#pragma once
// Prometheus text exposition (format 0.0.4) of the latest sample and the server's counters.

#include "sample.h"
#include "sysreader.h"

#include <QByteArray>
#include <QMap>

#include <optional>

namespace ziggie {

struct ServerCounters
{
    quint64 messagesSent = 0;      // stats/history frames queued to clients
    quint64 messagesDropped = 0;   // ticks skipped for clients over their unsent-bytes cap
    quint64 slowClientsDropped = 0;
    quint64 connectionsPublic = 0; // accepted WebSocket connections, since start
    quint64 connectionsAuthenticated = 0;
    QMap<int, quint64> refusedByStatus; // HTTP refusals before any handshake (400, 401, 404, ...)
    quint64 httpResponses = 0;
};

struct MetricsInput
{
    std::optional<Sample> sample;
    ServerCounters counters;
    int publicClients = 0;
    int authenticatedClients = 0;
    int intervalMs = 0;
    qint64 startTimeSecs = 0; // process start, Unix seconds
    std::optional<sys::OwnProcess> own; // this process, for the standard process_* metrics
};

// Every status a request can be refused with; each is exported from the start, at 0 until used.
inline constexpr int RefusalStatuses[] = {400, 401, 403, 404, 405, 408, 426, 429, 431, 503};

QByteArray renderMetrics(const MetricsInput &in);

} // namespace ziggie
