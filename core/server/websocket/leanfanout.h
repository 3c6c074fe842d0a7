#pragma once
// The fan-out for plain-TCP WebSocket clients after their handshake: each client is a socket
// descriptor and a few counters, no QObject and no socket object, in one epoll set per fan-out
// thread. A tick is one send() per client of a frame built once per subscription set; output
// is buffered only when the kernel's buffer is full, and then the client is not read from until
// it drains (the same cap and slow-consumer rule as every connection). Frames are read and
// answered with the same rules as the Qt connections of TLS clients (wsreaction.h).
//
// Linux only (epoll); elsewhere isSupported() is false and every client stays on a Qt socket.
// Everything but the constructor runs on the fan-out's own thread; the owner's callbacks are
// made there too.

#include "clientmessage.h"
#include "endpoint.h"
#include "websocket/wsframe.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

class QSocketNotifier;

namespace ziggie {

class TickFrames;

// A QObject for its thread and as the context of what is queued to it; no signals.
class LeanFanout final : public QObject
{
    Q_DISABLE_COPY_MOVE(LeanFanout)

public:
    class Owner
    {
    public:
        virtual ~Owner() = default;
        // On the fan-out's thread: a client went; whether a client on `endpoint` may have
        // private extras; a client asks for a stored range, whose answer comes back later
        // through deliver(id, …) — or finds the client gone, and goes nowhere.
        virtual void leanGone(quint32 id, Endpoint endpoint) = 0;
        virtual bool trusted(Endpoint endpoint) const = 0;
        virtual void leanRangeRequest(LeanFanout &fanout, quint32 id, const ClientMessage &request) = 0;
    };

    struct Counters
    {
        std::atomic<quint64> sent{0};
        std::atomic<quint64> dropped{0};
        std::atomic<quint64> slowDisconnected{0};
    };

    static constexpr qsizetype ReadChunk = 16 * 1024;
    static constexpr qint64 CloseWaitMs = 2000;
    static constexpr int SweepMs = 30 * 1000;

    static bool isSupported();

    LeanFanout(Owner &owner, qint64 maxUnsentBytes, qint64 slowGraceMs, qint64 silentLimitMs, QObject *parent = nullptr);
    ~LeanFanout() override; // closes every client's descriptor

    void start(); // on its thread, before anything else

    // Takes a descriptor whose handshake is done; `pending` is what the client sent after its
    // head, `greeting` (the history message) goes out first.
    void adopt(int fd, const QByteArray &pending, quint32 id, Endpoint endpoint, const QByteArray &greeting);
    void broadcast(const std::shared_ptr<const TickFrames> &tick);
    void deliver(quint32 id, const QByteArray &text); // an answer to one client, if still here
    void closeAll(quint16 code, const QByteArray &reason);

    const Counters &counters() const { return m_counters; }
    int size() const; // clients held now (any thread: an atomic)

private:
    struct Client;

    void onReady();
    void sweep();
    void readFrom(Client *c);
    void parse(Client *c);
    void handleMessage(Client *c, const ws::Event &event);
    void writeTo(Client *c, const QByteArray &bytes);
    void flushOut(Client *c);
    void watch(Client *c);
    // Now: a FIN follows the close frame (an answer to the client's close, a protocol error).
    // AwaitAnswer: our own close (shutdown); the client's close frame ends it.
    enum class Ending { Now, AwaitAnswer };
    void finish(Client *c, Ending ending);
    void drop(Client *c);
    void reap();
    qint64 unsent(const Client *c) const;
    qint64 nowMs() const { return m_clock.elapsed(); }

    Owner &m_owner;
    const qint64 m_maxUnsent;
    const qint64 m_slowGraceMs;
    const qint64 m_silentLimitMs;
    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer *m_sweep = nullptr;
    QElapsedTimer m_clock;
    std::vector<std::unique_ptr<Client>> m_clients;
    QHash<quint32, Client *> m_byId;
    std::vector<Client *> m_dead; // closed during a pass, deleted after it
    Counters m_counters;
    std::atomic<int> m_size{0};
};

} // namespace ziggie
