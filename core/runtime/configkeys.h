#pragma once
// The typed table of configuration keys (after KeePassXC's src/core/Config.cpp): for each
// field of Config its name in the settings file and, where it has them, its environment
// variable and command-line option. Options builds its parser from this table, Settings
// reads and writes by it, and the rules in configrules.h are keyed by it, so a key cannot
// be known to one of them and forgotten by another. A key's built-in default is the
// initializer of its Config member; settingsValue(Config(), key) prints it.

#include <QLatin1String>

#include <span>

namespace ziggie {

enum class ConfigKey {
    Host,
    Port,
    Interval,
    Disk,
    Token,
    AllowedOrigins,
    HostNames,
    JwtSecret,
    PublicAccess,
    TlsCertificate,
    TlsKey,
    MetricsAuth,
    MaxClients,
    MaxClientsPerAddress,
    HistoryDb,
    HistoryMaxMib,
    HistoryRawHours,
    HistoryMinuteDays,
    HistoryHourDays,
    PublicProcesses,
};

enum class ConfigKind {
    Value, // one value
    List,  // repeatable option; a list in the settings file
    Flag,  // an option without a value; true or false in the settings file
};

struct ConfigKeyInfo
{
    ConfigKey key;
    ConfigKind kind;
    QLatin1String settingsKey; // empty: not kept in the settings file
    QLatin1String option;      // without "--"; empty: no command-line option
    QLatin1String environment; // empty: no environment variable
    QLatin1String valueName;   // for --help
    QLatin1String help;
};

// In --help order.
std::span<const ConfigKeyInfo> configKeys();
const ConfigKeyInfo &configKeyInfo(ConfigKey key);

} // namespace ziggie
