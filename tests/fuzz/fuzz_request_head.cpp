// libFuzzer harness for parseRequestHead, and for what the server does next with a parsed
// head: the Host and Origin checks and the credentials (query token, bearer JWT).

#include "http/httprequest.h"
#include "security/accesspolicy.h"
#include "security/jwt.h"

#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

const ziggie::AccessPolicy &policy()
{
    static const ziggie::AccessPolicy p = [] {
        ziggie::AccessPolicy policy;
        policy.setBindAddress(QHostAddress(QHostAddress::Any));
        policy.setServerPort(54112);
        policy.setExtraHostNames({QStringLiteral("monitor.example.org")});
        policy.setAllowedOrigins({QStringLiteral("https://dash.example.org")});
        return policy;
    }();
    return p;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ziggie::HeadParse parse = ziggie::parseRequestHead(bytes);

    switch (parse.status) {
    case ziggie::HeadParse::Incomplete:
        check(bytes.size() < ziggie::MaxRequestHeadBytes);
        return 0;
    case ziggie::HeadParse::TooLarge:
        check(bytes.size() >= ziggie::MaxRequestHeadBytes);
        return 0;
    case ziggie::HeadParse::Malformed:
        check(!parse.problem.isEmpty());
        return 0;
    case ziggie::HeadParse::Complete:
        break;
    }

    check(parse.headSize > 0 && parse.headSize <= bytes.size());
    check(parse.headSize <= ziggie::MaxRequestHeadBytes);
    const ziggie::HttpRequest &r = parse.request;
    check(!r.method.isEmpty());
    check(r.target.startsWith(r.path));

    const QByteArray host = r.header("host");
    const QByteArray origin = r.header("origin");
    const bool hostOk = policy().isHostAllowed(host);
    const bool originOk = policy().isOriginAllowed(origin, host);
    check(!origin.isEmpty() || originOk);
    check(policy().corsOrigin(origin, host).isEmpty() || (originOk && !origin.isEmpty()));
    check(!host.isEmpty() || !hostOk);

    (void)r.isWebSocketUpgrade();
    (void)r.hasBody();
    const QByteArray token = r.queryValue("token");
    const QByteArray authorization = r.header("authorization");
    const QByteArray bearer = authorization.startsWith("Bearer ") ? authorization.mid(7) : QByteArray();
    for (const QByteArray &credential : {token, bearer}) {
        const auto jwt = ziggie::Jwt::verifyHs256(credential, "correct horse battery staple", 1'700'000'000);
        check(jwt.ok == jwt.reason.isEmpty());
    }
    return 0;
}
