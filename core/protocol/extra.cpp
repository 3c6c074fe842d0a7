#include "extra.h"

namespace ziggie {

QLatin1StringView extraKey(Extra extra)
{
    switch (extra) {
    case Extra::Processes:
        return QLatin1StringView("processes");
    }
    return {};
}

std::optional<Extra> extraFromKey(QStringView key)
{
    for (const Extra extra : AllExtras) {
        if (key == extraKey(extra))
            return extra;
    }
    return std::nullopt;
}

} // namespace ziggie
