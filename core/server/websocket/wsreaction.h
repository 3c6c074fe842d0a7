#pragma once
// What a server connection does with one event of its frame reader, whatever carries its bytes:
// a ping earns a pong, a client's close an echo of its code, a violation a close with the code
// it earned. Shared by the Qt socket connection (TLS) and the lean fan-out (plain TCP), so
// both keep the same protocol rules.

#include "wsframe.h"

#include <QByteArray>

namespace ziggie::ws {

struct Reaction
{
    QByteArray reply;     // to send back first (a pong, a close frame), or nothing
    bool heard = false;   // a valid frame: the client is alive
    bool deliver = false; // a whole message for the owner (Text or Binary)
    bool finish = false;  // the connection ends once the reply is out
};

// `open`: the connection has not begun closing; a closing one delivers nothing and answers
// no close, it only ends.
Reaction react(const Event &event, bool open);

} // namespace ziggie::ws
