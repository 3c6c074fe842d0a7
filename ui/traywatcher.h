#pragma once
// Whether a system tray is there to show the icon, and when one appears or goes away. On
// Linux and the BSDs that is a StatusNotifierItem host on the session bus (KDE Plasma,
// GNOME with the AppIndicator extension, XFCE, Cinnamon, waybar) or, on X11, an XEmbed
// tray (the owner of the _NET_SYSTEM_TRAY_S<screen> selection); elsewhere the system's
// own tray, which is always there. DesktopApp owns it and docks the icon when it says so.
//
// Why not QSystemTrayIcon::isSystemTrayAvailable(): Qt 6.4 decides once per process, at the
// first tray icon or availability check, whether it speaks StatusNotifierItem (only when a
// watcher with a registered host is on the bus at that moment) and never looks again. Asked
// before the panel is up, Qt would keep a late KDE or GNOME panel out for good (on Wayland,
// any panel), so nothing of QSystemTrayIcon is touched until this class has seen a tray.

#include <QObject>

#include <memory>

namespace ziggie::ui {

struct TrayWatcherBackend;

class TrayWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayWatcher)

public:
    enum class Kind { StatusNotifier, XEmbed, Native };

    // How often an X11 session is asked whether an XEmbed tray is there: X offers no
    // notification that Qt passes on, and one round trip a second costs nothing.
    static constexpr int XEmbedPollMs = 1000;

    explicit TrayWatcher(QObject *parent = nullptr);
    ~TrayWatcher() override;

    bool isAvailable() const;
    bool has(Kind kind) const;
    // The kind a QSystemTrayIcon created now would use: Qt prefers StatusNotifierItem.
    Kind preferred() const;
    static QString kindName(Kind kind);

signals:
    void changed(); // a kind of tray appeared or went away

private:
    friend struct TrayWatcherBackend;
    void set(Kind kind, bool present);

    bool m_present[3] = {false, false, false};
    std::unique_ptr<TrayWatcherBackend> m_backend;
};

} // namespace ziggie::ui
