#pragma once
// Parsing of what a WebSocket client may send (ping, subscribe); pure, so it is unit-tested
// and fuzzed. Anything else becomes an Invalid message the server answers with an error.

#include "metricset.h"

#include <QByteArrayView>
#include <QString>

namespace ziggie {

struct ClientMessage
{
    enum Kind { Ping, Subscribe, Invalid };
    Kind kind = Invalid;
    MetricSet metrics;       // for Subscribe: never empty
    const char *code = "";   // error code, for Invalid: bad_request, unknown_type, unknown_metric
    QString problem;         // human-readable reason, for Invalid
};

constexpr qsizetype MaxClientMessageBytes = 4 * 1024;

ClientMessage parseClientMessage(QByteArrayView text);

} // namespace ziggie
