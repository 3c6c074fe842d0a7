#pragma once
// The name the desktop knows the program by: the installed desktop entry is
// io.ziggie.Ziggie.desktop, and the same reverse-DNS id is the AppStream id, the Wayland
// app_id and the name of the autostart entry. Settings and data keep the organization and
// application names set in app/main.cpp, so this can change without moving any file.

#include <QString>

namespace ziggie::ui {

inline QString desktopFileName()
{
    return QStringLiteral("io.ziggie.Ziggie");
}

} // namespace ziggie::ui
