#include "publicaccess.h"

#include <array>
#include <utility>

namespace ziggie {

namespace {
constexpr std::array Names{
    std::pair{PublicAccess::Loopback, QLatin1String("loopback")},
    std::pair{PublicAccess::Private, QLatin1String("private")},
    std::pair{PublicAccess::Any, QLatin1String("any")},
};
} // namespace

std::optional<PublicAccess> parsePublicAccess(QStringView text)
{
    for (const auto &[mode, name] : Names) {
        if (text == name)
            return mode;
    }
    return std::nullopt;
}

QString publicAccessName(PublicAccess mode)
{
    for (const auto &[candidate, name] : Names) {
        if (candidate == mode)
            return name;
    }
    return {};
}

QString publicAccessNames()
{
    QString list;
    for (const auto &entry : Names)
        list += (list.isEmpty() ? QString() : QStringLiteral(", ")) + entry.second;
    return list;
}

} // namespace ziggie
