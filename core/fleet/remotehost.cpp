#include "remotehost.h"

#include "serverurl.h"
#include "statsmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>

#ifndef QT_NO_SSL
#include <QSslError>
#endif

namespace ziggie {

RemoteHost::RemoteHost(const QString &name, const QUrl &url, const QString &token, QObject *parent)
    : QObject(parent)
    , m_name(name)
    , m_url(url)
    , m_token(token)
    , m_history(new History(this))
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &RemoteHost::open);
}

RemoteHost::~RemoteHost()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QUrl RemoteHost::streamUrl() const
{
    // The token travels as a bearer header (open()), never in the URL.
    return ServerUrl::typedStream(m_url, m_token.isEmpty() ? Endpoint::Public : Endpoint::Authenticated);
}

qint64 RemoteHost::nextRetryMs() const
{
    return m_retryTimer->isActive() ? m_retryTimer->remainingTime() : -1;
}

void RemoteHost::start()
{
    m_stopped = false;
    m_gaveUp = false;
    m_retry = 0;
    open();
}

void RemoteHost::reconnect()
{
    m_retryTimer->stop();
    if (m_socket) {
        m_closeHandled = true; // this close is ours, not a failure to retry
        m_socket->abort();
    }
    start();
}

void RemoteHost::stop()
{
    m_stopped = true;
    m_retryTimer->stop();
    if (m_socket) {
        m_closeHandled = true;
        m_socket->abort();
    }
    setState(State::Disconnected, QStringLiteral("stopped"));
}

void RemoteHost::open()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &RemoteHost::onConnected);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    connect(m_socket, &QWebSocket::errorOccurred, this, &RemoteHost::onError);
#else
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, &RemoteHost::onError);
#endif
    connect(m_socket, &QWebSocket::stateChanged, this, &RemoteHost::onSocketStateChanged);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteHost::onText);
#ifndef QT_NO_SSL
    // Never ignored: an untrusted certificate is shown to the user and retrying stops.
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        m_certificateError = true;
        m_lastError = QStringLiteral("certificate error: ") + texts.join(QStringLiteral("; "));
    });
#endif

    QNetworkRequest request(streamUrl());
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    m_unauthorized = false;
    m_certificateError = false;
    m_lastError.clear();
    m_closeHandled = false;
    ++m_attempts;
    if (m_state != State::Disconnected || m_retry == 0)
        setState(State::Connecting);
    m_socket->open(request);
}

void RemoteHost::onConnected()
{
    m_wasConnected = true;
    m_retry = 0;
    m_gaveUp = false;
    // With a token the host names its busiest processes too: an alert can name the culprit.
    if (!m_token.isEmpty())
        m_socket->sendTextMessage(QStringLiteral(R"({"type":"subscribe","metrics":["processes"]})"));
    setState(State::Connected);
}

void RemoteHost::onError(QAbstractSocket::SocketError error)
{
    if (!m_socket)
        return;
    const QString text = m_socket->errorString();
    // The server refuses a bad token with 401 before the handshake; QWebSocket reports it
    // as a refused connection whose text carries the HTTP status.
    if (error == QAbstractSocket::ConnectionRefusedError && text.contains(u" 401"))
        m_unauthorized = true;
    if (!m_certificateError)
        m_lastError = text;
}

void RemoteHost::onSocketStateChanged(QAbstractSocket::SocketState state)
{
    if (state == QAbstractSocket::UnconnectedState && !m_closeHandled) {
        m_closeHandled = true;
        // The error signal may follow the state change: decide once both have arrived.
        QTimer::singleShot(0, this, &RemoteHost::onClosed);
    }
}

void RemoteHost::onClosed()
{
    if (m_stopped)
        return;
    if (m_unauthorized) {
        m_gaveUp = true;
        m_retryTimer->stop();
        setState(State::Unauthorized, QStringLiteral("the host refused the token"));
        return;
    }
    if (m_certificateError) {
        m_gaveUp = true;
        m_retryTimer->stop();
        setState(State::Disconnected, m_lastError);
        return;
    }
    scheduleRetry();
}

void RemoteHost::scheduleRetry()
{
    const QString why = m_lastError.isEmpty() ? QStringLiteral("connection closed") : m_lastError;
    if (m_retry >= MaxRetries) {
        m_gaveUp = true;
        setState(State::Disconnected, why + QStringLiteral(" (gave up retrying)"));
        return;
    }
    const qint64 cap = qint64(m_backoffBaseMs) * 30;
    const qint64 delay = qMin(cap, qint64(m_backoffBaseMs) << qMin(m_retry, 20));
    ++m_retry;
    m_retryTimer->start(int(delay));
    setState(State::Disconnected, why);
    emit retryScheduled(m_retry, int(delay));
}

void RemoteHost::setState(State state, const QString &message)
{
    const bool changed = state != m_state || message != m_message;
    m_state = state;
    m_message = message;
    if (changed)
        emit stateChanged(state);
}

void RemoteHost::onText(const QString &text)
{
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = object.value(u"type").toString();
    QJsonArray items;
    if (type == u"history")
        items = object.value(u"samples").toArray();
    else if (type == u"system_stats")
        items.append(object);
    else
        return;
    for (const QJsonValue &item : std::as_const(items)) {
        Sample sample;
        if (!message::parseSystemStats(item.toObject(), &sample))
            continue;
        // A history after a reconnect repeats what is already kept: only newer samples count.
        const auto latest = m_history->latest();
        if (latest && sample.timestampUs <= latest->timestampUs)
            continue;
        m_history->append(sample);
        emit sampleReceived(sample);
    }
}

} // namespace ziggie
