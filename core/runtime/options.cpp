#include "options.h"

#include "configkeys.h"
#include "configrules.h"

#include <QDir>

namespace ziggie {

namespace {

const QString OptHeadless = QStringLiteral("headless");
const QString OptSettings = QStringLiteral("settings");
const QString OptShowToken = QStringLiteral("show-token");

// A relative path means the shell's working directory here; in the Config it would mean
// wherever the program happens to run, so the rules take absolute paths only.
QString absolutePath(ConfigKey key, const QString &text)
{
    const bool path = key == ConfigKey::Disk || key == ConfigKey::TlsCertificate || key == ConfigKey::TlsKey
                      || (key == ConfigKey::HistoryDb && text != QLatin1String(Config::NoHistory));
    if (!path || text.isEmpty() || QDir::isAbsolutePath(text))
        return text;
    return QDir::cleanPath(QDir::current().absoluteFilePath(text));
}

} // namespace

Options::Options()
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Ziggie Control Center: live CPU, memory and disk in the tray, a chart window and any browser.\n"
        "Serves a web dashboard, WebSocket streams (/ws, /api/system/ws), REST and /metrics on one port."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption({OptHeadless, QStringLiteral("Run without tray or windows (servers, systemd).")});
    for (const ConfigKeyInfo &info : configKeys()) {
        if (!info.option.isEmpty())
            m_parser.addOption({info.option, info.help, info.valueName});
    }
    m_parser.addOptions({
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
    for (const ConfigKeyInfo &info : configKeys()) {
        QString source;
        QStringList texts;
        if (!info.option.isEmpty() && m_parser.isSet(info.option)) {
            source = QStringLiteral("--") + info.option;
            if (info.kind == ConfigKind::Flag)
                texts = {QStringLiteral("true")};
            else if (info.kind == ConfigKind::List)
                texts = m_parser.values(info.option); // added to the settings file's
            else
                texts = {m_parser.value(info.option)};
        } else if (!info.environment.isEmpty() && env.contains(info.environment)) {
            source = info.environment;
            texts = {env.value(info.environment)};
        }
        for (const QString &text : std::as_const(texts)) {
            if (const auto problem = setFromText(&c, info.key, absolutePath(info.key, text))) {
                *error = source + QStringLiteral(": ") + problem->reason();
                return std::nullopt;
            }
        }
    }
    if (const auto problem = checkBetweenFields(c)) {
        *error = QStringLiteral("--%1, --%2: %3")
                     .arg(configKeyInfo(ConfigKey::TlsCertificate).option, configKeyInfo(ConfigKey::TlsKey).option,
                          problem->reason());
        return std::nullopt;
    }
    return c;
}

} // namespace ziggie
