#pragma once
// The server half of the WebSocket opening handshake (RFC 6455 §4.2): checks the upgrade
// request the gatekeeper admitted and writes the 101 answer. Pure, like the request parser.

#include "http/httprequest.h"

#include <QByteArray>
#include <QString>

namespace ziggie::ws {

struct Handshake
{
    int status = 101;   // 101, or the HTTP status to refuse with (400, 426)
    QString problem;    // why, when refused
    QByteArray response; // the whole 101 head, when accepted
};

// base64(SHA-1(key + the RFC's GUID)).
QByteArray acceptKey(QByteArrayView clientKey);

// GET, HTTP/1.1, "Connection: upgrade", one Sec-WebSocket-Key of 16 bytes and version 13.
// No subprotocol or extension is negotiated.
Handshake answerUpgrade(const HttpRequest &request);

} // namespace ziggie::ws
