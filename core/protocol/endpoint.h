#pragma once
// The two WebSocket streams and their paths, defined once for the server, the gatekeeper
// and the URL builder (serverurl.h), which the fleet client and the runtime use.

#include <QByteArrayView>
#include <QLatin1StringView>

#include <optional>

namespace ziggie {

enum class Endpoint { Public, Authenticated };

inline constexpr QLatin1StringView PublicStreamPath("/ws");
inline constexpr QLatin1StringView AuthenticatedStreamPath("/api/system/ws");

inline QLatin1StringView streamPath(Endpoint endpoint)
{
    return endpoint == Endpoint::Public ? PublicStreamPath : AuthenticatedStreamPath;
}

inline std::optional<Endpoint> streamAt(QByteArrayView path)
{
    if (path == QByteArrayView(PublicStreamPath.data(), PublicStreamPath.size()))
        return Endpoint::Public;
    if (path == QByteArrayView(AuthenticatedStreamPath.data(), AuthenticatedStreamPath.size()))
        return Endpoint::Authenticated;
    return std::nullopt;
}

} // namespace ziggie
