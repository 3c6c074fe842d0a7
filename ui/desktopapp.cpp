#include "desktopapp.h"

#include "appidentity.h"
#include "chartwindow.h"
#include "engine.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "remotehostsdialog.h"
#include "runtimelog.h"
#include "settings.h"
#include "settingsdialog.h"
#include "trayicon.h"

#include <QApplication>
#include <QDesktopServices>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>

namespace ziggie::ui {

namespace {

const QString GeometryKey = QStringLiteral("window/geometry");

} // namespace

DesktopApp::DesktopApp(Engine &engine, Settings &settings, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_fleet(std::make_unique<FleetModel>(settings, engine.history()))
    , m_window(std::make_unique<ChartWindow>(engine.history()))
    , m_trayWatcher(std::make_unique<TrayWatcher>())
{
    auto *fleetView = new FleetView(*m_fleet);
    m_window->setFleetView(fleetView);
    connect(fleetView, &FleetView::editHostsRequested, this, &DesktopApp::showRemoteHosts);
    connect(m_fleet.get(), &FleetModel::alert, this, [this](const QString &host, const QString &message) {
        qCWarning(lcApp).noquote() << "Fleet alert:" << message;
        if (m_tray)
            m_tray->notify(tr("Ziggie: %1").arg(host), message);
    });
    connect(m_fleet.get(), &FleetModel::alertsChanged, this, [this] {
        if (m_tray)
            m_tray->setFleetAlerts(m_fleet->activeAlerts());
    });

    // The desktop entry's name: how SNI hosts, task bars and Wayland compositors (app_id) find
    // the entry, its name and its icon. The settings keep their own names (see app/main.cpp).
    if (QGuiApplication::desktopFileName().isEmpty())
        QGuiApplication::setDesktopFileName(desktopFileName());
    QGuiApplication::setApplicationDisplayName(tr("Ziggie Control Center"));
    QIcon appIcon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        appIcon.addFile(QStringLiteral(":/icons/%1/ziggie.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(appIcon);

    m_window->setIntervalMs(engine.config().intervalMs);
    m_window->restoreGeometry(m_settings.value(GeometryKey).toByteArray());
    connect(m_window.get(), &ChartWindow::closing, this, &DesktopApp::saveGeometry);
    connect(m_window.get(), &ChartWindow::settingsRequested, this, &DesktopApp::showSettings);
    connect(m_window.get(), &ChartWindow::dashboardRequested, this,
            [this] { QDesktopServices::openUrl(m_engine.dashboardUrl()); });

    connect(&m_engine, &Engine::clientCountChanged, this, &DesktopApp::updateClientCounts);
    connect(&m_engine, &Engine::configChanged, this, [this](const Config &config) {
        m_window->setIntervalMs(config.intervalMs);
        offerHistory();
        updateServing();
    });
    connect(qApp, &QCoreApplication::aboutToQuit, this, &DesktopApp::saveGeometry);
}

DesktopApp::~DesktopApp()
{
    delete m_dialog;
}

SettingsDialog *DesktopApp::settingsDialog() const
{
    return m_dialog;
}

void DesktopApp::start(const QString &listenError)
{
    connect(m_window.get(), &ChartWindow::closing, this, &DesktopApp::onWindowClosing);
    connect(m_trayWatcher.get(), &TrayWatcher::changed, this, &DesktopApp::followTray);
    if (m_trayWatcher->isAvailable()) {
        dockTrayIcon();
    } else {
        qCInfo(lcApp) << "No system tray available: showing the chart window instead; closing it quits"
                         " until a tray appears";
        m_window->show();
    }
    QApplication::setQuitOnLastWindowClosed(!trayShown());
    offerHistory();
    updateServing(listenError);
    updateClientCounts(m_engine.clientCount(Endpoint::Public), m_engine.clientCount(Endpoint::Authenticated));
    if (!listenError.isEmpty())
        showListenError(listenError);
}

// The stored spans in the chart window, while the engine records history.
void DesktopApp::offerHistory()
{
    if (!m_engine.recordsHistory()) {
        m_window->setHistoryQuery({});
        return;
    }
    m_window->setHistoryQuery([engine = &m_engine](const RangeRequest &request, const QObject *context,
                                                   HistoryPanel::Answer answer) {
        engine->queryHistory(request, context, std::move(answer));
    });
}

void DesktopApp::dockTrayIcon()
{
    m_trayKind = m_trayWatcher->preferred();
    m_tray = std::make_unique<TrayIcon>(m_engine.history());
    connect(m_tray.get(), &TrayIcon::chartsToggleRequested, this, &DesktopApp::toggleWindow);
    connect(m_tray.get(), &TrayIcon::settingsRequested, this, &DesktopApp::showSettings);
    connect(m_tray.get(), &TrayIcon::quitRequested, this, &DesktopApp::quit);
    const bool listening = m_engine.isListening();
    m_tray->setUrls(listening ? m_engine.dashboardUrl() : QUrl(), listening ? m_engine.authenticatedUrl() : QUrl());
    m_tray->setClientCounts(m_engine.clientCount(Endpoint::Public), m_engine.clientCount(Endpoint::Authenticated));
    m_tray->setFleetAlerts(m_fleet->activeAlerts());
    m_tray->setChartsVisible(m_window->isVisible());
    m_tray->show();
    qCInfo(lcApp).noquote() << QStringLiteral("Tray icon shown (%1)").arg(TrayWatcher::kindName(m_trayKind));
}

// A tray that starts after us (a panel racing "start at login", or restarting) gets the icon;
// the icon re-registers with a restarted StatusNotifierItem watcher, and docks again in a new
// XEmbed tray, by itself (Qt does both). Closing the window quits only while no tray shows it.
void DesktopApp::followTray()
{
    const bool wasShown = !QApplication::quitOnLastWindowClosed(); // the window's role so far
    if (!m_tray && m_trayWatcher->isAvailable()) {
        dockTrayIcon();
        qCInfo(lcApp) << "A system tray appeared: closing the chart window now hides it";
    } else if (m_tray && trayShown() != wasShown) {
        if (trayShown())
            qCInfo(lcApp) << "The system tray is back";
        else
            qCInfo(lcApp) << "The system tray went away: closing the chart window quits until it is back";
    }
    QApplication::setQuitOnLastWindowClosed(!trayShown());
}

bool DesktopApp::trayShown() const
{
    return m_tray && m_trayWatcher->has(m_trayKind);
}

void DesktopApp::onWindowClosing()
{
    if (trayShown())
        m_tray->setChartsVisible(false);
    else
        quit(); // with the 1001 goodbye
}

void DesktopApp::raiseWindow()
{
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
    if (m_tray)
        m_tray->setChartsVisible(true);
}

void DesktopApp::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        saveGeometry();
        m_window->hide();
        if (m_tray)
            m_tray->setChartsVisible(false);
    } else {
        raiseWindow();
    }
}

void DesktopApp::showSettings()
{
    if (!m_dialog) {
        m_dialog = new SettingsDialog(
            m_engine.config(), [this](const Config &config, QString *error) { return applyConfig(config, error); },
            m_window->isVisible() ? m_window.get() : nullptr);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &SettingsDialog::remoteHostsRequested, this, &DesktopApp::showRemoteHosts);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void DesktopApp::showRemoteHosts()
{
    // One dialog at a time: two would each edit their own copy, and the later OK would win.
    if (!m_hostsDialog) {
        m_hostsDialog = new RemoteHostsDialog(m_fleet->configs(), m_fleet->alertRule(),
                                              m_window->isVisible() ? m_window.get() : nullptr);
        m_hostsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_hostsDialog, &QDialog::accepted, this, [this, dialog = m_hostsDialog.data()] {
            m_fleet->setAlertRule(dialog->alertRule());
            m_fleet->setHosts(dialog->hosts());
        });
        m_hostsDialog->open();
    }
    m_hostsDialog->raise();
    m_hostsDialog->activateWindow();
}

void DesktopApp::quit()
{
    saveGeometry();
    if (m_window->isVisible())
        m_window->hide();
    // Dashboards are told 1001 (going away); the program quits when the engine has finished.
    m_engine.shutdown();
}

bool DesktopApp::applyConfig(const Config &config, QString *error)
{
    if (!m_engine.reconfigure(config, error)) {
        updateServing(error ? *error : QString());
        return false;
    }
    if (!m_settings.store(config, error))
        return false;
    qCInfo(lcApp) << "Settings applied; serving" << m_engine.dashboardUrl().toString();
    updateServing();
    return true;
}

void DesktopApp::updateServing(const QString &error)
{
    const bool listening = m_engine.isListening();
    const QUrl dashboard = listening ? m_engine.dashboardUrl() : QUrl();
    m_window->setServing(dashboard, error);
    if (m_tray)
        m_tray->setUrls(dashboard, listening ? m_engine.authenticatedUrl() : QUrl());
}

void DesktopApp::updateClientCounts(int publicClients, int authenticatedClients)
{
    m_window->setClientCounts(publicClients, authenticatedClients);
    if (m_tray)
        m_tray->setClientCounts(publicClients, authenticatedClients);
}

void DesktopApp::showListenError(const QString &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Ziggie Control Center"),
                                tr("The dashboard server could not start."), QMessageBox::NoButton,
                                m_window->isVisible() ? m_window.get() : nullptr);
    box->setInformativeText(tr("%1\n\nAnother program, or another copy of Ziggie run by someone else, may be "
                               "using that port. Charts and the tray keep working; choose another port to "
                               "serve dashboards again.")
                                .arg(error));
    QPushButton *settings = box->addButton(tr("Open Settings…"), QMessageBox::AcceptRole);
    box->addButton(tr("Not Now"), QMessageBox::RejectRole);
    box->setDefaultButton(settings);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, settings](QAbstractButton *button) {
        if (button == settings)
            showSettings();
    });
    box->open();
}

void DesktopApp::saveGeometry()
{
    if (m_window->isVisible())
        m_settings.setValue(GeometryKey, m_window->saveGeometry());
}

} // namespace ziggie::ui
