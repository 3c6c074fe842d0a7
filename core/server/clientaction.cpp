#include "clientaction.h"

#include "statsmessage.h"
#include "statssampler.h"

namespace ziggie {

namespace {

ClientAction reply(QByteArray text)
{
    ClientAction a;
    a.reply = std::move(text);
    return a;
}

} // namespace

ClientAction clientAction(const ws::Event &event, bool trusted)
{
    if (event.kind == ws::Event::Binary)
        return reply(message::error("bad_request", QStringLiteral("binary frames are not supported; send JSON text")));
    ClientAction a;
    a.message = parseClientMessage(event.payload);
    const ClientMessage &m = a.message;
    switch (m.kind) {
    case ClientMessage::Ping:
        return reply(message::pong(StatsSampler::systemClockUs()));
    case ClientMessage::Subscribe:
        for (const Extra extra : AllExtras) {
            if (m.extras.contains(extra) && isPrivate(extra) && !trusted)
                return reply(message::error(
                    "forbidden",
                    QStringLiteral("\"%1\" is served on the authenticated stream only (/api/system/ws with a token)")
                        .arg(extraKey(extra))));
        }
        a.kind = ClientAction::Subscribe;
        return a;
    case ClientMessage::History:
        a.kind = ClientAction::Range;
        a.message.range.withProcesses = trusted;
        return a;
    case ClientMessage::Invalid:
        break;
    }
    return reply(message::error(m.code, m.problem, m.id));
}

QByteArray rangeAnswer(const QByteArray &body, const QByteArray &id)
{
    static const QByteArray Head = R"({"type":"history_range")";
    if (id.isEmpty() || !body.startsWith(Head))
        return body;
    return Head + R"(,"id":)" + message::jsonString(QString::fromUtf8(id)) + body.mid(Head.size());
}

} // namespace ziggie
