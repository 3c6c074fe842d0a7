#pragma once
// Every rule a request must pass before the server answers it or hands it to the WebSocket
// handshake: connection caps, Host (DNS rebinding), public-peer policy in LAN mode, Origin,
// bans and credentials (API token or HS256 JWT). Decides only; the server writes the status.

#include "accesspolicy.h"
#include "banlist.h"
#include "httprequest.h"

#include <QHostAddress>
#include <QString>

namespace ziggie {

enum class Endpoint;

struct Admission
{
    int status = 0;  // 0 = admitted; else the HTTP status to refuse with
    QString message; // why, for the refusal's body
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers of the refusal
    bool isStream = false; // an upgrade to be handed to the WebSocket server
    bool authenticated = false; // credentials were checked and valid
};

class Gatekeeper final
{
public:
    explicit Gatekeeper(BanList::Clock clock = {});

    AccessPolicy &policy() { return m_policy; }
    const AccessPolicy &policy() const { return m_policy; }
    void setToken(const QByteArray &token) { m_token = token; }
    void setJwtSecret(const QByteArray &secret) { m_jwtSecret = secret; }
    void setLimits(int maxClients, int maxClientsPerAddress);
    // /metrics then asks for the same token or JWT as the authenticated stream.
    void setMetricsNeedCredentials(bool on) { m_metricsNeedCredentials = on; }

    // clients: connected streams in all; clientsFromPeer: those from this peer's address.
    Admission admit(const HttpRequest &request, const QHostAddress &peer, int clients, int clientsFromPeer);

private:
    bool credentialsValid(const QByteArray &credential, QString *reason) const;

    AccessPolicy m_policy;
    BanList m_bans;
    QByteArray m_token;
    QByteArray m_jwtSecret;
    int m_maxClients = 10000;
    int m_maxClientsPerAddress = 64;
    bool m_metricsNeedCredentials = false;
};

} // namespace ziggie
