#pragma once
// Parsing of what a WebSocket client may send (ping, subscribe, history); pure, so it is unit-tested
// and fuzzed. Anything else becomes an Invalid message the server answers with an error.

#include "extra.h"
#include "metricset.h"
#include "rangerequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace ziggie {

struct ClientMessage
{
    enum Kind { Ping, Subscribe, History, Invalid };
    Kind kind = Invalid;
    MetricSet metrics;       // for Subscribe: never empty
    ExtraSet extras;         // for Subscribe: what the frames carry beyond the metrics
    RangeRequest range;      // for History: {"type":"history","range":"1h","end":…,"points":…}
    QByteArray id;           // echoed in the answer when the client sent one (History, and its errors)
    const char *code = "";   // error code, for Invalid: bad_request, unknown_type, unknown_metric
    QString problem;         // human-readable reason, for Invalid
};

constexpr qsizetype MaxClientMessageBytes = 4 * 1024;

ClientMessage parseClientMessage(QByteArrayView text);

} // namespace ziggie
