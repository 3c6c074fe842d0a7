#pragma once
// An HTTP/1.1 response the server writes itself (the WebSocket handshake's 101 is wshandshake's).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace ziggie {

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers
    bool keepAlive = true;

    HttpResponse &withHeader(QByteArray name, QByteArray value);
    QByteArray header(QByteArrayView name) const; // an extra header, any case; empty if absent
    // Adds `token` to the Vary header, making one if needed: "Origin" + "Accept-Encoding" ->
    // "Vary: Origin, Accept-Encoding", and nothing twice.
    HttpResponse &addVary(QByteArrayView token);

    // HEAD requests get the same head with no body bytes.
    QByteArray serialize(bool headOnly = false) const;

    static HttpResponse json(int status, QByteArray body);
    static HttpResponse noContent(); // 204, e.g. a CORS preflight
    static HttpResponse problem(int status, const QString &message); // {"error":…,"message":…}, closes
    static QByteArray reasonPhrase(int status);
};

} // namespace ziggie
