#include "engine.h"

#include "history.h"
#include "historystore.h"
#include "historywriter.h"
#include "runtimelog.h"
#include "statssampler.h"
#include "statsserver.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace ziggie {

namespace {
QHostAddress bindAddress(const QString &host)
{
    return host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
}

// "" = the user's data location ($XDG_DATA_HOME/ziggie/history.sqlite), "none" = not recorded.
QString historyFile(const Config &config)
{
    if (config.historyDb == QLatin1String(Config::NoHistory))
        return {};
    if (!config.historyDb.isEmpty())
        return config.historyDb;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return dir.isEmpty() ? QString() : dir + QStringLiteral("/ziggie/history.sqlite");
}

storage::Retention retentionOf(const Config &config)
{
    constexpr qint64 hour = 3600LL * 1000;
    storage::Retention r;
    r.rawMs = config.historyRawHours * hour;
    r.minuteMs = config.historyMinuteDays * 24 * hour;
    r.hourMs = config.historyHourDays * 24 * hour;
    r.maxBytes = qint64(config.historyMaxMib) * 1024 * 1024;
    return r;
}

bool sameHistory(const Config &a, const Config &b)
{
    return historyFile(a) == historyFile(b) && retentionOf(a) == retentionOf(b);
}
} // namespace

Engine::Engine(QObject *parent)
    : QObject(parent)
    , m_history(new History(this))
    , m_sampler(new StatsSampler(std::make_unique<OsSystemSource>(), this))
    , m_server(new StatsServer(*m_history, this))
{
    connect(m_sampler, &StatsSampler::sampled, m_history, &History::append);
    connect(m_server, &StatsServer::clientCountChanged, this, &Engine::clientCountChanged);
    connect(m_server, &StatsServer::clientCountChanged, this, &Engine::finishWhenIdle);
    m_grace.setSingleShot(true);
    m_grace.setInterval(ShutdownGraceMs);
    connect(&m_grace, &QTimer::timeout, this, &Engine::finish);
}

Engine::~Engine() = default;

bool Engine::start(const Config &config, QString *error)
{
    m_config = config;
    m_sampler->setIntervalMs(config.intervalMs);
    m_sampler->setDiskPath(config.diskPath);
    openHistory(config);
    m_sampler->sampleNow(); // the first client and REST call already have a sample
    m_sampler->start();
    if (!m_server->configure(config, error))
        return false;
    const bool ok = m_server->listen(bindAddress(config.host), config.port, error);
    if (ok)
        qCInfo(lcApp).noquote() << "serving" << dashboardUrl().toString();
    return ok;
}

bool Engine::reconfigure(const Config &config, QString *error)
{
    const Config old = m_config;
    m_config = config;
    if (config.intervalMs != old.intervalMs) {
        m_sampler->setIntervalMs(config.intervalMs);
        m_server->setIntervalMs(config.intervalMs);
    }
    if (config.diskPath != old.diskPath)
        m_sampler->setDiskPath(config.diskPath);
    if (!sameHistory(config, old))
        openHistory(config);
    else if (m_store && config.intervalMs != old.intervalMs)
        m_store->setRawStepMs(config.intervalMs);
    if (!m_server->configure(config, error))
        return false;

    bool ok = true;
    if (config.host != old.host || config.port != old.port || config.tlsCertificate != old.tlsCertificate
        || config.tlsKey != old.tlsKey || !m_server->isListening()) {
        m_server->close(); // clients are told 1001 and reconnect to the new address
        ok = m_server->listen(bindAddress(config.host), config.port, error);
    }
    emit configChanged(m_config);
    return ok;
}

void Engine::openHistory(const Config &config)
{
    if (m_store) {
        m_server->setRangeSource(nullptr);
        m_server->setHistoryFault({});
        delete m_store; // writes what waits and closes the file
        m_store = nullptr;
        emit historyFaultChanged({});
    }
    const QString path = historyFile(config);
    if (path.isEmpty()) {
        qCInfo(lcApp) << "history is not recorded (history/db is \"none\")";
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath()); // a failure is the writer's fault to report
    m_store = new storage::HistoryStore(path, retentionOf(config), this);
    m_store->setRawStepMs(config.intervalMs);
    connect(m_history, &History::appended, m_store, &storage::HistoryStore::record);
    connect(m_store, &storage::HistoryStore::faultChanged, this, [this](const QString &fault) {
        m_server->setHistoryFault(fault);
        emit historyFaultChanged(fault);
    });
    m_server->setRangeSource(m_store);
    m_store->start();
    qCInfo(lcApp).noquote() << "recording history in" << QDir::toNativeSeparators(path);
}

QString Engine::historyPath() const
{
    return m_store ? m_store->path() : QString();
}

void Engine::queryHistory(const RangeRequest &request, const QObject *context,
                          std::function<void(const RangeAnswer &)> answer)
{
    if (m_store)
        m_store->queryAnswer(request, context, std::move(answer));
}

QString Engine::historyFault() const
{
    return m_store ? m_store->fault() : QString();
}

void Engine::shutdown()
{
    m_sampler->stop();
    if (m_store)
        m_store->stop(); // every sample so far is in the file
    m_server->close(); // each client is sent 1001 and leaves once it answers
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_grace.start();
    finishWhenIdle(clientCount(Endpoint::Public), clientCount(Endpoint::Authenticated));
}

void Engine::finishWhenIdle(int publicClients, int authenticatedClients)
{
    if (m_shuttingDown && publicClients + authenticatedClients == 0)
        finish();
}

void Engine::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_grace.stop();
    emit finished();
}

bool Engine::isListening() const
{
    return m_server->isListening();
}

int Engine::clientCount(Endpoint endpoint) const
{
    return m_server->clientCount(endpoint);
}

ServerUrl Engine::serverUrl() const
{
    if (!m_server->isListening())
        return ServerUrl::of(m_config);
    return {m_server->serverAddress().toString(), m_server->serverPort(), m_server->isTls()};
}

QUrl Engine::dashboardUrl() const
{
    return serverUrl().dashboard();
}

QUrl Engine::streamUrl() const
{
    return serverUrl().stream(Endpoint::Public);
}

QUrl Engine::authenticatedUrl() const
{
    return serverUrl().stream(Endpoint::Authenticated, m_config.token);
}

} // namespace ziggie
