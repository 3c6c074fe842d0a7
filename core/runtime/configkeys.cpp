#include "configkeys.h"

#include <array>

namespace ziggie {

namespace {

using L = QLatin1String;
using K = ConfigKey;
constexpr auto Value = ConfigKind::Value;
constexpr auto List = ConfigKind::List;
constexpr auto Flag = ConfigKind::Flag;

constexpr std::array<ConfigKeyInfo, 20> Keys{{
    {K::Host, Value, L("server/host"), L("host"), L("ZIGGIE_HOST"), L("address"),
     L("Address to bind (env ZIGGIE_HOST; default 127.0.0.1). Anything beyond loopback exposes the server "
       "to your network.")},
    {K::Port, Value, L("server/port"), L("port"), L("ZIGGIE_PORT"), L("port"),
     L("TCP port, 0 = any free port (env ZIGGIE_PORT; default 54112).")},
    {K::Interval, Value, L("sampler/interval_s"), L("interval"), L("ZIGGIE_INTERVAL"), L("seconds"),
     L("Seconds between samples, 0.1 to 3600 (env ZIGGIE_INTERVAL; default 2).")},
    {K::Disk, Value, L("sampler/disk"), L("disk"), L("ZIGGIE_DISK"), L("path"),
     L("Directory whose file system is reported as the disk (env ZIGGIE_DISK; default: the system disk).")},
    {K::Token, Value, L("auth/token"), L("token"), L("ZIGGIE_TOKEN"), L("token"),
     L("API token for /api/system/ws, at least 8 characters without spaces (env ZIGGIE_TOKEN; default: "
       "generated on first start and kept in the settings file).")},
    {K::AllowedOrigins, List, L("server/allowed_origins"), L("allowed-origin"), L(), L("origin"),
     L("Also accept WebSocket and CORS requests from this browser origin, e.g. "
       "http://dashboard.example:5173 (repeatable).")},
    {K::HostNames, List, L("server/host_names"), L("host-name"), L(), L("name"),
     L("Also accept this name in the Host header (repeatable); IP literals, localhost and the machine's "
       "name always are.")},
    {K::JwtSecret, Value, L("auth/jwt_secret"), L("jwt-secret"), L("ZIGGIE_JWT_SECRET"), L("secret"),
     L("Also accept HS256 JWTs signed with this secret of at least 16 characters on /api/system/ws "
       "(env ZIGGIE_JWT_SECRET).")},
    {K::PublicAccess, Value, L("server/public_access"), L("public-access"), L(), L("mode"),
     L("Who may use the public endpoints when bound beyond loopback: loopback, private (default: "
       "loopback and private networks) or any.")},
    {K::TlsCertificate, Value, L("server/tls_cert"), L("tls-cert"), L(), L("file"),
     L("PEM certificate: serve https:// and wss:// (with --tls-key).")},
    {K::TlsKey, Value, L("server/tls_key"), L("tls-key"), L(), L("file"), L("PEM private key of --tls-cert.")},
    {K::MetricsAuth, Flag, L("server/metrics_auth"), L("metrics-auth"), L(), L(),
     L("Put /metrics behind the same token or JWT as /api/system/ws (for machines exposed on a LAN).")},
    {K::MaxClients, Value, L(), L("max-clients"), L(), L("n"), L("Most WebSocket clients at once (default 10000).")},
    {K::MaxClientsPerAddress, Value, L(), L("max-clients-per-address"), L(), L("n"),
     L("Most WebSocket clients from one non-loopback address (default 64).")},
    {K::HistoryDb, Value, L("history/db"), L("history-db"), L("ZIGGIE_HISTORY_DB"), L("file"),
     L("SQLite file of the durable history, or none to record nothing (env ZIGGIE_HISTORY_DB; default: "
       "history.sqlite in the user's data folder).")},
    {K::HistoryMaxMib, Value, L("history/max_size_mib"), L("history-max-size"), L(), L("MiB"),
     L("Size budget of the history file; the oldest data goes first beyond it (default 64).")},
    {K::HistoryRawHours, Value, L("history/raw_hours"), L(), L(), L(), L("Hours every sample is kept (24).")},
    {K::HistoryMinuteDays, Value, L("history/minute_days"), L(), L(), L(), L("Days 1-minute buckets are kept (90).")},
    {K::HistoryHourDays, Value, L("history/hour_days"), L(), L(), L(), L("Days 1-hour buckets are kept (1825).")},
    {K::PublicProcesses, Flag, L("server/public_processes"), L("public-processes"), L(), L(),
     L("Serve process names to clients without a token too (they tell what you are doing).")},
}};

// The table is indexed by key: keep the rows in the enum's order.
constexpr bool inEnumOrder()
{
    for (std::size_t i = 0; i < Keys.size(); ++i) {
        if (static_cast<std::size_t>(Keys[i].key) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder());
static_assert(Keys.size() == static_cast<std::size_t>(ConfigKey::PublicProcesses) + 1);

} // namespace

std::span<const ConfigKeyInfo> configKeys()
{
    return Keys;
}

const ConfigKeyInfo &configKeyInfo(ConfigKey key)
{
    return Keys[static_cast<std::size_t>(key)];
}

} // namespace ziggie
