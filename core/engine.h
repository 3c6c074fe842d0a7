#pragma once
// The running program minus any window: sampler -> history -> server. app/ composes it
// alone (--headless) or with the desktop UI, which only reads it and follows its signals.

#include "config.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace ziggie {

class History;
class StatsSampler;
class StatsServer;

class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Takes a first sample, then listens. False with a message naming the address
    // when the port cannot be bound; the sampler runs either way.
    bool start(const Config &config, QString *error);

    // Applies a new configuration live: a new address or port rebinds the server
    // (clients are closed with 1001), a new interval restarts the timer.
    bool reconfigure(const Config &config, QString *error);

    // Closes every client with 1001 and stops sampling.
    void shutdown();

    const Config &config() const { return m_config; }
    History &history() { return *m_history; }
    StatsSampler &sampler() { return *m_sampler; }
    StatsServer &server() { return *m_server; }

    QUrl dashboardUrl() const;     // http://host:port/
    QUrl authenticatedUrl() const; // ws://host:port/api/system/ws?token=...

signals:
    void configChanged(const ziggie::Config &config);

private:
    Config m_config;
    History *m_history;
    StatsSampler *m_sampler;
    StatsServer *m_server;
};

} // namespace ziggie
