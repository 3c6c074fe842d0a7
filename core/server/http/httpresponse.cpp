#include "httpresponse.h"

#include "statsmessage.h"

namespace ziggie {

HttpResponse &HttpResponse::withHeader(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &h : headers)
        if (name.compare(h.first, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

HttpResponse &HttpResponse::addVary(QByteArrayView token)
{
    for (auto &h : headers) {
        if (QByteArrayView("Vary").compare(h.first, Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &present : h.second.split(','))
            if (token.compare(present.trimmed(), Qt::CaseInsensitive) == 0)
                return *this;
        h.second += ", " + token.toByteArray();
        return *this;
    }
    return withHeader("Vary", token.toByteArray());
}

QByteArray HttpResponse::serialize(bool headOnly) const
{
    QByteArray out;
    out.reserve(256 + (headOnly ? 0 : body.size()));
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Server: ziggie/" ZIGGIE_VERSION "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    if (status != 204 && status != 304) // RFC 9110 §8.6: neither has content to measure
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "X-Content-Type-Options: nosniff\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!headOnly)
        out += body;
    return out;
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.withHeader("Cache-Control", "no-store");
    return r;
}

HttpResponse HttpResponse::noContent()
{
    HttpResponse r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

HttpResponse HttpResponse::problem(int status, const QString &message)
{
    HttpResponse r = json(status, R"({"error":)" + QByteArray::number(status) + R"(,"message":)"
                                      + message::jsonString(message) + '}');
    r.keepAlive = false;
    return r;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace ziggie
