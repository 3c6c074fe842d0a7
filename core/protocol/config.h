#pragma once
// The effective configuration of one run, after command line > environment >
// settings file > built-in default have been resolved (runtime/options.h) and checked
// (runtime/configrules.h). Plain values only, and kept here rather than with the runtime
// that resolves it: the server reads its part of it, and the server must not depend on
// the runtime that composes it.

#include "publicaccess.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace ziggie {

struct Config
{
    static constexpr quint16 DefaultPort = 54112;
    static constexpr int DefaultIntervalMs = 2000;
    static constexpr int MinIntervalMs = 100;
    static constexpr int MaxIntervalMs = 3600 * 1000;

    QString host = QStringLiteral("127.0.0.1");
    quint16 port = DefaultPort; // 0 = any free port
    int intervalMs = DefaultIntervalMs;
    QString diskPath;           // empty = the system disk
    QString token;              // API token of the authenticated endpoint
    QStringList allowedOrigins; // extra browser origins allowed to connect
    QStringList hostNames;      // extra names the Host header may carry
    QString jwtSecret;          // HS256 secret; empty = JWTs are not accepted
    PublicAccess publicAccess = PublicAccess::Private; // who may use the public endpoints in LAN mode
    QString tlsCertificate;     // PEM files; both set = https:// and wss://
    QString tlsKey;
    bool metricsAuth = false;   // /metrics needs the token or a JWT
    bool publicProcesses = false; // process names for clients without credentials too
    int maxClients = 10000;
    int maxClientsPerAddress = 64; // per non-loopback address

    // Durable history: the file ("" = the user's data location, "none" = not recorded),
    // retention per tier and the size budget.
    static constexpr const char *NoHistory = "none";
    QString historyDb;
    int historyRawHours = 24;
    int historyMinuteDays = 90;
    int historyHourDays = 5 * 365;
    int historyMaxMib = 64;

    bool operator==(const Config &) const = default;
};

} // namespace ziggie
