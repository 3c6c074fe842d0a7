// libFuzzer harness for parseClientMessage: whatever a WebSocket client sends, the parser
// gives a well-formed verdict and never crashes.

#include "clientmessage.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ziggie::ClientMessage message = ziggie::parseClientMessage(text);
    check(message.code != nullptr);
    switch (message.kind) {
    case ziggie::ClientMessage::Ping:
        break;
    case ziggie::ClientMessage::Subscribe:
        check(!message.metrics.isEmpty());
        break;
    case ziggie::ClientMessage::Invalid:
        check(std::strlen(message.code) > 0);
        check(!message.problem.isEmpty());
        break;
    default:
        check(false);
    }
    if (message.kind != ziggie::ClientMessage::Invalid)
        check(text.size() <= ziggie::MaxClientMessageBytes);
    return 0;
}
