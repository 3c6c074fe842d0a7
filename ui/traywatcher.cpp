#include "traywatcher.h"

#include "runtimelog.h"

namespace ziggie::ui {

namespace {

constexpr int index(TrayWatcher::Kind kind)
{
    return static_cast<int>(kind);
}

} // namespace

bool TrayWatcher::isAvailable() const
{
    return m_present[0] || m_present[1] || m_present[2];
}

bool TrayWatcher::has(Kind kind) const
{
    return m_present[index(kind)];
}

TrayWatcher::Kind TrayWatcher::preferred() const
{
    if (has(Kind::StatusNotifier))
        return Kind::StatusNotifier;
    return has(Kind::XEmbed) ? Kind::XEmbed : Kind::Native;
}

QString TrayWatcher::kindName(Kind kind)
{
    switch (kind) {
    case Kind::StatusNotifier:
        return QStringLiteral("StatusNotifierItem");
    case Kind::XEmbed:
        return QStringLiteral("XEmbed");
    case Kind::Native:
        return QStringLiteral("native");
    }
    return {};
}

void TrayWatcher::set(Kind kind, bool present)
{
    if (m_present[index(kind)] == present)
        return;
    m_present[index(kind)] = present;
    qCDebug(lcApp).noquote() << kindName(kind) << "tray" << (present ? "appeared" : "went away");
    emit changed();
}

} // namespace ziggie::ui
