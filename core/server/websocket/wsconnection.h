#pragma once
// One WebSocket client after its handshake, on the TCP (or TLS) socket it came in on. It reads
// the client's frames (wsframe.h), answers pings and closes itself, hands whole messages to its
// owner and writes what the owner sends. While its unsent output is over the cap it reads
// nothing: a client that sends but never reads fills its own kernel buffers and blocks, instead
// of making the server hold its answers. Owned by the ClientRegistry.

#include "wsframe.h"

#include <QByteArray>
#include <QMetaObject>
#include <QObject>

class QTcpSocket;

namespace ziggie {

// A QObject only to be the context of its socket's connections: whatever is queued for it
// dies with it.
class WsConnection final : public QObject
{
    Q_DISABLE_COPY_MOVE(WsConnection)

public:
    class Owner
    {
    public:
        virtual ~Owner() = default;
        virtual void messageReceived(WsConnection &connection, const ws::Event &message) = 0; // Text or Binary
        virtual void heard(WsConnection &connection) = 0; // any frame at all
        virtual void gone(WsConnection &connection) = 0;  // the socket closed (queued): delete it later
    };

    static constexpr qsizetype ReadChunk = 16 * 1024; // most bytes buffered from the socket at once
    static constexpr int CloseWaitMs = 2000;          // for the client's close frame after ours

    // Takes the socket over (it is deleted with the connection) and reads what already arrived.
    WsConnection(QTcpSocket *socket, Owner &owner, qint64 maxUnsentBytes, qsizetype maxMessageBytes);
    ~WsConnection() override;

    QTcpSocket *socket() const { return m_socket; }
    qint64 unsentBytes() const;
    bool isOverCap() const { return unsentBytes() > m_maxUnsent; }
    bool isOpen() const { return m_state == State::Open; }

    // A ready frame (ticks: built once for every client), pushed out in this pass.
    void write(const QByteArray &frame);
    void sendText(QByteArrayView payload);
    void ping();
    // Sends close and ends the connection when the client answers, or after CloseWaitMs.
    void close(quint16 code, QByteArrayView reason);
    void abort();

private:
    enum class State { Open, Closing, Closed };

    void pump();
    void handle(const ws::Event &event);
    void pauseReading();
    void finish(); // disconnect once the last bytes are out

    QTcpSocket *m_socket;
    Owner &m_owner;
    qint64 m_maxUnsent;
    ws::FrameReader m_reader;
    QByteArray m_in;        // bytes read from the socket, not yet parsed
    qsizetype m_inPos = 0;  // where parsing resumes in m_in
    State m_state = State::Open;
    QMetaObject::Connection m_resume; // bytesWritten, only while reading is paused
};

} // namespace ziggie
