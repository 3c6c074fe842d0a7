#include "listener.h"

#include "acceptsocket.h"
#include "http/httpresponse.h"
#include "security/accesspolicy.h"
#include "serverlog.h"

#include <QSocketNotifier>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace ziggie {

namespace {
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}
} // namespace

Listener::Listener(QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<QTcpServer>())
{
    m_resume.setSingleShot(true);
    m_resume.setInterval(ResumeAfterMs);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true);
    });
}

Listener::~Listener() = default;

void Listener::setTls(const QSslConfiguration *tls)
{
    m_tls.reset(tls ? new QSslConfiguration(*tls) : nullptr);
}

bool Listener::listen(const QHostAddress &address, quint16 port, QString *error)
{
    close();
    m_server = std::make_unique<QTcpServer>();
    m_server->setListenBacklogSize(1024); // a burst of reconnecting dashboards is not dropped at SYN
    if (!m_server->listen(address, port)) {
        if (error) {
            const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
                                      ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
                                      : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
            *error = QStringLiteral("cannot listen on %1: %2").arg(where, m_server->errorString());
        }
        return false;
    }
    m_server->pauseAccepting(); // its notifier off: accepting is ours
    m_notifier = std::make_unique<QSocketNotifier>(m_server->socketDescriptor(), QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &Listener::acceptPending);
    m_paused = false;
    return true;
}

void Listener::close()
{
    m_resume.stop();
    m_notifier.reset();
    m_server->close();
}

bool Listener::isListening() const
{
    return m_server->isListening();
}

QHostAddress Listener::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 Listener::serverPort() const
{
    return m_server->serverPort();
}

int Listener::connectionsFrom(const QHostAddress &address) const
{
    return m_perAddress.value(normalized(address));
}

void Listener::acceptPending()
{
    for (int i = 0; i < MaxAcceptsPerWakeup; ++i) {
        qintptr descriptor = -1;
        switch (acceptConnection(m_server->socketDescriptor(), &descriptor)) {
        case AcceptResult::Accepted:
            if (m_paused) {
                m_paused = false;
                if (m_pauseLogged)
                    qCInfo(lcServer) << "accepting connections again";
                m_pauseLogged = false;
            }
            adopt(descriptor);
            break;
        case AcceptResult::WouldBlock:
            return;
        case AcceptResult::OutOfDescriptors:
            return pause();
        case AcceptResult::Failed:
            break; // that one is gone; the next may be fine
        }
    }
}

void Listener::pause()
{
    // The connection stays in the backlog and the socket readable: stop listening to it for a
    // moment, or the event loop spins on it.
    m_notifier->setEnabled(false);
    m_resume.start();
    if (!m_paused) {
        m_paused = true;
        if (m_warned.isValid() && m_warned.elapsed() < 60 * 1000)
            return; // a log that fills as fast as clients arrive helps no one
        m_warned.start();
        m_pauseLogged = true;
        qCWarning(lcServer) << "cannot accept connections: out of file descriptors; pausing and retrying every"
                            << ResumeAfterMs << "ms";
    }
}

void Listener::adopt(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        closeDescriptor(descriptor); // never taken by the socket
        return;
    }
    if (!track(socket)) {
        emit refusedOverCap();
        if (m_tls) { // no plain-text status inside a TLS handshake
            socket->abort();
            socket->deleteLater();
            return;
        }
        socket->write(HttpResponse::problem(503, QStringLiteral("too many connections from this address")).serialize());
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
        return;
    }
    if (!m_tls) {
        emit accepted(socket);
        return;
    }
    auto *tls = static_cast<QSslSocket *>(socket);
    tls->setSslConfiguration(*m_tls);
    connect(tls, &QSslSocket::encrypted, this, [this, tls] {
        tls->disconnect(this); // the taker owns it from here
        emit accepted(tls);
    });
    connect(tls, &QSslSocket::errorOccurred, this, [tls] {
        tls->abort();
        tls->deleteLater();
    });
    QTimer::singleShot(TlsHandshakeTimeoutMs, tls, [tls] {
        if (!tls->isEncrypted()) {
            tls->abort();
            tls->deleteLater();
        }
    });
    tls->startServerEncryption();
}

bool Listener::track(QTcpSocket *socket)
{
    const QHostAddress peer = normalized(socket->peerAddress());
    const bool capped = !AccessPolicy::isLoopback(peer);
    if (capped && m_perAddress.value(peer) >= m_maxPerAddress)
        return false;
    ++m_perAddress[peer];
    connect(socket, &QObject::destroyed, this, [this, peer] {
        const auto it = m_perAddress.find(peer);
        if (it != m_perAddress.end() && --it.value() <= 0)
            m_perAddress.erase(it);
    });
    return true;
}

} // namespace ziggie
