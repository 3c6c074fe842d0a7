#include "httprequest.h"

#include <QUrl>

namespace ziggie {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

bool isCleanValue(QByteArrayView s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

bool isCleanTarget(QByteArrayView s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
    }
    return true;
}

HeadParse malformed(const char *why)
{
    HeadParse p;
    p.status = HeadParse::Malformed;
    p.problem = why;
    return p;
}

// End of the head: index just past the blank line, or -1.
qsizetype headEnd(QByteArrayView bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '\n')
            continue;
        if (i + 1 < bytes.size() && bytes[i + 1] == '\n')
            return i + 2;
        if (i + 2 < bytes.size() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n')
            return i + 3;
    }
    return -1;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const
{
    for (const auto &h : headers)
        if (h.first == lowerCaseName)
            return h.second;
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView lowerCaseName) const
{
    for (const auto &h : headers)
        if (h.first == lowerCaseName)
            return true;
    return false;
}

QByteArray HttpRequest::queryValue(QByteArrayView name) const
{
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView key = QByteArrayView(pair).first(eq < 0 ? pair.size() : eq);
        if (key == name)
            return QByteArray::fromPercentEncoding(eq < 0 ? QByteArray() : pair.mid(eq + 1).replace('+', ' '));
    }
    return {};
}

bool HttpRequest::hasBody() const
{
    if (hasHeader("transfer-encoding"))
        return true;
    const QByteArray length = header("content-length");
    return !length.isEmpty() && length != "0";
}

bool HttpRequest::isWebSocketUpgrade() const
{
    return header("upgrade").toLower() == "websocket";
}

HeadParse parseRequestHead(QByteArrayView bytes)
{
    // Refuse at once what cannot become a request line (TLS hellos, binary noise), instead of
    // waiting for a blank line that will never come.
    const qsizetype firstLineEnd = bytes.indexOf('\n');
    for (char c : bytes.first(firstLineEnd < 0 ? bytes.size() : firstLineEnd)) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\r') || u >= 0x7f)
            return malformed("not an HTTP request");
    }

    const qsizetype end = headEnd(bytes.first(qMin(bytes.size(), MaxRequestHeadBytes)));
    if (end < 0) {
        HeadParse p;
        p.status = bytes.size() >= MaxRequestHeadBytes ? HeadParse::TooLarge : HeadParse::Incomplete;
        return p;
    }

    HeadParse p;
    p.status = HeadParse::Complete;
    p.headSize = end;
    HttpRequest &r = p.request;

    bool first = true;
    qsizetype pos = 0;
    while (pos < end) {
        qsizetype nl = bytes.indexOf('\n', pos);
        QByteArrayView line = bytes.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            if (first)
                return malformed("empty request line");
            break;
        }
        if (first) {
            first = false;
            const qsizetype sp1 = line.indexOf(' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
            if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0)
                return malformed("request line is not METHOD TARGET VERSION");
            r.method = line.first(sp1).toByteArray();
            r.target = line.sliced(sp1 + 1, sp2 - sp1 - 1).toByteArray();
            r.version = line.sliced(sp2 + 1).toByteArray();
            if (!isToken(r.method))
                return malformed("bad method");
            if (r.version != "HTTP/1.1" && r.version != "HTTP/1.0")
                return malformed("unsupported HTTP version");
            if (!r.target.startsWith('/') || !isCleanTarget(r.target))
                return malformed("bad request target");
            const qsizetype q = r.target.indexOf('?');
            r.path = q < 0 ? r.target : r.target.left(q);
            r.query = q < 0 ? QByteArray() : r.target.mid(q + 1);
            continue;
        }
        if (line.front() == ' ' || line.front() == '\t')
            return malformed("folded header line");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return malformed("bad header name");
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (!isCleanValue(value))
            return malformed("control character in header value");
        r.headers.append(qMakePair(line.first(colon).toByteArray().toLower(), value.toByteArray()));
    }
    if (r.version == "HTTP/1.1" && !r.hasHeader("host"))
        return malformed("HTTP/1.1 request without Host");
    // Two lengths or two hosts: a proxy in front may have read the other one (RFC 9112 §6.3, §3.2).
    int lengths = 0, hosts = 0;
    for (const auto &h : r.headers) {
        lengths += h.first == "content-length" ? 1 : 0;
        hosts += h.first == "host" ? 1 : 0;
    }
    if (lengths > 1)
        return malformed("repeated Content-Length");
    if (hosts > 1)
        return malformed("repeated Host");
    return p;
}

} // namespace ziggie
