#pragma once
// Every rule a request must pass before the server answers it or shakes hands: Host (DNS
// rebinding), methods and CORS preflights, public-peer policy in LAN mode, Origin, the stream
// cap, bans and credentials (API token or HS256 JWT). Decides only; the server writes the answer.
//
// Only a real credential attempt can lead to a ban — a request carrying a token or JWT from a
// page allowed to use this server, or from a program that is no page at all — so no web page
// can lock the owner out; and loopback peers are never banned.

#include "accesspolicy.h"
#include "banlist.h"
#include "endpoint.h"
#include "http/httprequest.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace ziggie {

struct Admission
{
    int status = 0;  // 0 = admitted; 204 = a preflight answered; else the status to refuse with
    QString message; // why, for the refusal's body
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers of the answer
    std::optional<Endpoint> stream; // an upgrade to this stream, to be handshaken
    bool authenticated = false;     // credentials were checked and valid
};

class Gatekeeper final
{
public:
    explicit Gatekeeper(BanList::Clock clock = {});

    AccessPolicy &policy() { return m_policy; }
    const AccessPolicy &policy() const { return m_policy; }
    void setToken(const QByteArray &token) { m_token = token; }
    void setJwtSecret(const QByteArray &secret) { m_jwtSecret = secret; }
    void setMaxStreams(int maxStreams) { m_maxStreams = maxStreams; }
    // /metrics then asks for the same token or JWT as the authenticated stream.
    void setMetricsNeedCredentials(bool on) { m_metricsNeedCredentials = on; }
    // /api/system/processes: names what runs on the machine; needs credentials unless made public.
    void setProcessesNeedCredentials(bool on) { m_processesNeedCredentials = on; }

    // streams: WebSocket clients connected now.
    Admission admit(const HttpRequest &request, const QHostAddress &peer, int streams);

    const BanList &bans() const { return m_bans; }

private:
    Admission preflight(const HttpRequest &request) const;
    bool credentialsValid(const QByteArray &credential, QString *reason) const;
    // A browser page that the policy does not allow: a foreign Origin, or no Origin on a
    // cross-site fetch (<img>, <script>: Sec-Fetch-Site says so where Origin is not sent).
    bool fromForeignPage(const HttpRequest &request) const;

    AccessPolicy m_policy;
    BanList m_bans;
    QByteArray m_token;
    QByteArray m_jwtSecret;
    int m_maxStreams = 10000;
    bool m_metricsNeedCredentials = false;
    bool m_processesNeedCredentials = true;
};

// /health, /metrics and /api/…: the paths that answer CORS preflights.
bool isApiPath(QByteArrayView path);

} // namespace ziggie
