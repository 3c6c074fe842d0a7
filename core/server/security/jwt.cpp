#include "jwt.h"

#include "constanttime.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonValue>
#include <QMessageAuthenticationCode>

#include <optional>

namespace ziggie {

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Only the canonical unpadded encoding is accepted, so that one token has exactly one
// spelling: re-encoding the decoded bytes must give back the input.
std::optional<QByteArray> decodePart(QByteArrayView part)
{
    if (part.isEmpty() || part.size() % 4 == 1)
        return std::nullopt;
    for (const char c : part) {
        if (!isBase64UrlChar(c))
            return std::nullopt;
    }
    const QByteArray encoded = part.toByteArray();
    auto decoded = QByteArray::fromBase64Encoding(encoded, Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(Base64Url) != encoded)
        return std::nullopt;
    return std::move(decoded.decoded);
}

std::optional<QJsonObject> parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

QByteArray hmacSha256(QByteArrayView data, QByteArrayView secret)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret.toByteArray());
    mac.addData(data.data(), data.size());
    return mac.result();
}

JwtResult refuse(const QString &reason)
{
    return JwtResult{false, reason, {}};
}

} // namespace

JwtResult Jwt::verifyHs256(QByteArrayView token, QByteArrayView secret, qint64 nowSecs, int leewaySecs)
{
    if (secret.isEmpty())
        return refuse(NoSecret);
    if (token.size() > MaxTokenSize)
        return refuse(TooLarge);

    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0)
        return refuse(Malformed);
    const QByteArrayView headerPart = token.first(firstDot);
    const QByteArrayView payloadPart = token.sliced(firstDot + 1, secondDot - firstDot - 1);
    const QByteArrayView signaturePart = token.sliced(secondDot + 1);

    const auto headerJson = decodePart(headerPart);
    const auto payloadJson = decodePart(payloadPart);
    const auto signature = decodePart(signaturePart);
    if (!headerJson || !payloadJson || !signature)
        return refuse(Malformed);

    const auto header = parseObject(*headerJson);
    if (!header)
        return refuse(BadHeader);
    const QJsonValue alg = header->value(QLatin1String("alg"));
    if (!alg.isString() || alg.toString() != QLatin1String("HS256"))
        return refuse(AlgNotAllowed);
    if (header->contains(QLatin1String("typ")) && header->value(QLatin1String("typ")) != QJsonValue(QLatin1String("JWT")))
        return refuse(BadHeader);
    if (header->contains(QLatin1String("crit")))
        return refuse(BadHeader); // RFC 7515 4.1.11: we understand no extensions

    const QByteArray expected = hmacSha256(token.first(secondDot), secret);
    if (!constantTimeEquals(expected, *signature))
        return refuse(BadSignature);

    const auto claims = parseObject(*payloadJson);
    if (!claims)
        return refuse(BadPayload);

    const qint64 leeway = qBound(0, leewaySecs, MaxLeewaySecs);
    const double now = static_cast<double>(nowSecs);
    if (claims->contains(QLatin1String("exp"))) {
        const QJsonValue exp = claims->value(QLatin1String("exp"));
        if (!exp.isDouble())
            return refuse(BadClaim);
        if (now >= exp.toDouble() + static_cast<double>(leeway))
            return refuse(Expired);
    }
    if (claims->contains(QLatin1String("nbf"))) {
        const QJsonValue nbf = claims->value(QLatin1String("nbf"));
        if (!nbf.isDouble())
            return refuse(BadClaim);
        if (now + static_cast<double>(leeway) < nbf.toDouble())
            return refuse(NotYetValid);
    }
    return JwtResult{true, {}, *claims};
}

QByteArray Jwt::signHs256(const QJsonObject &claims, QByteArrayView secret)
{
    static const QByteArray header = QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})").toBase64(Base64Url);
    const QByteArray signingInput =
        header + '.' + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    return signingInput + '.' + hmacSha256(signingInput, secret).toBase64(Base64Url);
}

} // namespace ziggie
