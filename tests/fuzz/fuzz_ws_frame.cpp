// libFuzzer harness for the WebSocket frame reader: whatever bytes a client sends, in whatever
// pieces they arrive, the reader consumes no more than it was given, yields only whole messages
// within the limit (text always valid UTF-8) and ends in a close code when it refuses.

#include "websocket/wsframe.h"

#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

constexpr qsizetype Limit = 4096;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    // The first byte picks how the rest arrives: all at once or in pieces of 1..255 bytes.
    const qsizetype piece = data[0] == 0 ? qsizetype(size) : qsizetype(data[0]);
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    ziggie::ws::FrameReader reader(Limit);
    QByteArray buffer;
    qsizetype fed = 0;
    for (int guard = 0; guard < 1 << 20; ++guard) {
        qsizetype used = 0;
        const ziggie::ws::Event e = reader.read(buffer, &used);
        check(used >= 0 && used <= buffer.size());
        buffer.remove(0, used);
        switch (e.kind) {
        case ziggie::ws::Event::Violation:
            check(e.code == 1002 || e.code == 1007 || e.code == 1009);
            return 0;
        case ziggie::ws::Event::Text:
            check(ziggie::ws::isValidUtf8(e.payload));
            check(e.payload.size() <= Limit);
            break;
        case ziggie::ws::Event::Binary:
            check(e.payload.size() <= Limit);
            break;
        case ziggie::ws::Event::Ping:
        case ziggie::ws::Event::Pong:
            check(e.payload.size() <= 125);
            break;
        case ziggie::ws::Event::Close:
            check(e.code == 1005 || ziggie::ws::isValidCloseCode(e.code));
            break;
        case ziggie::ws::Event::NeedMore:
            if (used > 0)
                break;
            if (fed >= input.size())
                return 0;
            buffer += input.mid(fed, piece);
            fed += piece;
            break;
        }
    }
    check(false); // the loop always ends by input running out or a violation
    return 0;
}
