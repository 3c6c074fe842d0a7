#include "configrules.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace ziggie {

namespace {

std::optional<ConfigError> fail(ConfigKey key, ConfigProblem problem, const QString &value = QString())
{
    const bool secret = key == ConfigKey::Token || key == ConfigKey::JwtSecret;
    return ConfigError{key, problem, secret ? QString() : value};
}

bool isHost(const QString &host)
{
    return host == QLatin1String("localhost") || !QHostAddress(host).isNull();
}

bool isToken(const QString &token)
{
    if (token.size() < MinTokenLength)
        return false;
    for (const QChar ch : token) {
        if (ch.isSpace() || ch.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

bool isOrigin(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
           && !url.host().isEmpty() && (url.path().isEmpty() || url.path() == QLatin1String("/")) && !url.hasQuery()
           && !url.hasFragment() && url.userInfo().isEmpty();
}

bool isHostName(const QString &name)
{
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$"));
    if (name.isEmpty() || name.size() > 253)
        return false;
    const QString withoutRoot = name.endsWith(u'.') ? name.chopped(1) : name;
    for (const QString &part : withoutRoot.split(u'.')) {
        if (part.size() > 63 || !label.match(part).hasMatch())
            return false;
    }
    return true;
}

std::optional<ConfigError> checkDirectory(ConfigKey key, const QString &path)
{
    if (path.isEmpty())
        return std::nullopt;
    const QFileInfo info(path);
    if (info.isRelative())
        return fail(key, ConfigProblem::NotAbsolute, path);
    if (!info.isDir())
        return fail(key, ConfigProblem::NotADirectory, path);
    return std::nullopt;
}

std::optional<ConfigError> checkReadableFile(ConfigKey key, const QString &path)
{
    if (path.isEmpty())
        return std::nullopt;
    const QFileInfo info(path);
    if (info.isRelative())
        return fail(key, ConfigProblem::NotAbsolute, path);
    if (!info.isFile() || !info.isReadable())
        return fail(key, ConfigProblem::NotAReadableFile, path);
    return std::nullopt;
}

std::optional<ConfigError> checkEach(ConfigKey key, const QStringList &entries, bool (*rule)(const QString &),
                                     ConfigProblem problem)
{
    for (const QString &entry : entries) {
        if (!rule(entry))
            return fail(key, problem, entry);
    }
    return std::nullopt;
}

std::optional<ConfigError> checkLimit(ConfigKey key, int value)
{
    if (value < 1 || value > MaxClientLimit)
        return fail(key, ConfigProblem::BadLimit, QString::number(value));
    return std::nullopt;
}

std::optional<int> parseInt(const QString &text, int min, int max)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

// Seconds as written; nullopt unless a finite number. The range is the rule's business.
std::optional<int> parseIntervalMs(const QString &text)
{
    bool ok = false;
    const double ms = text.trimmed().toDouble(&ok) * 1000.0;
    if (!ok || !std::isfinite(ms) || std::abs(ms) > 2.0 * Config::MaxIntervalMs)
        return std::nullopt;
    return int(std::lround(ms));
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    for (const char *yes : {"true", "1", "yes", "on"})
        if (t == QLatin1String(yes))
            return true;
    for (const char *no : {"false", "0", "no", "off"})
        if (t == QLatin1String(no))
            return false;
    return std::nullopt;
}

// Stores a parsed value; false when there was none.
template<typename Field, typename Parsed>
bool assign(Field *field, const std::optional<Parsed> &parsed)
{
    if (parsed)
        *field = Field(*parsed);
    return parsed.has_value();
}

// Parses into *c; false when the text is not even of the key's type.
bool parseInto(Config *c, ConfigKey key, const QString &text)
{
    switch (key) {
    case ConfigKey::Host: c->host = text; return true;
    case ConfigKey::Disk: c->diskPath = text; return true;
    case ConfigKey::Token: c->token = text; return true;
    case ConfigKey::JwtSecret: c->jwtSecret = text; return true;
    case ConfigKey::TlsCertificate: c->tlsCertificate = text; return true;
    case ConfigKey::TlsKey: c->tlsKey = text; return true;
    case ConfigKey::AllowedOrigins: c->allowedOrigins.append(text); return true;
    case ConfigKey::HostNames: c->hostNames.append(text); return true;
    case ConfigKey::Port: return assign(&c->port, parseInt(text, 0, 65535));
    case ConfigKey::Interval: return assign(&c->intervalMs, parseIntervalMs(text));
    case ConfigKey::PublicAccess: return assign(&c->publicAccess, parsePublicAccess(text));
    case ConfigKey::MetricsAuth: return assign(&c->metricsAuth, parseBool(text));
    case ConfigKey::PublicProcesses: return assign(&c->publicProcesses, parseBool(text));
    case ConfigKey::MaxClients: return assign(&c->maxClients, parseInt(text, 1, MaxClientLimit));
    case ConfigKey::MaxClientsPerAddress: return assign(&c->maxClientsPerAddress, parseInt(text, 1, MaxClientLimit));
    case ConfigKey::HistoryDb: c->historyDb = text.trimmed(); return true;
    case ConfigKey::HistoryMaxMib: return assign(&c->historyMaxMib, parseInt(text, 1, 1 << 20));
    case ConfigKey::HistoryRawHours: return assign(&c->historyRawHours, parseInt(text, 1, 8760));
    case ConfigKey::HistoryMinuteDays: return assign(&c->historyMinuteDays, parseInt(text, 1, 3650));
    case ConfigKey::HistoryHourDays: return assign(&c->historyHourDays, parseInt(text, 1, 36500));
    }
    return false;
}

// The problem a text of the wrong type has, named like the rule it breaks.
ConfigProblem typeProblem(ConfigKey key)
{
    switch (key) {
    case ConfigKey::Port: return ConfigProblem::NotAPort;
    case ConfigKey::Interval: return ConfigProblem::BadInterval;
    case ConfigKey::PublicAccess: return ConfigProblem::NotAnAccessMode;
    case ConfigKey::MetricsAuth:
    case ConfigKey::PublicProcesses: return ConfigProblem::NotABoolean;
    case ConfigKey::HistoryMaxMib:
    case ConfigKey::HistoryRawHours:
    case ConfigKey::HistoryMinuteDays:
    case ConfigKey::HistoryHourDays: return ConfigProblem::BadHistorySize;
    default: return ConfigProblem::BadLimit; // the client limits; other keys take any text
    }
}

QString quoted(const QString &value)
{
    // A settings file may hold anything; keep one refused value to one readable line.
    constexpr int Max = 80;
    QString shown = value.size() > Max ? value.left(Max - 1) + QChar(0x2026) : value;
    for (QChar &ch : shown) {
        if (ch.category() == QChar::Other_Control)
            ch = QChar(0xfffd);
    }
    return u'"' + shown + u'"';
}

} // namespace

QString ConfigError::reason() const
{
    const QString v = quoted(value);
    switch (problem) {
    case ConfigProblem::NotAnAddress:
        return QStringLiteral("%1 is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or localhost").arg(v);
    case ConfigProblem::NotAPort: return QStringLiteral("%1 is not a port number (0 to 65535)").arg(v);
    case ConfigProblem::BadInterval: return QStringLiteral("%1 is not a number of seconds from 0.1 to 3600").arg(v);
    case ConfigProblem::NotAbsolute: return QStringLiteral("%1 is not an absolute path").arg(v);
    case ConfigProblem::NotADirectory: return QStringLiteral("%1 does not exist or is not a directory").arg(v);
    case ConfigProblem::NotAReadableFile: return QStringLiteral("%1 is not a file that can be read").arg(v);
    case ConfigProblem::BadToken:
        return QStringLiteral("the token must have at least %1 characters and no spaces or control characters")
            .arg(MinTokenLength);
    case ConfigProblem::BadOrigin:
        return QStringLiteral("%1 is not a browser origin (http:// or https://, a host, an optional port, no path)")
            .arg(v);
    case ConfigProblem::BadHostName:
        return QStringLiteral("%1 is not a host name (letters, digits, '-' and '_', dots between labels)").arg(v);
    case ConfigProblem::ShortJwtSecret:
        return QStringLiteral("a JWT secret needs at least %1 characters").arg(MinJwtSecretLength);
    case ConfigProblem::NotAnAccessMode: return QStringLiteral("%1 is not one of %2").arg(v, publicAccessNames());
    case ConfigProblem::TlsUnpaired: return QStringLiteral("the TLS certificate and key go together: give both or neither");
    case ConfigProblem::NotABoolean: return QStringLiteral("%1 is not true or false").arg(v);
    case ConfigProblem::BadLimit: return QStringLiteral("%1 is not a number from 1 to %2").arg(v).arg(MaxClientLimit);
    case ConfigProblem::NotAHistoryFile:
        return QStringLiteral("%1 is neither none nor the absolute path of a file").arg(v);
    case ConfigProblem::BadHistorySize:
        return QStringLiteral("%1 is not a whole number in its range (see --help)").arg(v);
    }
    return v;
}

std::optional<ConfigError> checkField(const Config &c, ConfigKey key)
{
    switch (key) {
    case ConfigKey::Host:
        return isHost(c.host) ? std::nullopt : fail(key, ConfigProblem::NotAnAddress, c.host);
    case ConfigKey::Port: // quint16 holds nothing but 0..65535
    case ConfigKey::PublicAccess:
    case ConfigKey::MetricsAuth:
    case ConfigKey::PublicProcesses:
        return std::nullopt;
    case ConfigKey::Interval:
        if (c.intervalMs < Config::MinIntervalMs || c.intervalMs > Config::MaxIntervalMs)
            return fail(key, ConfigProblem::BadInterval, QString::number(c.intervalMs / 1000.0));
        return std::nullopt;
    case ConfigKey::Disk: return checkDirectory(key, c.diskPath);
    case ConfigKey::Token: return isToken(c.token) ? std::nullopt : fail(key, ConfigProblem::BadToken);
    case ConfigKey::AllowedOrigins: return checkEach(key, c.allowedOrigins, isOrigin, ConfigProblem::BadOrigin);
    case ConfigKey::HostNames: return checkEach(key, c.hostNames, isHostName, ConfigProblem::BadHostName);
    case ConfigKey::JwtSecret:
        if (!c.jwtSecret.isEmpty() && c.jwtSecret.size() < MinJwtSecretLength)
            return fail(key, ConfigProblem::ShortJwtSecret);
        return std::nullopt;
    case ConfigKey::TlsCertificate: return checkReadableFile(key, c.tlsCertificate);
    case ConfigKey::TlsKey: return checkReadableFile(key, c.tlsKey);
    case ConfigKey::MaxClients: return checkLimit(key, c.maxClients);
    case ConfigKey::MaxClientsPerAddress: return checkLimit(key, c.maxClientsPerAddress);
    case ConfigKey::HistoryDb:
        if (c.historyDb.isEmpty() || c.historyDb == QLatin1String(Config::NoHistory))
            return std::nullopt;
        if (QFileInfo(c.historyDb).isRelative() || QFileInfo(c.historyDb).isDir())
            return fail(key, ConfigProblem::NotAHistoryFile, c.historyDb);
        return std::nullopt;
    case ConfigKey::HistoryMaxMib:
    case ConfigKey::HistoryRawHours:
    case ConfigKey::HistoryMinuteDays:
    case ConfigKey::HistoryHourDays: // their ranges are the parser's; the dialog never sets them
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ConfigError> checkBetweenFields(const Config &c)
{
    if (c.tlsCertificate.isEmpty() != c.tlsKey.isEmpty())
        return fail(c.tlsCertificate.isEmpty() ? ConfigKey::TlsCertificate : ConfigKey::TlsKey,
                    ConfigProblem::TlsUnpaired);
    return std::nullopt;
}

std::optional<ConfigError> validate(const Config &config)
{
    for (const ConfigKeyInfo &info : configKeys()) {
        if (auto error = checkField(config, info.key))
            return error;
    }
    return checkBetweenFields(config);
}

std::optional<ConfigError> setFromText(Config *config, ConfigKey key, const QString &text)
{
    Config candidate = *config;
    if (!parseInto(&candidate, key, text))
        return fail(key, typeProblem(key), text);
    if (auto error = checkField(candidate, key)) {
        // Name the value as it was written (seconds, not milliseconds); a list names its entry.
        if (configKeyInfo(key).kind != ConfigKind::List && !error->value.isEmpty())
            error->value = text;
        return error;
    }
    *config = candidate;
    return std::nullopt;
}

std::optional<ConfigError> setFromTexts(Config *config, ConfigKey key, const QStringList &texts)
{
    if (configKeyInfo(key).kind != ConfigKind::List)
        return setFromText(config, key, texts.join(QStringLiteral(", ")));
    Config candidate = *config;
    (key == ConfigKey::AllowedOrigins ? candidate.allowedOrigins : candidate.hostNames).clear();
    for (const QString &text : texts) {
        if (auto error = setFromText(&candidate, key, text))
            return error;
    }
    *config = candidate;
    return std::nullopt;
}

QVariant settingsValue(const Config &c, ConfigKey key)
{
    switch (key) {
    case ConfigKey::Host: return c.host;
    case ConfigKey::Port: return c.port;
    case ConfigKey::Interval: return c.intervalMs / 1000.0;
    case ConfigKey::Disk: return c.diskPath;
    case ConfigKey::Token: return c.token;
    case ConfigKey::AllowedOrigins: return c.allowedOrigins;
    case ConfigKey::HostNames: return c.hostNames;
    case ConfigKey::JwtSecret: return c.jwtSecret;
    case ConfigKey::PublicAccess: return publicAccessName(c.publicAccess);
    case ConfigKey::TlsCertificate: return c.tlsCertificate;
    case ConfigKey::TlsKey: return c.tlsKey;
    case ConfigKey::MetricsAuth: return c.metricsAuth;
    case ConfigKey::PublicProcesses: return c.publicProcesses;
    case ConfigKey::MaxClients: return c.maxClients;
    case ConfigKey::MaxClientsPerAddress: return c.maxClientsPerAddress;
    case ConfigKey::HistoryDb: return c.historyDb;
    case ConfigKey::HistoryMaxMib: return c.historyMaxMib;
    case ConfigKey::HistoryRawHours: return c.historyRawHours;
    case ConfigKey::HistoryMinuteDays: return c.historyMinuteDays;
    case ConfigKey::HistoryHourDays: return c.historyHourDays;
    }
    return {};
}

} // namespace ziggie
