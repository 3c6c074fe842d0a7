#pragma once
// HTTP/1.1 on accepted connections until the handler takes one over (a WebSocket upgrade):
// each request head must arrive within 10 s, keep-alive and pipelining are served in order,
// and a connection whose unsent answers pass the cap is not read from until they drain — a
// client that pipelines requests and never reads cannot make the server hold its answers;
// if it stays over the cap for 30 s it is dropped. The handler decides what to answer; text
// answers are gzipped on the way out when the request accepts it (compression.h).

#include "compression.h"
#include "httprequest.h"
#include "httpresponse.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMetaObject>
#include <QObject>
#include <QTimer>


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

    // What the handler makes of a request: an answer now, one later (a query on another
    // thread: answerLater() brings it; the connection reads nothing more meanwhile), or the
    // socket taken over (an upgrade: the handler then owns it and its remaining bytes).
    struct Reply
    {
        enum Kind { Now, Later, TakenOver };
        Kind kind = Now;
        HttpResponse response;
        static Reply now(HttpResponse r) { return Reply{Now, std::move(r)}; }
        static Reply later() { return Reply{Later, {}}; }
        static Reply takenOver() { return Reply{TakenOver, {}}; }
    };

    class Handler
    {
    public:
        virtual ~Handler() = default;
        // For a request whose head has been read from the socket.
        virtual Reply handle(const HttpRequest &request, QTcpSocket *socket) = 0;
    };

    static constexpr qint64 LaterAnswerTimeoutMs = 30 * 1000; // then 503: something is stuck

    HttpServer(Handler &handler, ServerCounters &counters, qint64 maxUnsentBytes, QObject *parent = nullptr);
    ~HttpServer() override;

    // Serves HTTP on the socket from now on; the server becomes its parent.
    void take(QTcpSocket *socket);
    // The answer of a Later reply; nothing happens when the connection has gone meanwhile.
    void answerLater(QTcpSocket *socket, const HttpResponse &response);
    void abortAll();
    int size() const { return int(m_connections.size()); }

private:
    struct Connection
    {
        qint64 deadlineMs = 0; // head timeout, the slow-reader grace while paused, or the answer's
        QMetaObject::Connection resume; // bytesWritten, only while paused
        bool awaiting = false;          // a Later answer is due
        bool headOnly = false;          // ... to a HEAD request
        bool keepAlive = true;          // ... on a connection that stays open
        bool gzip = false;              // ... whose request accepts gzip
    };

    void process(QTcpSocket *socket);
    void reply(QTcpSocket *socket, const HttpResponse &response, bool headOnly);
    void finish(QTcpSocket *socket, HttpResponse response, bool headOnly, bool keepAlive, bool gzip);
    void release(QTcpSocket *socket);
    void sweep();
    qint64 nowMs() const { return m_clock.elapsed(); }

    Handler &m_handler;
    ServerCounters &m_counters;
    qint64 m_maxUnsent;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
    QElapsedTimer m_clock;
    compression::Memo m_lastCompressed;
};

} // namespace ziggie
