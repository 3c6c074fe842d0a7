#pragma once
// The API token of the authenticated endpoint: generation and constant-time comparison.

#include <QByteArrayView>
#include <QString>

namespace ziggie {

// 32 bytes (256 bits) from the system CSPRNG, base64url without padding (43 characters).
QString generateApiToken();

// True when both are equal; the time taken depends only on the length of `expected`.
bool constantTimeEquals(QByteArrayView expected, QByteArrayView given);

} // namespace ziggie
