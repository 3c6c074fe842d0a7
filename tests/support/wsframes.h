#pragma once
// The client's half of RFC 6455 framing, for tests: frames as a browser writes them (masked
// with a fixed key), and the server's unmasked frames read back from the bytes a client got.

#include <QByteArray>
#include <QList>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

namespace ziggie::test {

inline QByteArray clientFrame(quint8 opcode, const QByteArray &payload, bool fin = true, bool masked = true,
                              quint8 reserved = 0)
{
    QByteArray out;
    out.append(char((fin ? 0x80 : 0) | reserved | opcode));
    const quint8 mask = masked ? 0x80 : 0;
    if (payload.size() < 126) {
        out.append(char(mask | payload.size()));
    } else if (payload.size() <= 0xffff) {
        out.append(char(mask | 126));
        char n[2];
        qToBigEndian(quint16(payload.size()), n);
        out.append(n, 2);
    } else {
        out.append(char(mask | 127));
        char n[8];
        qToBigEndian(quint64(payload.size()), n);
        out.append(n, 8);
    }
    const char key[4] = {'\x12', '\x34', '\x56', '\x78'};
    if (masked)
        out.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(masked ? char(payload[i] ^ key[i & 3]) : payload[i]);
    return out;
}

inline QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    char c[2];
    qToBigEndian(code, c);
    return QByteArray(c, 2) + reason;
}

struct ServerFrame
{
    quint8 opcode = 0;
    QByteArray payload;
    quint16 closeCode() const { return payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : 0; }
};

// Takes every whole frame off the front of `bytes`; a partial one stays for the next read.
inline QList<ServerFrame> takeServerFrames(QByteArray &bytes)
{
    QList<ServerFrame> frames;
    while (bytes.size() >= 2) {
        const quint8 opcode = quint8(bytes[0]) & 0x0f;
        qsizetype length = quint8(bytes[1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (bytes.size() < 4)
                break;
            length = qFromBigEndian<quint16>(bytes.constData() + 2);
            header = 4;
        } else if (length == 127) {
            if (bytes.size() < 10)
                break;
            length = qsizetype(qFromBigEndian<quint64>(bytes.constData() + 2));
            header = 10;
        }
        if (bytes.size() < header + length)
            break;
        frames.append({opcode, bytes.mid(header, length)});
        bytes.remove(0, header + length);
    }
    return frames;
}

// What a client socket receives, frame by frame.
class FrameInbox
{
public:
    explicit FrameInbox(QTcpSocket *socket = nullptr) : m_socket(socket) {}
    void setSocket(QTcpSocket *socket) { m_socket = socket; }

    // The frames received once there are `count` (fewer after 5 s: the caller checks).
    QList<ServerFrame> take(int count)
    {
        QList<ServerFrame> frames;
        [[maybe_unused]] const bool enough = QTest::qWaitFor(
            [&] {
                m_pending += m_socket->readAll();
                frames += takeServerFrames(m_pending);
                return frames.size() >= count;
            },
            5000);
        return frames;
    }

    // Whatever whole frames are here now, without waiting.
    QList<ServerFrame> takeArrived()
    {
        m_pending += m_socket->readAll();
        return takeServerFrames(m_pending);
    }

private:
    QTcpSocket *m_socket;
    QByteArray m_pending; // bytes of a frame not yet whole
};

} // namespace ziggie::test
