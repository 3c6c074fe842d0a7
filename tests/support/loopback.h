#pragma once
// Both ends of one real TCP connection on loopback, on an ephemeral port: the server's end,
// as the listener hands it on, and the client's. For tests of the classes that take an
// accepted socket (HttpServer, WsConnection, ClientRegistry) without the rest of the server.

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace ziggie::test {

struct Loopback
{
    QTcpSocket *server = nullptr;       // unparented: the class under test takes it
    std::unique_ptr<QTcpSocket> client;
};

inline Loopback connectLoopback()
{
    Loopback pair;
    QTcpServer listener;
    if (!listener.listen(QHostAddress::LocalHost, 0))
        return pair;
    pair.client = std::make_unique<QTcpSocket>();
    pair.client->connectToHost(QHostAddress::LocalHost, listener.serverPort());
    if (!listener.hasPendingConnections() && !listener.waitForNewConnection(5000))
        return pair;
    pair.server = listener.nextPendingConnection();
    pair.server->setParent(nullptr);
    if (pair.client->state() != QAbstractSocket::ConnectedState) {
        QSignalSpy connected(pair.client.get(), &QTcpSocket::connected);
        connected.wait(5000);
    }
    return pair;
}

} // namespace ziggie::test
