#pragma once
// The single-port server. A QTcpServer front reads each request head itself, answers
// plain HTTP (dashboard, REST, health, metrics) and refuses bad requests with a real
// status before any handshake; WebSocket upgrades on /ws and /api/system/ws are handed
// to a QWebSocketServer. Each tick's message is serialized once and the same text is
// sent to every client.

#include "config.h"
#include "sample.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

namespace ziggie {

class History;

enum class Endpoint { Public, Authenticated };

class StatsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsServer)

public:
    explicit StatsServer(History &history, QObject *parent = nullptr);
    ~StatsServer() override;

    void setToken(const QString &token);
    void setIntervalMs(int ms); // reported in /health and history
    void setAllowedOrigins(const QStringList &origins);
    // Everything above plus JWT secret, access policy, caps and TLS; takes effect for new
    // connections, and TLS at the next listen(). False with a message on unusable TLS files.
    bool configure(const Config &config, QString *error);
    bool isTls() const;

    // False with a message that names the address when it cannot bind.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Closes every WebSocket client with 1001 (going away) and stops listening.
    void close();

    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    int clientCount(Endpoint endpoint) const;

signals:
    void clientCountChanged(int publicClients, int authenticatedClients);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace ziggie
