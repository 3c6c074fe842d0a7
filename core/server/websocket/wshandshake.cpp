#include "wshandshake.h"

#include <QCryptographicHash>

namespace ziggie::ws {

namespace {

Handshake refuse(int status, QString problem)
{
    Handshake h;
    h.status = status;
    h.problem = std::move(problem);
    return h;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (const QByteArray &item : list.toByteArray().split(','))
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

int headerCount(const HttpRequest &request, QByteArrayView name)
{
    int n = 0;
    for (const auto &h : request.headers)
        n += h.first == name ? 1 : 0;
    return n;
}

} // namespace

QByteArray acceptKey(QByteArrayView clientKey)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(clientKey);
    sha1.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
    return sha1.result().toBase64();
}

Handshake answerUpgrade(const HttpRequest &request)
{
    if (request.method != "GET" || request.version != "HTTP/1.1")
        return refuse(400, QStringLiteral("a WebSocket upgrade is a GET over HTTP/1.1"));
    if (!hasToken(request.header("connection"), "upgrade"))
        return refuse(400, QStringLiteral("a WebSocket upgrade needs \"Connection: Upgrade\""));
    if (request.header("sec-websocket-version") != "13")
        return refuse(426, QStringLiteral("only WebSocket version 13 is spoken")); // with Sec-WebSocket-Version: 13
    const QByteArray key = request.header("sec-websocket-key");
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (headerCount(request, "sec-websocket-key") != 1 || !decoded || decoded.decoded.size() != 16)
        return refuse(400, QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64"));

    Handshake h;
    h.response = "HTTP/1.1 101 Switching Protocols\r\n"
                 "Server: ziggie/" ZIGGIE_VERSION "\r\n"
                 "Upgrade: websocket\r\n"
                 "Connection: Upgrade\r\n"
                 "Sec-WebSocket-Accept: "
                 + acceptKey(key) + "\r\n\r\n";
    return h;
}

} // namespace ziggie::ws
