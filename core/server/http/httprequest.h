#pragma once
// Parsing of an HTTP/1.x request head, kept pure so it can be unit-tested and fuzzed.
// The server peeks at a connection's bytes, calls parseRequestHead() and either answers
// the request itself or shakes hands for a WebSocket (wshandshake.h).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace ziggie {

struct HttpRequest
{
    QByteArray method;  // GET
    QByteArray target;  // /api/system/ws?token=...
    QByteArray path;    // /api/system/ws (not percent-decoded)
    QByteArray query;   // token=... (without '?')
    QByteArray version; // HTTP/1.1
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed

    QByteArray header(QByteArrayView lowerCaseName) const; // first match, or empty
    bool hasHeader(QByteArrayView lowerCaseName) const;
    QByteArray queryValue(QByteArrayView name) const;       // percent-decoded, or empty
    bool hasBody() const; // Content-Length > 0 or any Transfer-Encoding
    bool isWebSocketUpgrade() const; // Upgrade: websocket (case-insensitive)
};

struct HeadParse
{
    enum Status { Incomplete, Complete, TooLarge, Malformed };
    Status status = Incomplete;
    HttpRequest request;   // valid when Complete
    qsizetype headSize = 0; // bytes up to and including the blank line, when Complete
    QByteArray problem;    // why, when Malformed
};

constexpr qsizetype MaxRequestHeadBytes = 8 * 1024;

// `bytes` is what has arrived so far. Lines may end in CRLF or a bare LF.
HeadParse parseRequestHead(QByteArrayView bytes);

} // namespace ziggie
