#include "settings.h"

#include "apitoken.h"
#include "configkeys.h"
#include "configrules.h"
#include "logging.h"
#include "settingsfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace ziggie {

namespace {

QString tokenKey()
{
    return configKeyInfo(ConfigKey::Token).settingsKey;
}

// A value as the rules read it: a list as its entries, anything else as one text.
QStringList textsOf(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QStringList) {
        const QStringList list = value.toStringList();
        return list == QStringList{QString()} ? QStringList() : list;
    }
    const QString text = value.toString();
    return text.isEmpty() ? QStringList() : QStringList{text};
}

QString defaultText(ConfigKey key)
{
    const QVariant value = settingsValue(Config(), key);
    const QString text = value.metaType().id() == QMetaType::QStringList
                             ? value.toStringList().join(QStringLiteral(", "))
                             : value.toString();
    return text.isEmpty() ? QString() : u' ' + text;
}

} // namespace

Settings::Settings(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath.isEmpty() ? defaultFilePath() : filePath)
{
    QString problem = settingsFileProblem(m_filePath);
    if (problem.isEmpty()) {
        m_settings = new QSettings(m_filePath, QSettings::IniFormat, this);
        if (m_settings->status() != QSettings::NoError) {
            problem = m_settings->status() == QSettings::FormatError ? QStringLiteral("it is not INI text")
                                                                     : QStringLiteral("it cannot be read");
            delete m_settings; // unchanged, so its sync() writes nothing
            m_settings = nullptr;
        }
    }
    if (problem.isEmpty())
        return;
    m_loadError = QStringLiteral("cannot use the settings file %1: %2. Using the built-in defaults and writing "
                                 "nothing there; a generated API token lives only in memory for this run.")
                      .arg(QDir::toNativeSeparators(m_filePath), problem);
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
    return m_filePath;
}

Config Settings::stored() const
{
    Config c;
    for (const ConfigKeyInfo &info : configKeys()) {
        if (info.settingsKey.isEmpty())
            continue;
        const QVariant raw = rawValue(info.settingsKey);
        if (!raw.isValid())
            continue;
        const QStringList texts = textsOf(raw);
        // Written empty: the default, when the default is empty too (no disk, no JWT secret).
        if (texts.isEmpty() && info.kind == ConfigKind::Value && defaultText(info.key).isEmpty())
            continue;
        if (const auto error = setFromTexts(&c, info.key, texts)) {
            qCWarning(lcSettings).noquote() << QStringLiteral("settings file %1: ignoring %2: %3; using the default%4")
                                                   .arg(QDir::toNativeSeparators(m_filePath), info.settingsKey,
                                                        error->reason(), defaultText(info.key));
        }
    }
    if (const auto error = checkBetweenFields(c)) {
        qCWarning(lcSettings).noquote() << QStringLiteral("settings file %1: ignoring %2 and %3: %4")
                                               .arg(QDir::toNativeSeparators(m_filePath),
                                                    configKeyInfo(ConfigKey::TlsCertificate).settingsKey,
                                                    configKeyInfo(ConfigKey::TlsKey).settingsKey, error->reason());
        c.tlsCertificate.clear();
        c.tlsKey.clear();
    }
    return c;
}

bool Settings::store(const Config &config, QString *error)
{
    if (!m_settings || !restrictToUser()) {
        if (error)
            *error = m_settings ? QStringLiteral("cannot write settings file %1").arg(m_filePath) : m_loadError;
        return false;
    }
    for (const ConfigKeyInfo &info : configKeys()) {
        if (info.settingsKey.isEmpty())
            continue;
        m_settings->setValue(info.settingsKey, settingsValue(config, info.key));
        m_memory.remove(info.settingsKey);
    }
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError) {
        if (error)
            *error = QStringLiteral("cannot write settings file %1").arg(m_filePath);
        return false;
    }
    emit changed();
    return true;
}

QString Settings::ensureToken()
{
    const QString current = rawValue(tokenKey()).toString();
    Config probe;
    if (!current.isEmpty() && !setFromText(&probe, ConfigKey::Token, current))
        return current;
    const QString token = generateApiToken();
    if (current.isEmpty() && writeThrough(tokenKey(), token)) {
        qCInfo(lcSettings).noquote() << "generated a new API token in" << QDir::toNativeSeparators(m_filePath);
        return token;
    }
    m_memory.insert(tokenKey(), token);
    if (m_settings) { // else the load warning said so already
        qCWarning(lcSettings).noquote()
            << QStringLiteral("settings file %1: %2; the API token generated now lives only in memory for this run")
                   .arg(QDir::toNativeSeparators(m_filePath),
                        current.isEmpty() ? QStringLiteral("cannot store the API token")
                                          : QStringLiteral("%1 is left as written").arg(tokenKey()));
    }
    return token;
}

QVariant Settings::value(const QString &key, const QVariant &defaultValue) const
{
    const QVariant v = rawValue(key);
    return v.isValid() ? v : defaultValue;
}

void Settings::setValue(const QString &key, const QVariant &value)
{
    if (writeThrough(key, value))
        m_memory.remove(key);
    else
        m_memory.insert(key, value);
}

QVariant Settings::rawValue(const QString &key) const
{
    if (const auto it = m_memory.constFind(key); it != m_memory.constEnd())
        return *it;
    return m_settings ? m_settings->value(key) : QVariant();
}

bool Settings::writeThrough(const QString &key, const QVariant &value)
{
    if (!m_settings || !restrictToUser())
        return false;
    m_settings->setValue(key, value);
    m_settings->sync();
    return m_settings->status() == QSettings::NoError;
}

bool Settings::restrictToUser()
{
    // Only ever a regular file: the path was checked when it was read, but may be something
    // else by now, and a directory made 0600 is one its owner can no longer enter.
    const QFileInfo info(m_filePath);
    const auto userOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (info.exists() || info.isSymLink()) {
        if (!info.isFile())
            return false;
        QFile::setPermissions(m_filePath, userOnly);
        return true;
    }
    // Created 0600 before QSettings first writes it, so the token is never world-readable.
    QDir().mkpath(info.absolutePath());
    QFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, userOnly))
        return false;
    file.close();
    return true;
}

} // namespace ziggie
