#pragma once
// What the server does with one whole message from a WebSocket client, whichever connection
// carries it (a Qt socket for TLS, a lean fan-out for plain TCP): answer it at once, take a new
// subscription, or ask the stored history for a range. Pure, so both paths keep the same rules —
// among them that private extras (process names) are refused with "forbidden" to clients that
// are not trusted, leaving their previous subscription as it was.

#include "clientmessage.h"
#include "websocket/wsframe.h"

#include <QByteArray>

namespace ziggie {

struct ClientAction
{
    enum Kind { Reply, Subscribe, Range };
    Kind kind = Reply;
    QByteArray reply;      // Reply: the text message to send back
    ClientMessage message; // Subscribe: metrics and extras; Range: range (withProcesses set) and id
};

// `trusted`: the client may have private extras (authenticated, or the owner made them public).
ClientAction clientAction(const ws::Event &event, bool trusted);

// A range answer as the client gets it: with its request's id echoed when it sent one.
QByteArray rangeAnswer(const QByteArray &body, const QByteArray &id);

} // namespace ziggie
