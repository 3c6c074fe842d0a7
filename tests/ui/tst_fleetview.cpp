// The fleet view offscreen with three machines: this one, a connected remote (a stand-in
// server in this process that speaks the wire protocol) and one that cannot be reached.
// With ZIGGIE_SCREENSHOT_DIR set it saves fleet-view.png there.

#include "chartwindow.h"
#include "fleethosttile.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "history.h"
#include "settings.h"
#include "trayicon.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cmath>

using ziggie::FleetModel;
using ziggie::RemoteHost;
using ziggie::ui::FleetView;

namespace {

constexpr qint64 T0Us = 1'764'000'000'000'000;

QJsonObject statsJson(int i, double phase)
{
    const auto when = QDateTime::fromMSecsSinceEpoch(T0Us / 1000 + i * 2000, Qt::UTC);
    const double cpu = 35 + 25 * std::sin(i / 3.0 + phase) + (i % 4) * 3;
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("system_stats")},
        {QStringLiteral("timestamp"), when.toString(Qt::ISODateWithMs).chopped(1) + QStringLiteral("000Z")},
        {QStringLiteral("cpu"), QJsonObject{{QStringLiteral("usage"), cpu}}},
        {QStringLiteral("memory"), QJsonObject{{QStringLiteral("percent"), 62.0 + i * 0.2},
                                               {QStringLiteral("used_gb"), 9.5},
                                               {QStringLiteral("total_gb"), 16.0}}},
        {QStringLiteral("disk"), QJsonObject{{QStringLiteral("percent"), 41.3},
                                             {QStringLiteral("used_gb"), 200.0},
                                             {QStringLiteral("total_gb"), 484.0}}}};
}

ziggie::Sample localSample(int i)
{
    ziggie::Sample s;
    s.timestampUs = T0Us + i * 2'000'000LL;
    s.cpuPercent = 18 + 10 * std::sin(i / 2.5) + (i % 3) * 2;
    s.memoryPercent = 48 + 4 * std::sin(i / 7.0);
    s.diskPercent = 71.5;
    return s;
}

} // namespace

class TestFleetView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void showsThreeHostsWithTheirStates()
    {
        // A remote that answers with a full history, like a real Ziggie.
        QWebSocketServer server(QStringLiteral("stand-in"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &QWebSocketServer::newConnection, this, [&server] {
            QWebSocket *client = server.nextPendingConnection();
            client->setParent(&server); // the caller owns pending connections
            QJsonArray samples;
            for (int i = 0; i < 30; ++i)
                samples.append(statsJson(i, 1.0));
            const QJsonObject history{{QStringLiteral("type"), QStringLiteral("history")},
                                      {QStringLiteral("interval_s"), 2},
                                      {QStringLiteral("samples"), samples}};
            client->sendTextMessage(QString::fromUtf8(QJsonDocument(history).toJson(QJsonDocument::Compact)));
        });
        // A port nobody listens on.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = closed.serverPort();
        closed.close();

        ziggie::Settings settings(m_dir.filePath(QStringLiteral("view.conf")));
        ziggie::History local;
        for (int i = 0; i < 30; ++i)
            local.append(localSample(i));
        FleetModel fleet(settings, local);
        fleet.setBackoffBaseMs(60000); // the dead host stays in its first wait
        fleet.addHost({QStringLiteral("build-server"),
                       QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())), QString()});
        fleet.addHost({QStringLiteral("lab-2"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(deadPort)), QString()});

        FleetView view(fleet);
        view.resize(760, 440);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.tileCount(), 3);
        QCOMPARE(view.columns(), 2);
        QCOMPARE(view.tile(1)->name(), QStringLiteral("build-server"));
        QTRY_COMPARE_WITH_TIMEOUT(view.tile(1)->stateText(), QStringLiteral("connected"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(fleet.host(0)->history().size(), 30, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(view.tile(2)->stateText(), QStringLiteral("disconnected"), 5000);
        QVERIFY(!view.tile(2)->detailText().isEmpty());
        QCOMPARE(view.tile(0)->stateText(), QStringLiteral("this machine"));
        QTRY_VERIFY(view.summaryText().contains(QStringLiteral("3 machines")));
        QVERIFY(view.summaryText().contains(QStringLiteral("1 not reachable")));

        // Narrow: one column; wide: up to four.
        view.resize(380, 440);
        QCOMPARE(view.columns(), 1);
        view.resize(760, 440);
        QCOMPARE(view.columns(), 2);

        // Three side by side for the picture.
        view.resize(1060, 215);
        QCOMPARE(view.columns(), 3);
        QCoreApplication::processEvents(); // let the scroll area follow the new layout
        QTRY_VERIFY(view.tile(2)->geometry().right() < view.width());
        const QString dir = qEnvironmentVariable("ZIGGIE_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(view.grab().save(QDir(dir).filePath(QStringLiteral("fleet-view.png"))));
        }
        // Removing a host rebuilds the tiles.
        fleet.removeHost(1);
        QCOMPARE(view.tileCount(), 2);
    }

    void chartWindowGetsAFleetTab()
    {
        ziggie::Settings settings(m_dir.filePath(QStringLiteral("tab.conf")));
        ziggie::History local;
        FleetModel fleet(settings, local);
        ziggie::ui::ChartWindow window(local);
        auto *view = new FleetView(fleet);
        window.setFleetView(view);
        auto *tabs = qobject_cast<QTabWidget *>(window.centralWidget());
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->widget(1), view);
        QCOMPARE(window.fleetView(), view);
        QVERIFY(window.series(ziggie::Metric::Cpu)); // this machine's charts are still there
    }

    void trayTooltipListsFleetAlerts()
    {
        ziggie::History local;
        ziggie::ui::TrayIcon tray(local);
        tray.setFleetAlerts({QStringLiteral("lab-2: down (Connection refused)")});
        QVERIFY2(tray.toolTip().contains(QStringLiteral("lab-2: down")), qPrintable(tray.toolTip()));
        tray.setFleetAlerts({});
        QVERIFY(!tray.toolTip().contains(QStringLiteral("lab-2")));
    }

    void tenHostsStayUsable()
    {
        ziggie::Settings settings(m_dir.filePath(QStringLiteral("ten.conf")));
        ziggie::History local;
        FleetModel fleet(settings, local);
        fleet.setBackoffBaseMs(60000);
        for (int i = 0; i < 10; ++i)
            fleet.addHost({QStringLiteral("host-%1").arg(i), QUrl(QStringLiteral("http://127.0.0.1:9")), QString()});
        FleetView view(fleet);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.tileCount(), 11);
        QVERIFY(view.columns() >= 2);
        // Tiles keep their readable size; the grid scrolls instead of squeezing them.
        QVERIFY(view.tile(10)->height() >= view.tile(10)->minimumSizeHint().height());
        QVERIFY(view.tile(10)->width() >= view.tile(10)->minimumSizeHint().width());
    }
};

QTEST_MAIN(TestFleetView)
#include "tst_fleetview.moc"
