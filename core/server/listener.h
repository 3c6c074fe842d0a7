#pragma once
// The listening socket. QTcpServer binds it; accepting is done here, because QTcpServer takes
// running out of file descriptors for a passing error and retries at once, spinning a core:
// this listener stops for a moment instead, logs it once and resumes. With a certificate, the
// TLS handshake is done before a connection is handed on. It counts the open connections of
// each address and refuses a non-loopback address over its cap at once, with 503 — half-sent
// request heads count as much as streams.

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QSocketNotifier;
class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

namespace ziggie {

class Listener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    static constexpr int ResumeAfterMs = 250;     // try accept() again this long after running out of fds
    static constexpr int TlsHandshakeTimeoutMs = 10 * 1000;
    static constexpr int MaxAcceptsPerWakeup = 256; // then let the ticks and the others run

    explicit Listener(QObject *parent = nullptr);
    ~Listener() override;

    void setMaxConnectionsPerAddress(int n) { m_maxPerAddress = n; }
    // Null = plain TCP. Takes effect at the next listen().
    void setTls(const QSslConfiguration *tls);
    bool isTls() const { return m_tls != nullptr; }

    // False with a message naming the address when it cannot bind.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    bool isPaused() const { return m_paused; }

    int connectionsFrom(const QHostAddress &address) const;

signals:
    // A new connection (TLS: encrypted already), parented to the listener; the taker reparents it.
    void accepted(QTcpSocket *socket);
    void refusedOverCap(); // an address over its cap was turned away

private:
    void acceptPending();
    void adopt(qintptr descriptor);
    bool track(QTcpSocket *socket); // false: the address is over its cap
    void pause();

    std::unique_ptr<QTcpServer> m_server;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::unique_ptr<QSslConfiguration> m_tls;
    QHash<QHostAddress, int> m_perAddress;
    int m_maxPerAddress = 64;
    QTimer m_resume;
    bool m_paused = false;
    QElapsedTimer m_warned; // the last "out of file descriptors" warning: at most one a minute
    bool m_pauseLogged = false;
};

} // namespace ziggie
