#pragma once
// Who may use the public endpoints when the server is bound beyond loopback. Its own header
// because both the configuration (config.h) and the decision (accesspolicy.h) need it, and
// the text form ("loopback", "private", "any") must be spelled in exactly one place.

#include <QString>
#include <QStringView>

#include <optional>

namespace ziggie {

enum class PublicAccess { Loopback, Private, Any };

// "loopback" | "private" | "any", exactly (case matters); nullopt for anything else.
std::optional<PublicAccess> parsePublicAccess(QStringView text);
// The text parsePublicAccess() reads back.
QString publicAccessName(PublicAccess mode);
// "loopback, private, any": for messages that list the choices.
QString publicAccessNames();

} // namespace ziggie
