#include "httpserver.h"

#include "metrics.h"
#include "socketbytes.h"

#include <QPointer>
#include <QTcpSocket>

namespace ziggie {

HttpServer::HttpServer(Handler &handler, ServerCounters &counters, qint64 maxUnsentBytes, QObject *parent)
    : QObject(parent)
    , m_handler(handler)
    , m_counters(counters)
    , m_maxUnsent(maxUnsentBytes)
{
    m_clock.start();
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweep);
}

HttpServer::~HttpServer() = default;

void HttpServer::take(QTcpSocket *socket)
{
    socket->setParent(this);
    // Qt stops reading from the kernel once a whole head's worth waits unread.
    socket->setReadBufferSize(MaxRequestHeadBytes + 1);
    m_connections.insert(socket, Connection{nowMs() + RequestHeadTimeoutMs, {}});
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { process(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (m_connections.remove(socket))
            socket->deleteLater();
    });
    if (!m_sweep.isActive())
        m_sweep.start();
    if (socket->bytesAvailable())
        process(socket);
}

void HttpServer::abortAll()
{
    const auto sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void HttpServer::sweep()
{
    const qint64 now = nowMs();
    QList<QTcpSocket *> late;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it)
        if (it.value().deadlineMs <= now)
            late.append(it.key());
    for (QTcpSocket *socket : late) {
        if (m_connections.value(socket).awaiting) {
            const Connection c = m_connections.value(socket);
            m_connections[socket].awaiting = false;
            finish(socket, HttpResponse::problem(503, QStringLiteral("the answer took too long")), c.headOnly, false,
                   c.gzip);
        } else if (m_connections.value(socket).resume) { // still not reading its answers
            ++m_counters.slowClientsDropped;
            m_connections.remove(socket);
            socket->abort();
            socket->deleteLater();
        } else {
            reply(socket, HttpResponse::problem(408, QStringLiteral("request head not received within 10 s")), false);
        }
    }
    if (m_connections.isEmpty())
        m_sweep.stop();
}

void HttpServer::reply(QTcpSocket *socket, const HttpResponse &response, bool headOnly)
{
    ++m_counters.httpResponses;
    if (response.status >= 400)
        ++m_counters.refusedByStatus[response.status];
    socket->write(response.serialize(headOnly));
    if (!response.keepAlive) {
        release(socket);
        socket->setParent(nullptr);
        socket->disconnectFromHost(); // after the response is flushed
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
    } else {
        m_connections[socket].deadlineMs = nowMs() + RequestHeadTimeoutMs; // the next request
    }
}

void HttpServer::release(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    disconnect(it.value().resume);
    m_connections.erase(it);
    socket->disconnect(this);
}

void HttpServer::answerLater(QTcpSocket *socket, const HttpResponse &response)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || !it->awaiting)
        return; // gone, or timed out already
    it->awaiting = false;
    finish(socket, response, it->headOnly, it->keepAlive, it->gzip);
}

void HttpServer::finish(QTcpSocket *socket, HttpResponse response, bool headOnly, bool keepAlive, bool gzip)
{
    if (!keepAlive)
        response.keepAlive = false;
    // Before HEAD drops the body: its head must say what GET's would (Content-Length, -Encoding).
    compression::encodeAnswer(response, gzip, &m_lastCompressed);
    reply(socket, response, headOnly);
    if (response.keepAlive && socket->bytesAvailable())
        QMetaObject::invokeMethod(this, [this, guard = QPointer<QTcpSocket>(socket)] {
            if (guard)
                process(guard);
        }, Qt::QueuedConnection);
}

void HttpServer::process(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->awaiting)
        return;
    if (unsentBytes(socket) > m_maxUnsent) {
        // Read nothing more until the answers drain; the kernel buffers fill and the client waits.
        if (!it->resume) {
            it->deadlineMs = nowMs() + SlowReaderGraceMs;
            it->resume = connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
                auto c = m_connections.find(socket);
                if (c == m_connections.end() || unsentBytes(socket) > m_maxUnsent)
                    return;
                disconnect(c->resume);
                c->resume = {};
                c->deadlineMs = nowMs() + RequestHeadTimeoutMs;
                process(socket);
            });
        }
        return;
    }

    // Peek, do not read: nothing is consumed until the whole head is here.
    const HeadParse head = parseRequestHead(socket->peek(MaxRequestHeadBytes + 1));
    switch (head.status) {
    case HeadParse::Incomplete:
        return;
    case HeadParse::TooLarge:
        return reply(socket, HttpResponse::problem(431, QStringLiteral("request head exceeds 8 KiB")), false);
    case HeadParse::Malformed:
        return reply(socket,
                     HttpResponse::problem(400, QStringLiteral("malformed request: ") + QString::fromLatin1(head.problem)),
                     false);
    case HeadParse::Complete:
        break;
    }

    socket->read(head.headSize);
    const HttpRequest &request = head.request;
    const QByteArray connection = request.header("connection").toLower();
    const bool keepAlive = !request.hasBody() // bodies are not read; do not parse them as requests
                           && connection != "close" && (request.version != "HTTP/1.0" || connection == "keep-alive");
    const bool headOnly = request.method == "HEAD";
    const bool gzip = compression::acceptsGzip(request.header("accept-encoding"));
    Reply r = m_handler.handle(request, socket);
    switch (r.kind) {
    case Reply::TakenOver: // an upgrade
        release(socket);
        return;
    case Reply::Later:
        if (const auto c = m_connections.find(socket); c != m_connections.end()) {
            c->awaiting = true;
            c->headOnly = headOnly;
            c->keepAlive = keepAlive;
            c->gzip = gzip;
            c->deadlineMs = nowMs() + LaterAnswerTimeoutMs;
        }
        return;
    case Reply::Now:
        finish(socket, std::move(r.response), headOnly, keepAlive, gzip);
        return;
    }
}

} // namespace ziggie
