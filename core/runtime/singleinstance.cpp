#include "singleinstance.h"

#include "runtimelog.h"

#include <QByteArray>
#include <QLocalServer>
#include <QLocalSocket>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace ziggie {

namespace {

constexpr QByteArrayView ActivateMessage = "activate\n";

bool someoneAnswers(const QString &key)
{
    QLocalSocket probe;
    probe.connectToServer(key);
    return probe.waitForConnected(1000);
}

} // namespace

SingleInstance::SingleInstance(const QString &key, QObject *parent)
    : QObject(parent)
    , m_key(key)
{
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultKey()
{
#ifdef Q_OS_UNIX
    const QString user = QString::number(::getuid());
#else
    QString user = qEnvironmentVariable("USERNAME", QStringLiteral("user"));
    for (QChar &c : user) {
        if (!c.isLetterOrNumber())
            c = u'_';
    }
#endif
    return QStringLiteral("ziggie-") + user;
}

bool SingleInstance::isClaimed() const
{
    return m_server && m_server->isListening();
}

bool SingleInstance::claim()
{
    if (isClaimed())
        return true;
    // Default socket options: the socket is created with the user's umask, and listen()
    // fails while the file exists, so two launches cannot both claim it.
    auto *server = new QLocalServer(this);
    if (!server->listen(m_key)) {
        if (server->serverError() != QAbstractSocket::AddressInUseError || someoneAnswers(m_key)) {
            delete server;
            return false;
        }
        // A socket file with nobody behind it: the previous instance crashed.
        qCInfo(lcApp) << "Taking over the stale single-instance socket" << m_key;
        QLocalServer::removeServer(m_key);
        if (!server->listen(m_key)) {
            qCWarning(lcApp) << "Cannot claim the single-instance socket:" << server->errorString();
            delete server;
            return false;
        }
    }
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
    return true;
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        const auto readRequest = [this, socket] {
            // Requests are one line; anything else from the socket is ignored.
            while (socket->canReadLine()) {
                if (socket->readLine() == ActivateMessage.toByteArray())
                    emit activationRequested();
            }
            if (socket->bytesAvailable() > 1024)
                socket->abort();
        };
        connect(socket, &QLocalSocket::readyRead, this, readRequest);
        readRequest(); // the whole request may have arrived before the connection was accepted
    }
}

bool SingleInstance::activateRunning(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_key);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(ActivateMessage.data(), ActivateMessage.size());
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    socket.disconnectFromServer();
    if (socket.state() != QLocalSocket::UnconnectedState)
        socket.waitForDisconnected(timeoutMs);
    return true;
}

} // namespace ziggie
