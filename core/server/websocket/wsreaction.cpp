#include "wsreaction.h"

namespace ziggie::ws {

Reaction react(const Event &event, bool open)
{
    Reaction r;
    switch (event.kind) {
    case Event::Violation:
        r.reply = closeFrame(event.code, QByteArrayView(event.problem));
        r.finish = true;
        return r;
    case Event::Ping:
        r.heard = true;
        if (open)
            r.reply = frame(Pong, event.payload);
        return r;
    case Event::Pong:
        r.heard = true;
        return r;
    case Event::Close:
        r.heard = true;
        if (open) // the client began: answer with its code
            r.reply = event.code == 1005 ? frame(Close, {}) : closeFrame(event.code);
        r.finish = true;
        return r;
    case Event::Text:
    case Event::Binary:
        r.heard = true;
        r.deliver = open;
        return r;
    case Event::NeedMore:
        return r;
    }
    return r;
}

} // namespace ziggie::ws
