#include "httpapi.h"

#include "history.h"
#include "http/compression.h"
#include "http/leantext.h"
#include "processesmessage.h"
#include "statsmessage.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QHash>

#include <algorithm>

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
    QStringList faults;
    if (latest && !latest->fault.isEmpty())
        faults << latest->fault;
    if (!s.historyFault.isEmpty())
        faults << s.historyFault;
    const bool degraded = !faults.isEmpty();
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
        out += message::jsonString(faults.join(QStringLiteral("; ")));
    }
    out += '}';
    return out;
}

} // namespace

namespace {

struct EmbeddedFile
{
    QByteArray body;
    QByteArray contentType;
    QByteArray etag;
    QByteArray gzipped;     // empty when the file is not text, or gzip would not make it smaller
    QByteArray gzippedEtag; // the same tag with "-gz": each representation has its own (RFC 9110 §8.8.3)
    QByteArray brotli;      // the same for brotli, "-br"
    QByteArray brotliEtag;
};

// Whether If-None-Match names `etag`: "*", or one tag of its list, weak or strong (§13.1.2).
bool matches(QByteArrayView ifNoneMatch, QByteArrayView etag)
{
    for (QByteArray tag : ifNoneMatch.toByteArray().split(',')) {
        tag = tag.trimmed();
        if (tag.startsWith("W/"))
            tag.remove(0, 2);
        if (tag == "*" || tag == etag)
            return true;
    }
    return false;
}

// Every file under :/web, read, hashed and compressed once (at the first request, at the best
// ratio: the cost is paid once per run): a request costs a lookup.
const QHash<QByteArray, EmbeddedFile> &embeddedFiles()
{
    static const QHash<QByteArray, EmbeddedFile> files = [] {
        QHash<QByteArray, EmbeddedFile> all;
        const QString root = QStringLiteral(":/web");
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString name = it.next();
            QFile file(name);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray path = name.mid(root.size()).toUtf8(); // "/index.html"
            EmbeddedFile f;
            f.body = file.readAll();
            f.contentType = mimeType(path);
            if (path.endsWith(".js") || path.endsWith(".css"))
                f.body = withoutCommentLines(f.body);
            const QByteArray hash = QCryptographicHash::hash(f.body, QCryptographicHash::Sha1).toHex().left(16);
            f.etag = '"' + hash + '"';
            if (compression::isCompressible(f.contentType)) {
                f.gzipped = compression::gzip(f.body, 9);
                if (f.gzipped.size() < f.body.size())
                    f.gzippedEtag = '"' + hash + "-gz\"";
                else
                    f.gzipped.clear();
                f.brotli = compression::brotli(f.body);
                if (!f.brotli.isEmpty() && f.brotli.size() < f.gzipped.size())
                    f.brotliEtag = '"' + hash + "-br\"";
                else
                    f.brotli.clear();
            }
            all.insert(path, f);
        }
        return all;
    }();
    return files;
}

} // namespace

std::optional<HttpResponse> staticFile(QByteArrayView path, QByteArrayView ifNoneMatch, QByteArrayView host,
                                       Encodings accepted)
{
    // Exact paths only: "/./", "/x/" or "/index.html/" name nothing.
    const auto &files = embeddedFiles();
    const auto it = files.constFind(path == "/" ? QByteArrayView("/index.html").toByteArray() : path.toByteArray());
    if (it == files.cend())
        return std::nullopt;
    // The dashboard needs nothing inline and nothing from elsewhere, and no other site may frame
    // it. 'self' does not cover ws: and wss: in every browser, so the socket's origin is named
    // after the Host the page was asked for (the gate has checked it against DNS rebinding; the
    // character test keeps a stray one from adding directives). Both schemes, so no TLS state is
    // needed: the page opens the one that matches its own, and the other reaches the same host.
    QByteArray connect = "'self'";
    const bool plainHost = !host.isEmpty() && std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
            || c == ':' || c == '[' || c == ']';
    });
    if (plainHost)
        connect += " ws://" + host.toByteArray() + " wss://" + host.toByteArray();
    const bool brotli = accepted.brotli && !it->brotli.isEmpty();
    const bool gzipped = !brotli && accepted.gzip && !it->gzipped.isEmpty();
    const QByteArray &etag = brotli ? it->brotliEtag : gzipped ? it->gzippedEtag : it->etag;
    HttpResponse r;
    r.withHeader("Cache-Control", "no-cache").withHeader("ETag", etag);
    if (!it->gzipped.isEmpty())
        r.addVary("Accept-Encoding");
    r.withHeader("Content-Security-Policy", "default-src 'self'; connect-src " + connect
                     + "; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'");
    r.withHeader("Referrer-Policy", "no-referrer").withHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (matches(ifNoneMatch, etag)) {
        r.status = 304;
        r.contentType.clear();
        return r;
    }
    r.body = brotli ? it->brotli : gzipped ? it->gzipped : it->body;
    r.contentType = it->contentType;
    if (brotli)
        r.withHeader("Content-Encoding", "br");
    else if (gzipped)
        r.withHeader("Content-Encoding", "gzip");
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
    if (path == "/api/system/processes") { // the gatekeeper asked for credentials
        const auto latest = s.history->latest();
        if (!latest || !latest->processes)
            return HttpResponse::problem(503, QStringLiteral("the process table could not be read"));
        return HttpResponse::json(200, message::processes(*latest));
    }
    if (path == "/metrics") {
        MetricsInput in;
        in.sample = s.history->latest();
        in.counters = *s.counters;
        in.publicClients = s.publicClients;
        in.authenticatedClients = s.authenticatedClients;
        in.intervalMs = s.intervalMs;
        in.startTimeSecs = s.startTimeSecs;
        std::string ignored;
        in.own = sys::readOwnProcess(ignored);
        HttpResponse r = HttpResponse::json(200, renderMetrics(in));
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        return r;
    }
    if (auto file = staticFile(path, request.header("if-none-match"), request.header("host"),
                               {compression::acceptsGzip(request.header("accept-encoding")),
                                compression::acceptsBrotli(request.header("accept-encoding"))}))
        return *file;
    return HttpResponse::problem(404, QStringLiteral("no such resource"));
}

} // namespace ziggie
