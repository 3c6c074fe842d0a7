#pragma once
// The single-port server: a Listener accepts (plain or TLS), an HttpServer reads each request
// head and asks this server what to answer; the Gatekeeper's rules come first, then the REST
// answers, or the WebSocket handshake that hands the socket to the ClientRegistry. Each tick's
// message is serialized once and the same frame is written to every client.

#include "config.h"
#include "endpoint.h"
#include "sample.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

namespace ziggie {

class History;
class RangeSource;

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
    // Stored history for range requests (REST and both streams); none answers 503.
    void setRangeSource(RangeSource *source);
    // Process names without credentials too (--public-processes).
    void setPublicProcesses(bool on);
    // Why durable history is not recorded now, for /health; empty when it is.
    void setHistoryFault(const QString &fault);
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
