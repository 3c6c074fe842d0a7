// libFuzzer harness for Jwt::verifyHs256. The first byte picks the leeway and the mode: a raw
// token as an attacker would send it, or a header and payload (split at the first newline)
// that the harness signs with the right secret, so the checks behind the signature are reached.

#include "security/jwt.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <cstdint>
#include <cstdlib>

namespace {

const QByteArray Secret = QByteArrayLiteral("correct horse battery staple"); // as in tests/data/jwt
constexpr qint64 Now = 1'700'000'000;
constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

QByteArray signedToken(QByteArrayView header, QByteArrayView payload)
{
    const QByteArray signingInput =
        header.toByteArray().toBase64(Base64Url) + '.' + payload.toByteArray().toBase64(Base64Url);
    const QByteArray mac = QMessageAuthenticationCode::hash(signingInput, Secret, QCryptographicHash::Sha256);
    return signingInput + '.' + mac.toBase64(Base64Url);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int leeway = data[0] % 64 - 16; // also out of range on both sides
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, static_cast<qsizetype>(size - 1));

    QByteArray token = input.toByteArray();
    const bool sign = data[0] & 0x80;
    if (sign) {
        const qsizetype nl = input.indexOf('\n');
        token = nl < 0 ? signedToken(R"({"alg":"HS256","typ":"JWT"})", input)
                       : signedToken(input.first(nl), input.sliced(nl + 1));
    }

    const ziggie::JwtResult result = ziggie::Jwt::verifyHs256(token, Secret, Now, leeway);
    check(result.ok == result.reason.isEmpty());
    check(result.ok || result.claims.isEmpty());
    if (!result.ok)
        return 0;

    // Accepted: it must be well within the rules, whatever the verifier believed.
    check(token.size() <= ziggie::Jwt::MaxTokenSize);
    check(token.count('.') == 2);
    const QByteArray header = QByteArray::fromBase64(token.split('.').first(), QByteArray::Base64UrlEncoding);
    check(QJsonDocument::fromJson(header).object().value(QLatin1String("alg")).toString() == QLatin1String("HS256"));
    check(ziggie::Jwt::verifyHs256(token, "another-secret", Now, leeway).reason == ziggie::Jwt::BadSignature);
    const QJsonValue exp = result.claims.value(QLatin1String("exp"));
    check(exp.isUndefined() || Now < exp.toDouble() + 30);
    const QJsonValue nbf = result.claims.value(QLatin1String("nbf"));
    check(nbf.isUndefined() || Now + 30 >= nbf.toDouble());
    return 0;
}
