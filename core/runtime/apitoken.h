#pragma once
// A new API token for the authenticated endpoint: generated on first start (Settings) and
// when the person asks for another (the settings dialog). The server only compares it.

#include <QString>

namespace ziggie {

// 32 bytes (256 bits) from the system CSPRNG, base64url without padding (43 characters).
QString generateApiToken();

} // namespace ziggie
