#pragma once
// One remote Ziggie watched from this desktop: a WebSocket client that keeps the host's
// last History::Capacity samples and says whether it is reachable. It retries like the
// browser client (base doubling to 30x base, 10 retries, then reconnect() by hand) and
// stops at once when the host refuses the token or its certificate is not trusted, so a
// wrong setting never hammers a server.

#include "history.h"

#include <QAbstractSocket>
#include <QObject>
#include <QString>
#include <QUrl>

class QTimer;
class QWebSocket;

namespace ziggie {

class RemoteHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteHost)

public:
    enum class State { Connecting, Connected, Disconnected, Unauthorized };
    Q_ENUM(State)

    static constexpr int DefaultBackoffMs = 1000;
    static constexpr int MaxRetries = 10;

    // url: http(s):// or ws(s)://host:port, optionally with a stream path. Without a path
    // the public stream /ws is used, or /api/system/ws when a token is given.
    RemoteHost(const QString &name, const QUrl &url, const QString &token, QObject *parent = nullptr);
    ~RemoteHost() override;

    QString name() const { return m_name; }
    QUrl url() const { return m_url; }
    QString token() const { return m_token; }
    QUrl streamUrl() const; // what is actually opened

    State state() const { return m_state; }
    // Why the host is not connected ("connection refused", "certificate error: ..."); empty when fine.
    QString message() const { return m_message; }
    bool gaveUp() const { return m_gaveUp; }
    bool wasConnected() const { return m_wasConnected; } // ever, since it was created
    int retry() const { return m_retry; }          // retries since the last good connection
    int connectAttempts() const { return m_attempts; } // every open(), for tests and diagnostics
    qint64 nextRetryMs() const;                      // time until the next retry, -1 if none is due

    History &history() { return *m_history; }
    const History &history() const { return *m_history; }

    void setBackoffBaseMs(int ms) { m_backoffBaseMs = qMax(1, ms); }
    void start();     // first connection
    void reconnect(); // manual: resets the retry count, also after unauthorized
    void stop();      // closes for good until start() or reconnect()

signals:
    void stateChanged(ziggie::RemoteHost::State state);
    void sampleReceived(const ziggie::Sample &sample);
    void retryScheduled(int retry, int delayMs); // retry n of MaxRetries, after delayMs

private:
    void open();
    void onConnected();
    void onError(QAbstractSocket::SocketError error);
    void onSocketStateChanged(QAbstractSocket::SocketState state);
    void onClosed();
    void onText(const QString &text);
    void setState(State state, const QString &message = QString());
    void scheduleRetry();

    QString m_name;
    QUrl m_url;
    QString m_token;
    History *m_history;
    QWebSocket *m_socket = nullptr;
    QTimer *m_retryTimer;
    State m_state = State::Disconnected;
    QString m_message;
    QString m_lastError;
    bool m_unauthorized = false;
    bool m_certificateError = false;
    bool m_stopped = true;
    bool m_gaveUp = false;
    bool m_wasConnected = false;
    bool m_closeHandled = true;
    int m_retry = 0;
    int m_attempts = 0;
    int m_backoffBaseMs = DefaultBackoffMs;
};

} // namespace ziggie
