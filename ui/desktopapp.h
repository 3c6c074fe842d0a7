#pragma once
// The desktop face of the program, composed by app/main.cpp around a running Engine:
// the tray icon (or, with no system tray, the chart window as the main window), the
// chart window, the settings dialog and the "address in use" prompt. It reads the
// engine and follows its signals; it never samples or serves anything itself.

#include "traywatcher.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

namespace ziggie {
class Engine;
class FleetModel;
class Settings;
struct Config;
}

namespace ziggie::ui {

class ChartWindow;
class FleetView;
class RemoteHostsDialog;
class SettingsDialog;
class TrayIcon;

class DesktopApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopApp)

public:
    DesktopApp(Engine &engine, Settings &settings, QObject *parent = nullptr);
    ~DesktopApp() override;

    // Shows the tray icon, or the window when there is no tray (the icon docks as soon as a
    // tray appears); with a non-empty listenError, also tells the person which address is
    // taken and offers the settings.
    void start(const QString &listenError);

    ChartWindow *chartWindow() const { return m_window.get(); }
    TrayIcon *trayIcon() const { return m_tray.get(); }
    SettingsDialog *settingsDialog() const;
    FleetModel *fleet() const { return m_fleet.get(); }

public slots:
    void raiseWindow();
    void toggleWindow();
    void showSettings();
    void showRemoteHosts();
    void quit();

private:
    bool applyConfig(const Config &config, QString *error);
    void updateServing(const QString &error = QString());
    void updateClientCounts(int publicClients, int authenticatedClients);
    void showListenError(const QString &error);
    void saveGeometry();
    void offerHistory();
    void dockTrayIcon();
    void followTray();
    bool trayShown() const; // the icon is docked in a tray that is there now
    void onWindowClosing();

    Engine &m_engine;
    Settings &m_settings;
    std::unique_ptr<FleetModel> m_fleet; // before the window: its fleet view reads the model
    std::unique_ptr<ChartWindow> m_window;
    std::unique_ptr<TrayWatcher> m_trayWatcher;
    std::unique_ptr<TrayIcon> m_tray;
    TrayWatcher::Kind m_trayKind = TrayWatcher::Kind::Native; // what the docked icon speaks
    QPointer<SettingsDialog> m_dialog;
    QPointer<RemoteHostsDialog> m_hostsDialog;
};

} // namespace ziggie::ui
