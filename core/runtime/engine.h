#pragma once
// The running program minus any window: sampler -> history -> server. app/ composes it
// alone (--headless) or with the desktop UI. It is the one face those two see: the UI
// reads the history and the URLs and follows the client counts from here, and never
// touches the server behind it.

#include "config.h"
#include "endpoint.h"
#include "serverurl.h"

#include "rangeanswer.h"
#include "rangerequest.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>

namespace ziggie::storage {
class HistoryStore;
}

namespace ziggie {

class History;
class StatsSampler;
class StatsServer;

class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    // How long shutdown() waits for clients to answer the 1001 close before finished().
    static constexpr int ShutdownGraceMs = 1000;

    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Takes a first sample, then listens. False with a message naming the address
    // when the port cannot be bound; the sampler runs either way.
    bool start(const Config &config, QString *error);

    // Applies a new configuration live: a new address or port rebinds the server
    // (clients are closed with 1001), a new interval restarts the timer.
    bool reconfigure(const Config &config, QString *error);

    // Stops sampling and closes every client with 1001 (going away); finished() follows
    // once they are all gone, or after ShutdownGraceMs at the latest, and only once.
    void shutdown();

    const Config &config() const { return m_config; }
    History &history() { return *m_history; }
    StatsSampler &sampler() { return *m_sampler; }

    // Durable history: the file every sample is recorded in (empty when not recorded: "none"),
    // ranges asked of it for the chart window (the answer arrives on this thread unless
    // `context` is gone by then), and what keeps it from recording, if anything.
    QString historyPath() const;
    bool recordsHistory() const { return m_store != nullptr; }
    void queryHistory(const RangeRequest &request, const QObject *context,
                      std::function<void(const RangeAnswer &)> answer);
    QString historyFault() const;

    bool isListening() const;
    int clientCount(Endpoint endpoint) const;

    // Where clients reach the server: its bound address and port once it listens, before
    // that the configured ones (serverurl.h builds them all).
    QUrl dashboardUrl() const;     // http(s)://host:port/
    QUrl streamUrl() const;        // ws(s)://host:port/ws
    QUrl authenticatedUrl() const; // ws(s)://host:port/api/system/ws?token=...

signals:
    void configChanged(const ziggie::Config &config);
    void clientCountChanged(int publicClients, int authenticatedClients);
    void finished(); // after shutdown(): the program may quit now
    void historyFaultChanged(const QString &fault); // empty once recording works again

private:
    ServerUrl serverUrl() const;
    void openHistory(const Config &config);
    void finishWhenIdle(int publicClients, int authenticatedClients);
    void finish();

    Config m_config;
    History *m_history;
    StatsSampler *m_sampler;
    StatsServer *m_server;
    storage::HistoryStore *m_store = nullptr;
    QTimer m_grace;
    bool m_shuttingDown = false;
    bool m_finished = false;
};

} // namespace ziggie
