#pragma once
// Verification of the HS256 JSON Web Tokens that the authenticated endpoint accepts when a
// secret is configured. Deliberately narrow: one algorithm, strict encoding, no key lookup,
// so that a hostile token has as little parser surface as possible. Nothing here logs.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QtGlobal>

namespace ziggie {

struct JwtResult
{
    bool ok = false;
    QString reason;      // why it was refused: a stable word (see Jwt), empty when ok
    QJsonObject claims;  // the payload, only when ok
};

class Jwt
{
public:
    static constexpr qsizetype MaxTokenSize = 4096;
    static constexpr int MaxLeewaySecs = 30;

    // Reasons, as found in JwtResult::reason.
    static inline const QString NoSecret = QStringLiteral("no_secret");
    static inline const QString TooLarge = QStringLiteral("too_large");
    static inline const QString Malformed = QStringLiteral("malformed");        // not 3 strict base64url parts
    static inline const QString BadHeader = QStringLiteral("bad_header");       // not a JSON object, bad typ, crit
    static inline const QString AlgNotAllowed = QStringLiteral("alg_not_allowed");
    static inline const QString BadSignature = QStringLiteral("bad_signature");
    static inline const QString BadPayload = QStringLiteral("bad_payload");     // not a JSON object
    static inline const QString BadClaim = QStringLiteral("bad_claim");         // exp/nbf not a number
    static inline const QString Expired = QStringLiteral("expired");
    static inline const QString NotYetValid = QStringLiteral("not_yet_valid");

    // Checks, in this order: size, three base64url parts (no padding, canonical), a header
    // object with alg "HS256" (typ, if present, "JWT"; no crit), the HMAC-SHA256 signature
    // (constant-time), a payload object, exp and nbf against nowSecs with leewaySecs
    // (clamped to [0, MaxLeewaySecs]). exp and nbf are optional; present, they must be numbers.
    static JwtResult verifyHs256(QByteArrayView token, QByteArrayView secret, qint64 nowSecs,
                                 int leewaySecs = MaxLeewaySecs);

    // header.payload.signature for these claims; for scripts and tests that need a token.
    static QByteArray signHs256(const QJsonObject &claims, QByteArrayView secret);

    Jwt() = delete;
};

} // namespace ziggie
