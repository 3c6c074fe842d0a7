#include "wsframe.h"

#include <QtEndian>

#include <algorithm>

namespace ziggie::ws {

namespace {

constexpr quint8 FinBit = 0x80;
constexpr quint8 ReservedBits = 0x70;
constexpr quint8 MaskBit = 0x80;
constexpr qsizetype MaxControlPayload = 125;

Event violation(quint16 code, const char *problem)
{
    Event e;
    e.kind = Event::Violation;
    e.code = code;
    e.problem = problem;
    return e;
}

bool isKnownOpcode(quint8 op)
{
    return op == Continuation || op == Text || op == Binary || op == Close || op == Ping || op == Pong;
}

} // namespace

QByteArray frame(Opcode opcode, QByteArrayView payload)
{
    QByteArray out;
    const quint64 n = quint64(payload.size());
    out.reserve(payload.size() + 10);
    out.append(char(FinBit | opcode));
    if (n < 126) {
        out.append(char(n));
    } else if (n <= 0xffff) {
        out.append(char(126));
        char length[2];
        qToBigEndian(quint16(n), length);
        out.append(length, 2);
    } else {
        out.append(char(127));
        char length[8];
        qToBigEndian(n, length);
        out.append(length, 8);
    }
    out.append(payload.data(), payload.size());
    return out;
}

QByteArray closeFrame(quint16 code, QByteArrayView reason)
{
    char payload[MaxControlPayload];
    qToBigEndian(code, payload);
    // Cut at a character boundary so a long reason stays valid UTF-8.
    qsizetype n = qMin<qsizetype>(reason.size(), MaxControlPayload - 2);
    while (n > 0 && n < reason.size() && (quint8(reason[n]) & 0xC0) == 0x80)
        --n;
    std::copy_n(reason.data(), n, payload + 2);
    return frame(Close, QByteArrayView(payload, n + 2));
}

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const quint8 *>(bytes.data());
    const quint8 *end = p + bytes.size();
    while (p < end) {
        const quint8 c = *p++;
        if (c < 0x80)
            continue;
        int more = 0;
        quint8 lo = 0x80, hi = 0xBF; // allowed range of the first continuation byte
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            if (c == 0xE0)
                lo = 0xA0; // no overlongs
            else if (c == 0xED)
                hi = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F; // nothing above U+10FFFF
        } else {
            return false;
        }
        if (end - p < more)
            return false;
        if (*p < lo || *p > hi)
            return false;
        for (int i = 1; i < more; ++i)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += more;
    }
    return true;
}

bool isValidCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

FrameReader::FrameReader(qsizetype maxMessageBytes)
    : m_max(maxMessageBytes)
{
}

Event FrameReader::read(QByteArrayView bytes, qsizetype *consumed)
{
    *consumed = 0;
    if (bytes.size() < 2)
        return {};
    const quint8 b0 = quint8(bytes[0]);
    const quint8 b1 = quint8(bytes[1]);
    const bool fin = b0 & FinBit;
    const quint8 opcode = b0 & 0x0F;
    const bool control = opcode & 0x08;

    if (b0 & ReservedBits)
        return violation(ProtocolError, "reserved bits set without an extension");
    if (!isKnownOpcode(opcode))
        return violation(ProtocolError, "unknown opcode");
    if (!(b1 & MaskBit))
        return violation(ProtocolError, "client frames must be masked");

    quint64 length = b1 & 0x7F;
    qsizetype header = 2;
    if (control && (!fin || length > MaxControlPayload))
        return violation(ProtocolError, "control frames must be whole and at most 125 bytes");
    if (length == 126) {
        if (bytes.size() < 4)
            return {};
        length = qFromBigEndian<quint16>(bytes.data() + 2);
        header = 4;
    } else if (length == 127) {
        if (bytes.size() < 10)
            return {};
        length = qFromBigEndian<quint64>(bytes.data() + 2);
        if (length >> 63)
            return violation(ProtocolError, "frame length has its top bit set");
        header = 10;
    }

    if (!control) {
        if (opcode == Continuation && m_fragmentOpcode == 0)
            return violation(ProtocolError, "continuation frame without a message to continue");
        if (opcode != Continuation && m_fragmentOpcode != 0)
            return violation(ProtocolError, "new message before the previous one was finished");
        if (length > quint64(m_max - m_fragments.size()))
            return violation(MessageTooBig, "message too big");
    }

    const qsizetype total = header + 4 + qsizetype(length);
    if (bytes.size() < total)
        return {};
    *consumed = total;

    const char *mask = bytes.data() + header;
    QByteArray payload(bytes.data() + header + 4, qsizetype(length));
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(payload[i] ^ mask[i & 3]);

    Event e;
    switch (opcode) {
    case Ping:
        e.kind = Event::Ping;
        e.payload = std::move(payload);
        return e;
    case Pong:
        e.kind = Event::Pong;
        e.payload = std::move(payload);
        return e;
    case Close:
        e.kind = Event::Close;
        e.code = 1005; // "no status received"
        if (payload.size() == 1)
            return violation(ProtocolError, "close frame with a one-byte payload");
        if (payload.size() >= 2) {
            e.code = qFromBigEndian<quint16>(payload.constData());
            if (!isValidCloseCode(e.code))
                return violation(ProtocolError, "invalid close code");
            e.payload = payload.mid(2);
            if (!isValidUtf8(e.payload))
                return violation(InvalidPayload, "close reason is not UTF-8");
        }
        return e;
    default:
        break;
    }

    if (opcode != Continuation)
        m_fragmentOpcode = opcode;
    if (!fin) {
        m_fragments += payload;
        return {}; // NeedMore, with the frame consumed
    }
    QByteArray message = m_fragments.isEmpty() ? std::move(payload) : m_fragments + payload;
    e.kind = m_fragmentOpcode == Text ? Event::Text : Event::Binary;
    m_fragments = QByteArray();
    m_fragmentOpcode = 0;
    if (e.kind == Event::Text && !isValidUtf8(message))
        return violation(InvalidPayload, "text message is not UTF-8");
    e.payload = std::move(message);
    return e;
}

} // namespace ziggie::ws
