#pragma once
// The system tray entry: an icon drawn from the latest sample, a tooltip with the current
// values and the number of connected dashboards, and the menu. Both are handed to the tray
// only when what they show changes: on a StatusNotifierItem panel each new icon makes the
// host re-read every pixmap, each new tooltip every line. Owned by DesktopApp,
// which tells it the server's URLs and client counts and acts on the requests it emits.
// Copying URLs, opening the dashboard and "Start at login" are handled here.

#include "autostart.h"
#include "sample.h"
#include "trayiconrenderer.h"

#include <QObject>
#include <QSystemTrayIcon>
#include <QUrl>

#include <array>
#include <optional>

class QAction;
class QMenu;

namespace ziggie {
class History;
}

namespace ziggie::ui {

class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    // From this CPU usage on, the tooltip names the process with the most CPU time.
    static constexpr double BusyCpuPercent = 50.0;

    enum class Action { ShowCharts, OpenDashboard, CopyDashboardUrl, CopyAuthenticatedUrl, Settings, StartAtLogin, Quit };

    explicit TrayIcon(History &history, QObject *parent = nullptr);
    ~TrayIcon() override;

    void show();
    bool isVisible() const;

    // Empty URLs (not serving) disable the actions that need them.
    void setUrls(const QUrl &dashboard, const QUrl &authenticated);
    void setClientCounts(int publicClients, int authenticatedClients);
    void setChartsVisible(bool visible);
    // Fleet alerts ("lab-2: down") are listed in the tooltip and put a red dot on the icon;
    // notify() pops a desktop notification.
    void setFleetAlerts(const QStringList &alerts);
    void notify(const QString &title, const QString &message);
    void setAutostart(const Autostart &autostart); // tests point it at another program

    QAction *action(Action action) const;
    QMenu *menu() const { return m_menu; }
    QString toolTip() const;
    QIcon icon() const;

signals:
    void chartsToggleRequested();
    void settingsRequested();
    void quitRequested();

private:
    void onSample(const Sample &sample);
    void onActivated(QSystemTrayIcon::ActivationReason reason);
    void updateIcon();
    void updateToolTip();
    void updateUrlActions();
    void setStartAtLogin(bool enabled);

    History &m_history;
    QSystemTrayIcon *m_tray;
    QMenu *m_menu;
    Autostart m_autostart;
    std::optional<Sample> m_latest;
    DrawnSizes m_drawnSizes = std::make_shared<QList<int>>();
    std::optional<TrayIconFace> m_face; // what the icon in the tray shows
    QUrl m_dashboardUrl;
    QUrl m_authenticatedUrl;
    int m_publicClients = 0;
    int m_authenticatedClients = 0;
    QStringList m_fleetAlerts;
    std::array<QAction *, 7> m_actions{};
};

} // namespace ziggie::ui
