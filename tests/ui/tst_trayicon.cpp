#include "history.h"
#include "trayicon.h"
#include "trayiconrenderer.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;
using namespace ziggie::ui;

// Receives what QDesktopServices::openUrl would hand to the browser.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public slots:
    void open(const QUrl &url) { urls.append(url); }
};

class TestTrayIcon : public QObject
{
    Q_OBJECT

private:
    const QUrl m_dashboard{QStringLiteral("http://127.0.0.1:54112/")};
    const QUrl m_authenticated{QStringLiteral("ws://127.0.0.1:54112/api/system/ws?token=abc")};

private slots:
    void initTestCase()
    {
        // Keep the developer's own autostart folder out of every test.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    }

    void menuHasEveryAction()
    {
        History history;
        TrayIcon tray(history);
        const QList<QAction *> actions = tray.menu()->actions();
        QStringList texts;
        for (QAction *action : actions) {
            if (!action->isSeparator())
                texts << action->text();
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("Show Charts"), QStringLiteral("Open Web Dashboard"),
                                     QStringLiteral("Copy Dashboard URL"), QStringLiteral("Copy Authenticated URL"),
                                     QStringLiteral("Settings…"), QStringLiteral("Start at Login"),
                                     QStringLiteral("Quit")}));
        QVERIFY(tray.action(TrayIcon::Action::ShowCharts)->isCheckable());
        QVERIFY(tray.action(TrayIcon::Action::StartAtLogin)->isCheckable());
    }

    void urlActionsNeedAServer()
    {
        History history;
        TrayIcon tray(history);
        QVERIFY(!tray.action(TrayIcon::Action::OpenDashboard)->isEnabled());
        QVERIFY(!tray.action(TrayIcon::Action::CopyDashboardUrl)->isEnabled());
        QVERIFY(tray.toolTip().contains(QStringLiteral("Not serving")));
        tray.setUrls(m_dashboard, m_authenticated);
        QVERIFY(tray.action(TrayIcon::Action::OpenDashboard)->isEnabled());
        QVERIFY(tray.action(TrayIcon::Action::CopyAuthenticatedUrl)->isEnabled());
    }

    void copiesUrls()
    {
        History history;
        TrayIcon tray(history);
        tray.setUrls(m_dashboard, m_authenticated);
        QGuiApplication::clipboard()->clear();
        tray.action(TrayIcon::Action::CopyDashboardUrl)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), m_dashboard.toString());
        tray.action(TrayIcon::Action::CopyAuthenticatedUrl)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), m_authenticated.toString());
    }

    void opensDashboardInBrowser()
    {
        History history;
        TrayIcon tray(history);
        tray.setUrls(m_dashboard, m_authenticated);
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &catcher, "open");
        tray.action(TrayIcon::Action::OpenDashboard)->trigger();
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QCOMPARE(catcher.urls, QList<QUrl>{m_dashboard});
    }

    void requestsAreEmitted()
    {
        History history;
        TrayIcon tray(history);
        QSignalSpy toggle(&tray, &TrayIcon::chartsToggleRequested);
        QSignalSpy settings(&tray, &TrayIcon::settingsRequested);
        QSignalSpy quit(&tray, &TrayIcon::quitRequested);
        tray.action(TrayIcon::Action::ShowCharts)->trigger();
        tray.action(TrayIcon::Action::Settings)->trigger();
        tray.action(TrayIcon::Action::Quit)->trigger();
        QCOMPARE(toggle.count(), 1);
        QCOMPARE(settings.count(), 1);
        QCOMPARE(quit.count(), 1);
        tray.setChartsVisible(true);
        QVERIFY(tray.action(TrayIcon::Action::ShowCharts)->isChecked());
    }

    void startAtLoginWritesAndRemovesEntry()
    {
        History history;
        TrayIcon tray(history);
        tray.setAutostart(Autostart(QStringLiteral("/opt/ziggie/bin/ziggie")));
        const QString entry = m_config.path() + QStringLiteral("/autostart/io.ziggie.Ziggie.desktop");
        QVERIFY(!QFile::exists(entry));
        QAction *login = tray.action(TrayIcon::Action::StartAtLogin);
        QVERIFY(!login->isChecked());

        login->trigger();
        QVERIFY(login->isChecked());
        QFile file(entry);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString contents = QString::fromUtf8(file.readAll());
        QVERIFY(contents.contains(QStringLiteral("Exec=\"/opt/ziggie/bin/ziggie\"\n")));
        file.close();

        login->trigger();
        QVERIFY(!login->isChecked());
        QVERIFY(!QFile::exists(entry));
    }

    void iconAndToolTipFollowSamples()
    {
        History history;
        TrayIcon tray(history);
        tray.setUrls(m_dashboard, m_authenticated);
        const QImage before = tray.icon().pixmap(QSize(22, 22)).toImage();

        Sample s;
        s.timestampUs = 1;
        s.cpuPercent = 42.0;
        s.memoryPercent = 50.0;
        s.memoryUsed = 8ull << 30;
        s.memoryTotal = 16ull << 30;
        s.diskPercent = 25.0;
        s.diskUsed = 128ull << 30;
        s.diskTotal = 512ull << 30;
        history.append(s);
        tray.setClientCounts(2, 1);

        QVERIFY(tray.toolTip().startsWith(QStringLiteral("Ziggie — CPU 42 %\n")));
        QVERIFY(tray.toolTip().contains(QStringLiteral("Memory 50.0 % (8.0 of 16.0 GB)")));
        QVERIFY(tray.toolTip().contains(QStringLiteral("Disk 25.0 % (128 of 512 GB)")));
        QVERIFY(tray.toolTip().contains(QStringLiteral("3 dashboards connected")));
        QVERIFY(tray.icon().pixmap(QSize(22, 22)).toImage() != before);
        QVERIFY(!tray.toolTip().contains(QStringLiteral("cc1plus")));

        // Busy: the title names who is busy; below the threshold it does not.
        auto table = std::make_shared<ProcessTable>();
        table->topCpu = {{QStringLiteral("cc1plus"), 71.4, 1u << 28, 4711}};
        s.processes = table;
        s.timestampUs = 2;
        s.cpuPercent = 93.0;
        history.append(s);
        QVERIFY2(tray.toolTip().startsWith(QStringLiteral("Ziggie — CPU 93 % — cc1plus 71 %\n")), qPrintable(tray.toolTip()));
        s.timestampUs = 3;
        s.cpuPercent = TrayIcon::BusyCpuPercent - 1;
        history.append(s);
        QVERIFY(!tray.toolTip().contains(QStringLiteral("cc1plus")));
    }

    // A panel re-reads every pixmap on each new icon: a sample that draws the same bars
    // (and the same alert dot) must not hand the tray a new icon, nor the same tooltip again.
    void iconIsReplacedOnlyWhenItsBarsChange()
    {
        History history;
        TrayIcon tray(history);
        Sample s;
        s.timestampUs = 1;
        s.cpuPercent = 40.0;
        s.memoryPercent = 50.0;
        s.diskPercent = 25.0;
        history.append(s);
        const qint64 first = tray.icon().cacheKey();
        const QString firstTip = tray.toolTip();

        s.timestampUs = 2;
        s.cpuPercent = 40.05; // under a pixel at every advertised size
        history.append(s);
        QCOMPARE(tray.icon().cacheKey(), first);
        QCOMPARE(tray.toolTip(), firstTip);

        s.timestampUs = 3;
        s.cpuPercent = 60.0; // more bar
        history.append(s);
        QVERIFY(tray.icon().cacheKey() != first);
        const qint64 second = tray.icon().cacheKey();
        QCOMPARE(tray.icon().pixmap(QSize(64, 64)).toImage(), TrayIconRenderer::render(s, 64));

        tray.setFleetAlerts({QStringLiteral("lab-2: down")});
        QVERIFY(tray.icon().cacheKey() != second); // the dot
        const qint64 third = tray.icon().cacheKey();
        tray.setFleetAlerts({QStringLiteral("lab-2: down"), QStringLiteral("lab-3: down")});
        QCOMPARE(tray.icon().cacheKey(), third); // the same dot, a longer tooltip
        QVERIFY(tray.toolTip().contains(QStringLiteral("lab-3: down")));
    }

    // A size the tray asks for that no advertised size covers (an XEmbed slot of 28 px)
    // counts for the face from then on: its bars never go stale.
    void aSizeTheTrayDrawsCountsToo()
    {
        History history;
        TrayIcon tray(history);
        // Two loads a hundredth apart that only the 28 px bar tells apart.
        const auto sameAtAdvertisedSizes = [](double a, double b) {
            for (int size : TrayIconRenderer::Sizes) {
                if (TrayIconRenderer::filledPixels(a, size) != TrayIconRenderer::filledPixels(b, size))
                    return false;
            }
            return true;
        };
        double from = -1;
        for (int hundredths = 100; hundredths < 9900 && from < 0; ++hundredths) {
            const double a = hundredths / 100.0;
            const double b = a + 0.01;
            if (sameAtAdvertisedSizes(a, b) && TrayIconRenderer::filledPixels(a, 28) != TrayIconRenderer::filledPixels(b, 28))
                from = a;
        }
        QVERIFY(from > 0);
        Sample s;
        s.timestampUs = 1;
        s.cpuPercent = from;
        history.append(s);
        (void)tray.icon().pixmap(QSize(28, 28)); // the tray paints its slot
        s.timestampUs = 2;
        history.append(s); // the face now covers 28 px too
        const qint64 before = tray.icon().cacheKey();
        s.timestampUs = 3;
        history.append(s);
        QCOMPARE(tray.icon().cacheKey(), before);
        s.timestampUs = 4;
        s.cpuPercent = from + 0.01;
        history.append(s);
        QVERIFY(tray.icon().cacheKey() != before);
        QCOMPARE(tray.icon().pixmap(QSize(28, 28)).toImage(), TrayIconRenderer::render(s, 28));
    }

    void fleetAlertsMarkIconAndToolTip()
    {
        History history;
        TrayIcon tray(history);
        const QImage calm = tray.icon().pixmap(QSize(22, 22)).toImage();
        QCOMPARE(calm, TrayIconRenderer::render(std::nullopt, 22));

        tray.setFleetAlerts({QStringLiteral("lab-2: down")});
        QVERIFY(tray.toolTip().contains(QStringLiteral("lab-2: down")));
        QCOMPARE(tray.icon().pixmap(QSize(22, 22)).toImage(), TrayIconRenderer::render(std::nullopt, 22, true));

        tray.setFleetAlerts({});
        QVERIFY(!tray.toolTip().contains(QStringLiteral("lab-2")));
        QCOMPARE(tray.icon().pixmap(QSize(22, 22)).toImage(), calm);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
