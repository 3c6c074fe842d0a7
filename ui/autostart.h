#pragma once
// "Start at login" for this user: an XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/io.ziggie.Ziggie.desktop, named like the installed desktop
// entry) on Linux and other XDG desktops, the per-user Run key on Windows. Nothing here
// needs administrator rights.

#include <QString>

namespace ziggie::ui {

class Autostart final
{
public:
    // program: what the entry starts; empty = this executable (or $APPIMAGE when run from one).
    explicit Autostart(const QString &program = QString());

    static bool isSupported();
    static QString entryPath(); // the XDG entry's path (empty where not XDG)
    // Where versions before 0.2 wrote it (autostart/ziggie.desktop): still counts as enabled,
    // and is removed when the entry is written anew or disabled.
    static QString legacyEntryPath();

    QString program() const { return m_program; }
    QString entryContents() const;

    bool isEnabled() const;
    bool setEnabled(bool enabled, QString *error = nullptr);

private:
    QString m_program;
};

} // namespace ziggie::ui
