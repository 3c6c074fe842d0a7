#include "trayicon.h"

#include "history.h"
#include "metricstyle.h"
#include "runtimelog.h"
#include "trayiconrenderer.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QMenu>

#include <cmath>

namespace ziggie::ui {

namespace {

constexpr int index(TrayIcon::Action action)
{
    return static_cast<int>(action);
}

} // namespace

TrayIcon::TrayIcon(History &history, QObject *parent)
    : QObject(parent)
    , m_history(history)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
{
    const auto add = [this](Action which, const QString &text) {
        QAction *action = m_menu->addAction(text);
        m_actions[index(which)] = action;
        return action;
    };

    QAction *charts = add(Action::ShowCharts, tr("Show Charts"));
    charts->setCheckable(true);
    connect(charts, &QAction::triggered, this, &TrayIcon::chartsToggleRequested);
    QFont bold = charts->font();
    bold.setBold(true); // the default action, as activating the icon does the same
    charts->setFont(bold);

    connect(add(Action::OpenDashboard, tr("Open Web Dashboard")), &QAction::triggered, this,
            [this] { QDesktopServices::openUrl(m_dashboardUrl); });
    m_menu->addSeparator();
    connect(add(Action::CopyDashboardUrl, tr("Copy Dashboard URL")), &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(m_dashboardUrl.toString()); });
    connect(add(Action::CopyAuthenticatedUrl, tr("Copy Authenticated URL")), &QAction::triggered, this,
            [this] { QGuiApplication::clipboard()->setText(m_authenticatedUrl.toString()); });
    m_menu->addSeparator();
    connect(add(Action::Settings, tr("Settings…")), &QAction::triggered, this, &TrayIcon::settingsRequested);
    QAction *login = add(Action::StartAtLogin, tr("Start at Login"));
    login->setCheckable(true);
    login->setVisible(Autostart::isSupported());
    login->setChecked(m_autostart.isEnabled());
    connect(login, &QAction::toggled, this, &TrayIcon::setStartAtLogin);
    m_menu->addSeparator();
    connect(add(Action::Quit, tr("Quit")), &QAction::triggered, this, &TrayIcon::quitRequested);

    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, &TrayIcon::onActivated);
    connect(&m_history, &History::appended, this, &TrayIcon::onSample);

    m_latest = m_history.latest();
    updateIcon();
    updateUrlActions();
    updateToolTip();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

void TrayIcon::show()
{
    m_tray->show();
}

bool TrayIcon::isVisible() const
{
    return m_tray->isVisible();
}

void TrayIcon::setUrls(const QUrl &dashboard, const QUrl &authenticated)
{
    m_dashboardUrl = dashboard;
    m_authenticatedUrl = authenticated;
    updateUrlActions();
    updateToolTip();
}

void TrayIcon::setClientCounts(int publicClients, int authenticatedClients)
{
    m_publicClients = publicClients;
    m_authenticatedClients = authenticatedClients;
    updateToolTip();
}

void TrayIcon::setChartsVisible(bool visible)
{
    m_actions[index(Action::ShowCharts)]->setChecked(visible);
}

void TrayIcon::setAutostart(const Autostart &autostart)
{
    m_autostart = autostart;
    QAction *login = m_actions[index(Action::StartAtLogin)];
    const QSignalBlocker blocker(login);
    login->setChecked(m_autostart.isEnabled());
}

QAction *TrayIcon::action(Action action) const
{
    return m_actions[index(action)];
}

QString TrayIcon::toolTip() const
{
    return m_tray->toolTip();
}

QIcon TrayIcon::icon() const
{
    return m_tray->icon();
}

void TrayIcon::onSample(const Sample &sample)
{
    m_latest = sample;
    updateIcon();
    updateToolTip();
}

void TrayIcon::updateIcon()
{
    const bool alert = !m_fleetAlerts.isEmpty();
    TrayIconFace face = TrayIconRenderer::face(m_latest, alert, m_drawnSizes);
    if (m_face == face)
        return;
    m_face = std::move(face);
    m_tray->setIcon(TrayIconRenderer::icon(m_latest, alert, m_drawnSizes));
}

void TrayIcon::onActivated(QSystemTrayIcon::ActivationReason reason)
{
    if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
        emit chartsToggleRequested();
}

// A short first line, as panels show it as the tooltip's title, and the details under it.
// (Qt 6.4 hands a StatusNotifierItem host the whole text as the title with an empty body;
// see docs/desktop.md.)
void TrayIcon::updateToolTip()
{
    QStringList lines{m_latest ? tr("Ziggie — CPU %1 %").arg(std::lround(m_latest->cpuPercent)) : tr("Ziggie")};
    // Busy: who is busy ("CPU 93 % — cc1plus 71 %").
    if (m_latest && m_latest->cpuPercent >= BusyCpuPercent && m_latest->processes
        && !m_latest->processes->topCpu.isEmpty()) {
        const ProcessShare &top = m_latest->processes->topCpu.first();
        lines[0] = tr("%1 — %2 %3 %").arg(lines[0], top.name).arg(std::lround(top.cpuPercent));
    }
    if (m_latest) {
        lines << tr("Memory %1 % (%2 of %3 GB)")
                     .arg(m_latest->memoryPercent, 0, 'f', 1)
                     .arg(toGb(m_latest->memoryUsed), 0, 'f', 1)
                     .arg(toGb(m_latest->memoryTotal), 0, 'f', 1)
              << tr("Disk %1 % (%2 of %3 GB)")
                     .arg(m_latest->diskPercent, 0, 'f', 1)
                     .arg(toGb(m_latest->diskUsed), 0, 'f', 0)
                     .arg(toGb(m_latest->diskTotal), 0, 'f', 0);
    }
    if (m_dashboardUrl.isEmpty())
        lines << tr("Not serving");
    else
        lines << tr("%n dashboards connected", nullptr, m_publicClients + m_authenticatedClients);
    for (const QString &alert : std::as_const(m_fleetAlerts))
        lines << QStringLiteral("⚠ ") + alert;
    const QString text = lines.join(u'\n');
    if (text != m_tray->toolTip())
        m_tray->setToolTip(text);
}

void TrayIcon::setFleetAlerts(const QStringList &alerts)
{
    m_fleetAlerts = alerts;
    updateIcon();
    updateToolTip();
}

void TrayIcon::notify(const QString &title, const QString &message)
{
    m_tray->showMessage(title, message, QSystemTrayIcon::Warning);
}

void TrayIcon::updateUrlActions()
{
    m_actions[index(Action::OpenDashboard)]->setEnabled(!m_dashboardUrl.isEmpty());
    m_actions[index(Action::CopyDashboardUrl)]->setEnabled(!m_dashboardUrl.isEmpty());
    m_actions[index(Action::CopyAuthenticatedUrl)]->setEnabled(!m_authenticatedUrl.isEmpty());
}

void TrayIcon::setStartAtLogin(bool enabled)
{
    QString error;
    if (!m_autostart.setEnabled(enabled, &error)) {
        qCWarning(lcApp) << "Start at login:" << error;
        QAction *login = m_actions[index(Action::StartAtLogin)];
        const QSignalBlocker blocker(login);
        login->setChecked(m_autostart.isEnabled());
        m_tray->showMessage(tr("Start at Login"), error, QSystemTrayIcon::Warning);
    }
}

} // namespace ziggie::ui
