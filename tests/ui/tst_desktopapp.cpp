#include "chartwindow.h"
#include "desktopapp.h"
#include "engine.h"
#include "fleethosttile.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "history.h"
#include "remotehostsdialog.h"
#include "settings.h"
#include "settingsdialog.h"
#include "statssampler.h"

#include <QApplication>
#include <QDir>
#include <QLineSeries>
#include <QSystemTrayIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

Config testConfig(quint16 port)
{
    Config config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.token = QStringLiteral("0123456789abcdef0123456789abcdef0123456789a");
    return config;
}

QMessageBox *visibleMessageBox()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *box = qobject_cast<QMessageBox *>(widget); box && box->isVisible())
            return box;
    }
    return nullptr;
}

Config engineConfig(quint16 port, const QString &token)
{
    Config config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.intervalMs = 200;
    config.token = token;
    return config;
}

QUrl urlOf(Engine &engine)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(engine.dashboardUrl().port()));
}

RemoteHostsDialog *findHostsDialog()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *dialog = qobject_cast<RemoteHostsDialog *>(widget); dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

} // namespace

// The offscreen platform has no system tray, so these runs take the no-tray path.
class TestDesktopApp : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void withoutTrayTheWindowIsTheApp()
    {
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        Settings settings(m_dir.filePath(QStringLiteral("a.ini")));
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(0), &error), qPrintable(error));
        DesktopApp desktop(engine, settings);
        desktop.start(QString());

        QVERIFY(!desktop.trayIcon());
        // The application icon is embedded at the sizes a window manager asks for.
        const QList<QSize> iconSizes = QApplication::windowIcon().availableSizes();
        for (int size : {16, 32, 48, 256})
            QVERIFY(iconSizes.contains(QSize(size, size)));
        QCOMPARE(QGuiApplication::desktopFileName(), QStringLiteral("io.ziggie.Ziggie"));
        QCOMPARE(QGuiApplication::applicationDisplayName(), QStringLiteral("Ziggie Control Center"));
        QVERIFY(desktop.chartWindow()->isVisible());
        QVERIFY(QApplication::quitOnLastWindowClosed());
        QVERIFY(desktop.chartWindow()->statusText().contains(engine.dashboardUrl().toString()));
        // Full at once: the engine's first sample is already plotted.
        QCOMPARE(desktop.chartWindow()->series(Metric::Cpu)->count(), engine.history().size());
        QVERIFY(engine.history().size() >= 1);
        QVERIFY(!visibleMessageBox());

        desktop.toggleWindow();
        QVERIFY(!desktop.chartWindow()->isVisible());
        desktop.raiseWindow();
        QVERIFY(desktop.chartWindow()->isVisible());
        engine.shutdown();
    }

    void geometryIsRemembered()
    {
        const QString file = m_dir.filePath(QStringLiteral("geometry.ini"));
        QRect remembered;
        {
            Settings settings(file);
            Engine engine;
            DesktopApp desktop(engine, settings);
            desktop.start(QString());
            desktop.chartWindow()->setGeometry(100, 120, 700, 480);
            remembered = desktop.chartWindow()->geometry();
            desktop.chartWindow()->close();
            QVERIFY(!settings.value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
        }
        Settings settings(file);
        Engine engine;
        DesktopApp desktop(engine, settings);
        QCOMPARE(desktop.chartWindow()->geometry().size(), remembered.size());
    }

    void portInUseOffersSettings()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Settings settings(m_dir.filePath(QStringLiteral("b.ini")));
        Engine engine;
        QString listenError;
        QVERIFY(!engine.start(testConfig(squatter.serverPort()), &listenError));
        QVERIFY(!listenError.isEmpty());

        DesktopApp desktop(engine, settings);
        desktop.start(listenError);
        QVERIFY(desktop.chartWindow()->statusText().startsWith(QStringLiteral("Not serving")));
        QMessageBox *box = visibleMessageBox();
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(listenError));

        QPushButton *openSettings = nullptr;
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == QStringLiteral("Open Settings…"))
                openSettings = qobject_cast<QPushButton *>(button);
        }
        QVERIFY(openSettings);
        openSettings->click();
        QTRY_VERIFY(desktop.settingsDialog() && desktop.settingsDialog()->isVisible());

        // Choose any free port: the server comes up and the choice is stored.
        SettingsDialog *dialog = desktop.settingsDialog();
        dialog->findChild<QSpinBox *>(QStringLiteral("port"))->setValue(0);
        dialog->accept();
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QVERIFY(engine.isListening());
        QCOMPARE(settings.stored().port, quint16(0));
        QVERIFY(desktop.chartWindow()->statusText().startsWith(QStringLiteral("Serving http://127.0.0.1:")));
        engine.shutdown();
    }

    void quitStopsServing()
    {
        Settings settings(m_dir.filePath(QStringLiteral("c.ini")));
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(0), &error), qPrintable(error));
        DesktopApp desktop(engine, settings);
        desktop.start(QString());
        QVERIFY(engine.isListening());
        desktop.quit();
        QVERIFY(!engine.isListening());
        QVERIFY(!engine.sampler().isActive());
        QVERIFY(!desktop.chartWindow()->isVisible());
    }

    // With a fleet: this machine plus two remote Ziggie engines (real servers in this
    // process on ephemeral ports, one behind a token), shown live in the chart window's Fleet
    // tab, and surviving a restart of one remote on the same port. With
    // ZIGGIE_SCREENSHOT_DIR set it saves the window as fleet-window.png there.
    void showsItselfAndTwoRemotesAndSurvivesARestart()
    {
        const QString tokenB = QStringLiteral("remote-b-token-0123456789abcdef0123456789");
        QString error;
        auto remoteA = std::make_unique<Engine>();
        QVERIFY2(remoteA->start(engineConfig(0, QStringLiteral("a-token-0123456789abcdef0123456789abcdef")), &error),
                 qPrintable(error));
        Engine remoteB;
        QVERIFY2(remoteB.start(engineConfig(0, tokenB), &error), qPrintable(error));
        const quint16 portA = quint16(remoteA->dashboardUrl().port());

        Settings settings(m_dir.filePath(QStringLiteral("desk.ini")));
        {
            History scratch;
            FleetModel seed(settings, scratch); // what the Remote hosts dialog would have saved
            seed.addHost({QStringLiteral("build-server"), urlOf(*remoteA), QString()});
            seed.addHost({QStringLiteral("lab-1"), urlOf(remoteB), tokenB});
        }
        Engine local;
        QVERIFY2(local.start(engineConfig(0, QStringLiteral("local-token-0123456789abcdef0123456789ab")), &error),
                 qPrintable(error));
        DesktopApp desktop(local, settings);
        desktop.start(QString());
        FleetModel *fleet = desktop.fleet();
        QVERIFY(fleet);
        QCOMPARE(fleet->hostCount(), 2);
        fleet->setBackoffBaseMs(50);

        ChartWindow *window = desktop.chartWindow();
        auto *tabs = qobject_cast<QTabWidget *>(window->centralWidget());
        QVERIFY(tabs);
        tabs->setCurrentIndex(1);
        auto *view = qobject_cast<FleetView *>(window->fleetView());
        QVERIFY(view);
        QCOMPARE(view->tileCount(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(view->tile(1)->stateText(), QStringLiteral("connected"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(view->tile(2)->stateText(), QStringLiteral("connected"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(fleet->host(0)->history().size() >= 4, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(fleet->host(1)->history().size() >= 4, 5000);

        // Restart build-server on the same port: down, then back by itself.
        remoteA->shutdown();
        remoteA.reset();
        QTRY_COMPARE_WITH_TIMEOUT(view->tile(1)->stateText(), QStringLiteral("disconnected"), 5000);
        QTRY_VERIFY(view->summaryText().contains(QStringLiteral("1 not reachable")));
        remoteA = std::make_unique<Engine>();
        QVERIFY2(remoteA->start(engineConfig(portA, QStringLiteral("a-token-0123456789abcdef0123456789abcdef")),
                                &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(view->tile(1)->stateText(), QStringLiteral("connected"), 10000);
        QTRY_VERIFY(view->summaryText().contains(QStringLiteral("all reachable")));
        const int before = fleet->host(0)->history().size();
        QTRY_VERIFY_WITH_TIMEOUT(fleet->host(0)->history().size() > before || before == History::Capacity, 5000);

        const QString dir = qEnvironmentVariable("ZIGGIE_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            window->resize(1000, 420);
            QTRY_COMPARE(view->columns(), 3);
            QTRY_VERIFY(fleet->host(0)->history().size() >= 10);
            QCoreApplication::processEvents();
            QDir().mkpath(dir);
            QVERIFY(window->grab().save(QDir(dir).filePath(QStringLiteral("fleet-window.png"))));
        }
        // Settings → Remote Hosts… opens the hosts dialog with the saved hosts, tokens hidden.
        desktop.showSettings();
        auto *button = desktop.settingsDialog()->findChild<QPushButton *>(QStringLiteral("remoteHosts"));
        QVERIFY(button);
        button->click();
        RemoteHostsDialog *hosts = nullptr;
        QTRY_VERIFY((hosts = findHostsDialog()) != nullptr);
        // Asked again (the Fleet tab's button), the same dialog comes forward: never two copies.
        desktop.showRemoteHosts();
        int open = 0;
        for (QWidget *widget : QApplication::topLevelWidgets())
            open += qobject_cast<RemoteHostsDialog *>(widget) != nullptr && widget->isVisible();
        QCOMPARE(open, 1);
        QCOMPARE(hosts->hosts().size(), 2);
        QCOMPARE(hosts->table()->item(1, 2)->text(), RemoteHostsDialog::savedTokenText());
        hosts->table()->selectRow(0);
        hosts->removeSelected();
        hosts->accept();
        QCOMPARE(fleet->hostCount(), 1);
        QCOMPARE(view->tileCount(), 2);
        QCOMPARE(FleetStore(settings).hosts().size(), 1);
        QCOMPARE(FleetStore(settings).hosts().at(0).token, tokenB);

        remoteA->shutdown();
        remoteB.shutdown();
        local.shutdown();
    }
private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
