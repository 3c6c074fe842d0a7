#include "settings.h"

#include "apitoken.h"
#include "logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QSettings>
#include <QStandardPaths>

namespace ziggie {

namespace {
// The typed table: every key the file may hold.
const QString KeyHost = QStringLiteral("server/host");
const QString KeyPort = QStringLiteral("server/port");
const QString KeyOrigins = QStringLiteral("server/allowed_origins");
const QString KeyInterval = QStringLiteral("sampler/interval_s");
const QString KeyDisk = QStringLiteral("sampler/disk");
const QString KeyToken = QStringLiteral("auth/token");
const QString KeyJwtSecret = QStringLiteral("auth/jwt_secret");
const QString KeyHostNames = QStringLiteral("server/host_names");
const QString KeyPublicAccess = QStringLiteral("server/public_access");
const QString KeyTlsCert = QStringLiteral("server/tls_cert");
const QString KeyTlsKey = QStringLiteral("server/tls_key");
const QString KeyMetricsAuth = QStringLiteral("server/metrics_auth");
} // namespace

Settings::Settings(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_settings(new QSettings(filePath.isEmpty() ? defaultFilePath() : filePath, QSettings::IniFormat, this))
{
    const QFileInfo info(m_settings->fileName());
    if (info.exists() && !info.isReadable())
        m_loadError = QStringLiteral("settings file %1 is not readable; using defaults").arg(info.filePath());
    else if (m_settings->status() == QSettings::FormatError)
        m_loadError = QStringLiteral("settings file %1 is malformed; using defaults").arg(info.filePath());
    if (!m_loadError.isEmpty())
        qCWarning(lcSettings).noquote() << m_loadError;
}

Settings::~Settings() = default;

QString Settings::defaultFilePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("ziggie/ziggie.conf"));
}

QString Settings::filePath() const
{
    return m_settings->fileName();
}

Config Settings::stored() const
{
    Config c;
    bool ok = false;

    const QString host = m_settings->value(KeyHost, c.host).toString();
    if (!QHostAddress(host).isNull() || host == QLatin1String("localhost"))
        c.host = host;
    else
        qCWarning(lcSettings).noquote() << "ignoring invalid" << KeyHost << "in settings:" << host;

    const int port = m_settings->value(KeyPort, c.port).toInt(&ok);
    if (ok && port >= 0 && port <= 65535)
        c.port = quint16(port);
    else
        qCWarning(lcSettings).noquote() << "ignoring invalid" << KeyPort << "in settings";

    const double interval = m_settings->value(KeyInterval, c.intervalMs / 1000.0).toDouble(&ok);
    const int intervalMs = qRound(interval * 1000.0);
    if (ok && intervalMs >= Config::MinIntervalMs && intervalMs <= Config::MaxIntervalMs)
        c.intervalMs = intervalMs;
    else
        qCWarning(lcSettings).noquote() << "ignoring invalid" << KeyInterval << "in settings";

    c.diskPath = m_settings->value(KeyDisk).toString();
    c.token = m_settings->value(KeyToken).toString();
    c.allowedOrigins = m_settings->value(KeyOrigins).toStringList();
    c.hostNames = m_settings->value(KeyHostNames).toStringList();
    c.jwtSecret = m_settings->value(KeyJwtSecret).toString();
    const QString access = m_settings->value(KeyPublicAccess, publicAccessName(c.publicAccess)).toString();
    if (const auto mode = parsePublicAccess(access))
        c.publicAccess = *mode;
    else
        qCWarning(lcSettings).noquote() << "ignoring invalid" << KeyPublicAccess << "in settings:" << access;
    c.tlsCertificate = m_settings->value(KeyTlsCert).toString();
    c.tlsKey = m_settings->value(KeyTlsKey).toString();
    c.metricsAuth = m_settings->value(KeyMetricsAuth, false).toBool();
    return c;
}

bool Settings::store(const Config &config, QString *error)
{
    restrictToUser();
    m_settings->setValue(KeyHost, config.host);
    m_settings->setValue(KeyPort, config.port);
    m_settings->setValue(KeyInterval, config.intervalMs / 1000.0);
    m_settings->setValue(KeyDisk, config.diskPath);
    m_settings->setValue(KeyToken, config.token);
    m_settings->setValue(KeyOrigins, config.allowedOrigins);
    m_settings->setValue(KeyHostNames, config.hostNames);
    m_settings->setValue(KeyJwtSecret, config.jwtSecret);
    m_settings->setValue(KeyPublicAccess, publicAccessName(config.publicAccess));
    m_settings->setValue(KeyTlsCert, config.tlsCertificate);
    m_settings->setValue(KeyTlsKey, config.tlsKey);
    m_settings->setValue(KeyMetricsAuth, config.metricsAuth);
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError) {
        if (error)
            *error = QStringLiteral("cannot write settings file %1").arg(m_settings->fileName());
        return false;
    }
    emit changed();
    return true;
}

QString Settings::ensureToken()
{
    QString token = m_settings->value(KeyToken).toString();
    if (!token.isEmpty())
        return token;
    token = generateApiToken();
    restrictToUser();
    m_settings->setValue(KeyToken, token);
    m_settings->sync();
    qCInfo(lcSettings).noquote() << "generated a new API token in" << m_settings->fileName();
    return token;
}

QVariant Settings::value(const QString &key, const QVariant &defaultValue) const
{
    return m_settings->value(key, defaultValue);
}

void Settings::setValue(const QString &key, const QVariant &value)
{
    restrictToUser();
    m_settings->setValue(key, value);
    m_settings->sync();
}

void Settings::restrictToUser()
{
    // Created 0600 before QSettings first writes it, so the token is never world-readable.
    QFile file(m_settings->fileName());
    const auto userOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!file.exists()) {
        QDir().mkpath(QFileInfo(file).absolutePath());
        if (file.open(QIODevice::WriteOnly, userOnly))
            file.close();
    }
    file.setPermissions(userOnly);
}

} // namespace ziggie
