#pragma once
// The one set of rules for a valid configuration. The command line and environment
// (Options::resolve), the settings file (Settings::stored) and the settings dialog all ask
// these functions, so a value one of them takes is never refused by another:
//
//   host           an IP address (127.0.0.1, 0.0.0.0, ::1, ...) or "localhost".
//   port           0 to 65535, 0 = any free port. Ports below 1024 are not refused: whether
//                  one may be bound is the system's decision (Windows and macOS allow it,
//                  Linux with CAP_NET_BIND_SERVICE or a lowered ip_unprivileged_port_start),
//                  and a listen() that fails is reported with the address.
//   interval       0.1 s to 3600 s.
//   disk           empty (the system disk) or the absolute path of an existing directory.
//   token          at least 8 characters, no whitespace or control characters. Generated
//                  tokens have 43; 8 is the least a chosen secret should have (NIST SP
//                  800-63B), and the ban on failed attempts keeps guessing slow.
//   origins        each scheme://host[:port] with http or https, no path, query or user.
//   host names     each a DNS name: letters, digits, '-' and '_', dots between labels.
//   JWT secret     empty (JWTs are not accepted) or at least 16 characters.
//   public access  loopback, private or any.
//   TLS files      absolute paths of readable files; the certificate and key go together.
//   metrics auth   true or false (also 1/0, yes/no, on/off in the settings file).
//   client limits  1 to 1000000.
//   history file   "none", or an absolute path (the file and its folder may not exist yet).
//   history sizes  budget 1 to 1048576 MiB; every sample 1 to 8760 h; 1-minute buckets 1 to
//                  3650 days; 1-hour buckets 1 to 36500 days.
//
// Paths must be absolute because a relative one would depend on where the program was
// started; the command line, where the working directory means something, makes them
// absolute before they get here.

#include "config.h"
#include "configkeys.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace ziggie {

// The numbers of the rules above (--help says them too, in configkeys.cpp).
inline constexpr int MinTokenLength = 8;
inline constexpr int MinJwtSecretLength = 16;
inline constexpr int MaxClientLimit = 1000000;

enum class ConfigProblem {
    NotAnAddress,
    NotAPort,
    BadInterval,
    NotAbsolute,
    NotADirectory,
    NotAReadableFile,
    BadToken,
    BadOrigin,
    BadHostName,
    ShortJwtSecret,
    NotAnAccessMode,
    TlsUnpaired,
    NotABoolean,
    BadLimit,
    NotAHistoryFile,
    BadHistorySize,
};

struct ConfigError
{
    ConfigKey key;
    ConfigProblem problem;
    QString value; // the refused value as written; always empty for the token and the JWT secret

    // English, for the terminal and the log, e.g. "\"70000\" is not a port number (0 to 65535)".
    // The caller adds where the value came from ("--port", "ZIGGIE_PORT", "server/port").
    QString reason() const;
};

// Sets one key from its text form (command line, environment, settings file) after checking
// it; on an error *config is left as it was. For a list key the text is one more entry.
std::optional<ConfigError> setFromText(Config *config, ConfigKey key, const QString &text);
// The whole value of one key: a list key is replaced by the entries, any other key takes the
// texts joined with ", " (what a settings file that split a value at its commas meant).
std::optional<ConfigError> setFromTexts(Config *config, ConfigKey key, const QStringList &texts);
// One key's value as the settings file keeps it (QString, QStringList, int, double or bool).
QVariant settingsValue(const Config &config, ConfigKey key);

// The rule of one field on a typed value.
std::optional<ConfigError> checkField(const Config &config, ConfigKey key);
// The rules between fields: a TLS certificate needs its key and a key its certificate.
std::optional<ConfigError> checkBetweenFields(const Config &config);
// Every field, then the rules between fields; the first error.
std::optional<ConfigError> validate(const Config &config);

} // namespace ziggie
