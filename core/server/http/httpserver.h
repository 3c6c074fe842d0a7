#pragma once
// HTTP/1.1 on accepted connections until the handler takes one over (a WebSocket upgrade):
// each request head must arrive within 10 s, keep-alive and pipelining are served in order,
// and a connection whose unsent answers pass the cap is not read from until they drain — a
// client that pipelines requests and never reads cannot make the server hold its answers;
// if it stays over the cap for 30 s it is dropped. The handler decides what to answer.

#include "httprequest.h"
#include "httpresponse.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMetaObject>
#include <QObject>
#include <QTimer>

#include <optional>

class QTcpSocket;

namespace ziggie {

struct ServerCounters;

class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    static constexpr qint64 RequestHeadTimeoutMs = 10 * 1000;
    static constexpr qint64 SlowReaderGraceMs = 30 * 1000;

    class Handler
    {
    public:
        virtual ~Handler() = default;
        // The answer to a request whose head has been read from the socket; nothing when the
        // handler took the socket over (it then owns it and its remaining bytes).
        virtual std::optional<HttpResponse> handle(const HttpRequest &request, QTcpSocket *socket) = 0;
    };

    HttpServer(Handler &handler, ServerCounters &counters, qint64 maxUnsentBytes, QObject *parent = nullptr);
    ~HttpServer() override;

    // Serves HTTP on the socket from now on; the server becomes its parent.
    void take(QTcpSocket *socket);
    void abortAll();
    int size() const { return int(m_connections.size()); }

private:
    struct Connection
    {
        qint64 deadlineMs = 0; // head timeout, or the slow-reader grace while paused
        QMetaObject::Connection resume; // bytesWritten, only while paused
    };

    void process(QTcpSocket *socket);
    void reply(QTcpSocket *socket, const HttpResponse &response, bool headOnly);
    void release(QTcpSocket *socket);
    void sweep();
    qint64 nowMs() const { return m_clock.elapsed(); }

    Handler &m_handler;
    ServerCounters &m_counters;
    qint64 m_maxUnsent;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
    QElapsedTimer m_clock;
};

} // namespace ziggie
