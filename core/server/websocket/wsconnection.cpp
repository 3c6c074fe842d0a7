#include "wsconnection.h"

#include "wsreaction.h"

#include "serverlog.h"
#include "socketbytes.h"

#include <QTcpSocket>
#include <QTimer>

namespace ziggie {

WsConnection::WsConnection(QTcpSocket *socket, Owner &owner, qint64 maxUnsentBytes, qsizetype maxMessageBytes)
    : m_socket(socket)
    , m_owner(owner)
    , m_maxUnsent(maxUnsentBytes)
    , m_reader(maxMessageBytes)
{
    socket->setParent(this);
    // Qt stops reading from the kernel once this much waits unread: the rest stays with TCP.
    socket->setReadBufferSize(ReadChunk);
    connect(socket, &QTcpSocket::readyRead, this, &WsConnection::pump);
    // Queued: a socket may disconnect inside a write, while the owner is iterating its clients.
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_state = State::Closed;
        m_owner.gone(*this);
    }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(this, &WsConnection::pump, Qt::QueuedConnection); // bytes that came with the head
}

WsConnection::~WsConnection() = default;

qint64 WsConnection::unsentBytes() const
{
    return ziggie::unsentBytes(m_socket);
}

void WsConnection::write(const QByteArray &frame)
{
    if (m_state != State::Open)
        return;
    m_socket->write(frame);
    m_socket->flush(); // leaves now, in this pass, not on a later writable event
}

void WsConnection::sendText(QByteArrayView payload)
{
    write(ws::frame(ws::Text, payload));
}

void WsConnection::ping()
{
    write(ws::frame(ws::Ping, {}));
}

void WsConnection::close(quint16 code, QByteArrayView reason)
{
    if (m_state != State::Open)
        return;
    write(ws::closeFrame(code, reason));
    m_state = State::Closing;
    QTimer::singleShot(CloseWaitMs, this, &WsConnection::abort);
}

void WsConnection::abort()
{
    m_state = State::Closed;
    m_socket->abort();
}

void WsConnection::finish()
{
    m_state = State::Closed;
    m_socket->disconnectFromHost(); // after the queued bytes, the close frame last
    QTimer::singleShot(CloseWaitMs, this, [this] { m_socket->abort(); }); // a peer that never reads
}

void WsConnection::pauseReading()
{
    if (!m_resume)
        m_resume = connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (!isOverCap()) {
                disconnect(m_resume);
                m_resume = {};
                pump();
            }
        });
}

void WsConnection::pump()
{
    while (m_state != State::Closed) {
        if (isOverCap())
            return pauseReading();
        qsizetype used = 0;
        const ws::Event event = m_reader.read(QByteArrayView(m_in).sliced(m_inPos), &used);
        m_inPos += used;
        if (event.kind != ws::Event::NeedMore) {
            handle(event);
            continue;
        }
        if (used > 0)
            continue; // a fragment: its message is not whole yet
        if (m_inPos > 0) { // keep only the unparsed tail
            m_in.remove(0, m_inPos);
            m_inPos = 0;
        }
        if (m_socket->bytesAvailable() == 0)
            return;
        m_in += m_socket->read(ReadChunk);
    }
}

void WsConnection::handle(const ws::Event &event)
{
    if (event.kind == ws::Event::Violation)
        qCInfo(lcServer).nospace() << "closing a WebSocket client with " << event.code << ": " << event.problem;
    const ws::Reaction r = ws::react(event, m_state == State::Open);
    if (r.heard)
        m_owner.heard(*this);
    if (!r.reply.isEmpty())
        write(r.reply);
    if (r.deliver)
        m_owner.messageReceived(*this, event);
    if (r.finish)
        finish();
}

} // namespace ziggie
