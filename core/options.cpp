#include "options.h"

#include <QFileInfo>
#include <QHostAddress>

namespace ziggie {

namespace {

const QString OptHeadless = QStringLiteral("headless");
const QString OptHost = QStringLiteral("host");
const QString OptPort = QStringLiteral("port");
const QString OptInterval = QStringLiteral("interval");
const QString OptDisk = QStringLiteral("disk");
const QString OptToken = QStringLiteral("token");
const QString OptSettings = QStringLiteral("settings");
const QString OptShowToken = QStringLiteral("show-token");
const QString OptOrigin = QStringLiteral("allowed-origin");
const QString OptHostName = QStringLiteral("host-name");
const QString OptJwtSecret = QStringLiteral("jwt-secret");
const QString OptPublicAccess = QStringLiteral("public-access");
const QString OptTlsCert = QStringLiteral("tls-cert");
const QString OptTlsKey = QStringLiteral("tls-key");
const QString OptMaxClients = QStringLiteral("max-clients");
const QString OptMetricsAuth = QStringLiteral("metrics-auth");
const QString OptMaxPerAddress = QStringLiteral("max-clients-per-address");

// The value of one setting from the command line, else the environment, else nothing.
std::optional<QString> pick(const QCommandLineParser &p, const QString &option,
                            const QProcessEnvironment &env, const char *envName)
{
    if (p.isSet(option))
        return p.value(option);
    const QString name = QString::fromLatin1(envName);
    if (env.contains(name))
        return env.value(name);
    return std::nullopt;
}

// Where a value came from, for error messages: "--port" or "ZIGGIE_PORT".
QString source(const QCommandLineParser &p, const QString &option, const char *envName)
{
    return p.isSet(option) ? QStringLiteral("--") + option : QString::fromLatin1(envName);
}

} // namespace

Options::Options()
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Ziggie Control Center: live CPU, memory and disk in the tray, a chart window and any browser.\n"
        "Serves a web dashboard, WebSocket streams (/ws, /api/system/ws), REST and /metrics on one port."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOptions({
        {OptHeadless, QStringLiteral("Run without tray or windows (servers, systemd).")},
        {OptHost, QStringLiteral("Address to bind (env ZIGGIE_HOST; default 127.0.0.1). Anything beyond "
                                 "loopback exposes the server to your network."),
         QStringLiteral("address")},
        {OptPort, QStringLiteral("TCP port, 0 = any free port (env ZIGGIE_PORT; default 54112)."),
         QStringLiteral("port")},
        {OptInterval, QStringLiteral("Seconds between samples, 0.1 to 3600 (env ZIGGIE_INTERVAL; default 2)."),
         QStringLiteral("seconds")},
        {OptDisk, QStringLiteral("Directory whose file system is reported as the disk (env ZIGGIE_DISK; "
                                 "default: the system disk)."),
         QStringLiteral("path")},
        {OptToken, QStringLiteral("API token for /api/system/ws (env ZIGGIE_TOKEN; default: generated on first "
                                  "start and kept in the settings file)."),
         QStringLiteral("token")},
        {OptOrigin, QStringLiteral("Also accept WebSocket and CORS requests from this browser origin, e.g. "
                                   "http://dashboard.example:5173 (repeatable)."),
         QStringLiteral("origin")},
        {OptHostName, QStringLiteral("Also accept this name in the Host header (repeatable); IP literals, "
                                     "localhost and the machine's name always are."),
         QStringLiteral("name")},
        {OptJwtSecret, QStringLiteral("Also accept HS256 JWTs signed with this secret on /api/system/ws "
                                      "(env ZIGGIE_JWT_SECRET)."),
         QStringLiteral("secret")},
        {OptPublicAccess, QStringLiteral("Who may use the public endpoints when bound beyond loopback: "
                                         "loopback, private (default: loopback and private networks) or any."),
         QStringLiteral("mode")},
        {OptTlsCert, QStringLiteral("PEM certificate: serve https:// and wss:// (with --tls-key)."),
         QStringLiteral("file")},
        {OptTlsKey, QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("file")},
        {OptMetricsAuth, QStringLiteral("Put /metrics behind the same token or JWT as /api/system/ws "
                                        "(for machines exposed on a LAN).")},
        {OptMaxClients, QStringLiteral("Most WebSocket clients at once (default 10000)."), QStringLiteral("n")},
        {OptMaxPerAddress, QStringLiteral("Most WebSocket clients from one non-loopback address (default 64)."),
         QStringLiteral("n")},
        {OptSettings, QStringLiteral("Use this settings file instead of the user's."), QStringLiteral("file")},
        {OptShowToken, QStringLiteral("Print the API token and the authenticated URL, then exit.")},
    });
}

bool Options::parse(const QStringList &arguments, QString *error)
{
    if (!m_parser.parse(arguments)) {
        *error = m_parser.errorText();
        return false;
    }
    if (!m_parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument: %1").arg(m_parser.positionalArguments().constFirst());
        return false;
    }
    return true;
}

bool Options::headless() const { return m_parser.isSet(OptHeadless); }
bool Options::showToken() const { return m_parser.isSet(OptShowToken); }
bool Options::showVersion() const { return m_parser.isSet(QStringLiteral("version")); }
bool Options::showHelp() const { return m_parser.isSet(QStringLiteral("help")); }
QString Options::settingsFile() const { return m_parser.value(OptSettings); }
QString Options::helpText() const { return m_parser.helpText(); }

std::optional<Config> Options::resolve(const Config &stored, const QProcessEnvironment &env, QString *error) const
{
    Config c = stored;
    const QCommandLineParser &p = m_parser;

    if (const auto host = pick(p, OptHost, env, "ZIGGIE_HOST")) {
        if (QHostAddress(*host).isNull() && *host != QLatin1String("localhost")) {
            *error = QStringLiteral("%1: \"%2\" is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)")
                         .arg(source(p, OptHost, "ZIGGIE_HOST"), *host);
            return std::nullopt;
        }
        c.host = *host;
    }
    if (const auto port = pick(p, OptPort, env, "ZIGGIE_PORT")) {
        bool ok = false;
        const int value = port->toInt(&ok);
        if (!ok || value < 0 || value > 65535) {
            *error = QStringLiteral("%1: \"%2\" is not a port number (0 to 65535)")
                         .arg(source(p, OptPort, "ZIGGIE_PORT"), *port);
            return std::nullopt;
        }
        c.port = quint16(value);
    }
    if (const auto interval = pick(p, OptInterval, env, "ZIGGIE_INTERVAL")) {
        bool ok = false;
        const double seconds = interval->toDouble(&ok);
        const qint64 ms = ok ? qRound64(seconds * 1000.0) : -1;
        if (!ok || !(seconds == seconds) || ms < Config::MinIntervalMs || ms > Config::MaxIntervalMs) {
            *error = QStringLiteral("%1: \"%2\" is not a number of seconds from 0.1 to 3600")
                         .arg(source(p, OptInterval, "ZIGGIE_INTERVAL"), *interval);
            return std::nullopt;
        }
        c.intervalMs = int(ms);
    }
    if (const auto disk = pick(p, OptDisk, env, "ZIGGIE_DISK"))
        c.diskPath = *disk;
    if (!c.diskPath.isEmpty() && !QFileInfo(c.diskPath).isDir()) {
        *error = QStringLiteral("disk path \"%1\" does not exist or is not a directory").arg(c.diskPath);
        return std::nullopt;
    }
    if (const auto token = pick(p, OptToken, env, "ZIGGIE_TOKEN")) {
        if (token->trimmed().isEmpty() || token->contains(QLatin1Char(' '))) {
            *error = QStringLiteral("%1: the token must be non-empty and contain no spaces")
                         .arg(source(p, OptToken, "ZIGGIE_TOKEN"));
            return std::nullopt;
        }
        c.token = *token;
    }
    if (p.isSet(OptOrigin))
        c.allowedOrigins += p.values(OptOrigin);
    if (p.isSet(OptHostName))
        c.hostNames += p.values(OptHostName);
    if (const auto secret = pick(p, OptJwtSecret, env, "ZIGGIE_JWT_SECRET")) {
        if (secret->size() < 16) {
            *error = QStringLiteral("%1: a JWT secret needs at least 16 characters")
                         .arg(source(p, OptJwtSecret, "ZIGGIE_JWT_SECRET"));
            return std::nullopt;
        }
        c.jwtSecret = *secret;
    }
    if (p.isSet(OptPublicAccess)) {
        const QString text = p.value(OptPublicAccess);
        const auto mode = parsePublicAccess(text);
        if (!mode) {
            *error = QStringLiteral("--public-access: \"%1\" is not one of %2").arg(text, publicAccessNames());
            return std::nullopt;
        }
        c.publicAccess = *mode;
    }
    if (p.isSet(OptMetricsAuth))
        c.metricsAuth = true;
    if (p.isSet(OptTlsCert))
        c.tlsCertificate = p.value(OptTlsCert);
    if (p.isSet(OptTlsKey))
        c.tlsKey = p.value(OptTlsKey);
    if (c.tlsCertificate.isEmpty() != c.tlsKey.isEmpty()) {
        *error = QStringLiteral("--tls-cert and --tls-key go together");
        return std::nullopt;
    }
    for (const QString &file : {c.tlsCertificate, c.tlsKey}) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable()) {
            *error = QStringLiteral("cannot read TLS file \"%1\"").arg(file);
            return std::nullopt;
        }
    }
    for (const auto &[option, target] : {std::pair{OptMaxClients, &c.maxClients},
                                         std::pair{OptMaxPerAddress, &c.maxClientsPerAddress}}) {
        if (!p.isSet(option))
            continue;
        bool ok = false;
        const int value = p.value(option).toInt(&ok);
        if (!ok || value < 1 || value > 1000000) {
            *error = QStringLiteral("--%1: \"%2\" is not a number from 1 to 1000000").arg(option, p.value(option));
            return std::nullopt;
        }
        *target = value;
    }
    return c;
}

} // namespace ziggie
