#include "httpapi.h"

#include "history.h"
#include "statsmessage.h"

#include <QCryptographicHash>
#include <QFile>

namespace ziggie {

namespace {

QByteArray mimeType(QByteArrayView path)
{
    if (path.endsWith(".html"))
        return "text/html; charset=utf-8";
    if (path.endsWith(".js") || path.endsWith(".mjs"))
        return "text/javascript; charset=utf-8";
    if (path.endsWith(".css"))
        return "text/css; charset=utf-8";
    if (path.endsWith(".svg"))
        return "image/svg+xml";
    if (path.endsWith(".png"))
        return "image/png";
    if (path.endsWith(".ico"))
        return "image/x-icon";
    if (path.endsWith(".json") || path.endsWith(".webmanifest"))
        return "application/json";
    return "application/octet-stream";
}

QByteArray healthJson(const ApiState &s)
{
    const auto latest = s.history->latest();
    const bool degraded = latest && !latest->fault.isEmpty();
    QByteArray out = R"({"status":")";
    out += degraded ? "degraded" : "ok";
    out += R"(","version":")" ZIGGIE_VERSION R"(","uptime_s":)";
    out += QByteArray::number(s.uptimeSecs);
    out += R"(,"interval_s":)";
    out += message::formatInterval(s.intervalMs);
    out += R"(,"clients":{"public":)";
    out += QByteArray::number(s.publicClients);
    out += R"(,"authenticated":)";
    out += QByteArray::number(s.authenticatedClients);
    out += '}';
    if (degraded) {
        out += R"(,"reason":)";
        out += message::jsonString(latest->fault);
    }
    out += '}';
    return out;
}

} // namespace

std::optional<HttpResponse> staticFile(QByteArrayView path, QByteArrayView ifNoneMatch)
{
    if (path == "/")
        path = "/index.html";
    if (path.contains("..") || path.contains("//") || path.contains('\\'))
        return std::nullopt;
    QFile file(QStringLiteral(":/web") + QString::fromUtf8(path));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    HttpResponse r;
    r.body = file.readAll();
    r.contentType = mimeType(path);
    const QByteArray etag =
        '"' + QCryptographicHash::hash(r.body, QCryptographicHash::Sha1).toHex().left(16) + '"';
    r.withHeader("Cache-Control", "no-cache").withHeader("ETag", etag);
    if (ifNoneMatch == etag) {
        r.status = 304;
        r.body.clear();
        r.contentType.clear();
    }
    return r;
}

HttpResponse answerHttp(const HttpRequest &request, const ApiState &s)
{
    const QByteArray &path = request.path;
    if (path == "/health")
        return HttpResponse::json(200, healthJson(s));
    if (path == "/api/system/stats") {
        const auto latest = s.history->latest();
        if (!latest)
            return HttpResponse::problem(503, QStringLiteral("no sample taken yet"));
        return HttpResponse::json(200, message::systemStats(*latest));
    }
    if (path == "/api/system/history")
        return HttpResponse::json(200, message::history(s.history->samples(), s.intervalMs));
    if (path == "/metrics") {
        MetricsInput in;
        in.sample = s.history->latest();
        in.counters = *s.counters;
        in.publicClients = s.publicClients;
        in.authenticatedClients = s.authenticatedClients;
        in.intervalMs = s.intervalMs;
        in.startTimeSecs = s.startTimeSecs;
        HttpResponse r = HttpResponse::json(200, renderMetrics(in));
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        return r;
    }
    if (path == "/ws" || path == "/api/system/ws") {
        HttpResponse r = HttpResponse::problem(426, QStringLiteral("this is a WebSocket endpoint"));
        return r.withHeader("Upgrade", "websocket");
    }
    if (auto file = staticFile(path, request.header("if-none-match")))
        return *file;
    return HttpResponse::problem(404, QStringLiteral("no such resource"));
}

} // namespace ziggie
