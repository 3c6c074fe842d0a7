#pragma once
// Answers for the plain HTTP requests (dashboard files, /health, REST, /metrics). Pure:
// given a parsed request and a snapshot of the server's state, it returns the response.

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "metrics.h"

namespace ziggie {

class History;

struct ApiState
{
    const History *history = nullptr;
    int intervalMs = 0;
    int publicClients = 0;
    int authenticatedClients = 0;
    qint64 uptimeSecs = 0;
    qint64 startTimeSecs = 0;
    const ServerCounters *counters = nullptr;
    QString historyFault; // why durable history is not recorded now; empty when it is (or is off)
};

HttpResponse answerHttp(const HttpRequest &request, const ApiState &state);

// Dashboard files embedded under :/web, with the page's security headers (its CSP names the
// WebSocket origin after `host`, the request's Host header); nothing for a path outside it.
// Text files come in brotli or gzip when accepted (brotli first), compressed once per run, each
// with an ETag of its own ("…-br", "…-gz") and `Vary: Accept-Encoding` either way; If-None-Match
// is matched per encoding.
struct Encodings
{
    bool gzip = false;
    bool brotli = false;
};
std::optional<HttpResponse> staticFile(QByteArrayView path, QByteArrayView ifNoneMatch, QByteArrayView host = {},
                                       Encodings accepted = {});

} // namespace ziggie
