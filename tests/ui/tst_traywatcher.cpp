// TrayWatcher against a private dbus-daemon (never the user's bus), with a stand-in
// StatusNotifierWatcher served from a thread of its own, as a panel would from its process.
#include "traywatcher.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <memory>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

using namespace ziggie::ui;

namespace {

const QString WatcherService = QStringLiteral("org.kde.StatusNotifierWatcher");
const QString WatcherPath = QStringLiteral("/StatusNotifierWatcher");

} // namespace

// What a panel's watcher shows of itself that Qt 6.4 and TrayWatcher read. It lives, and
// talks to the bus, in a thread of its own, so that it answers while the test's thread waits
// in a blocking call, as a panel in its own process would.
class FakeWatcher : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ isHostRegistered)

public:
    bool isHostRegistered() const { return m_host; }

public slots:
    void connectToBus()
    {
        m_bus = QDBusConnection::connectToBus(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("panel"));
        m_bus.registerObject(WatcherPath, this, QDBusConnection::ExportAllProperties | QDBusConnection::ExportAllSignals);
    }
    void disconnectFromBus()
    {
        m_bus.unregisterObject(WatcherPath);
        QDBusConnection::disconnectFromBus(QStringLiteral("panel"));
    }
    bool own(bool owned)
    {
        return owned ? m_bus.registerService(WatcherService) : m_bus.unregisterService(WatcherService);
    }
    void setHostRegistered(bool host)
    {
        m_host = host;
        if (host)
            emit StatusNotifierHostRegistered();
        else
            emit StatusNotifierHostUnregistered();
    }

signals:
    void StatusNotifierHostRegistered();
    void StatusNotifierHostUnregistered();

private:
    bool m_host = false;
    QDBusConnection m_bus{QString()};
};

class TestTrayWatcher : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_thread = std::make_unique<QThread>();
        m_thread->start();
        m_panel = new FakeWatcher;
        m_panel->moveToThread(m_thread.get());
        QMetaObject::invokeMethod(m_panel, &FakeWatcher::connectToBus, Qt::BlockingQueuedConnection);
    }

    void cleanup()
    {
        QMetaObject::invokeMethod(m_panel, &FakeWatcher::disconnectFromBus, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_panel;
        QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(WatcherService));
    }

    void noPanelNoTray()
    {
        TrayWatcher watcher;
        QVERIFY(!watcher.isAvailable());
        QVERIFY(!watcher.has(TrayWatcher::Kind::StatusNotifier));
        QVERIFY(!watcher.has(TrayWatcher::Kind::XEmbed)); // offscreen: no X server to ask
    }

    // Known in the constructor: a panel that is up must not see the chart window pop up first.
    void aPanelThatIsUpIsKnownAtOnce()
    {
        setHost(true);
        QVERIFY(own(true));
        TrayWatcher watcher;
        QVERIFY(watcher.isAvailable());
        QCOMPARE(watcher.preferred(), TrayWatcher::Kind::StatusNotifier);
    }

    // Qt 6.4 speaks StatusNotifierItem only once a host is registered with the watcher, so
    // the watcher's name alone is not a tray; the host registering later is.
    void aLatePanelIsSeen()
    {
        TrayWatcher watcher;
        QSignalSpy changed(&watcher, &TrayWatcher::changed);
        QVERIFY(own(true));
        QTest::qWait(200); // the name's arrival is answered by a property read: let it land
        QVERIFY(!watcher.isAvailable());
        setHost(true);
        QTRY_VERIFY(watcher.isAvailable());
        QCOMPARE(watcher.preferred(), TrayWatcher::Kind::StatusNotifier);
        QCOMPARE(changed.count(), 1);

        // The panel goes away, and comes back (a restart).
        QVERIFY(own(false));
        QTRY_VERIFY(!watcher.isAvailable());
        QVERIFY(own(true));
        QTRY_VERIFY(watcher.isAvailable());
        QCOMPARE(changed.count(), 3);
    }

private:
    void setHost(bool host)
    {
        QMetaObject::invokeMethod(m_panel, [this, host] { m_panel->setHostRegistered(host); },
                                  Qt::BlockingQueuedConnection);
    }
    bool own(bool owned)
    {
        bool done = false;
        QMetaObject::invokeMethod(m_panel, [this, owned, &done] { done = m_panel->own(owned); },
                                  Qt::BlockingQueuedConnection);
        return done;
    }

    std::unique_ptr<QThread> m_thread;
    FakeWatcher *m_panel = nullptr;
};

// A bus of our own, started before the application so that sessionBus() is that bus.
int main(int argc, char **argv)
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("bus.conf"));
    {
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        file.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\""
                                  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">"
                                  "<busconfig><type>session</type><listen>unix:path=%1</listen><auth>EXTERNAL</auth>"
                                  "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                  "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>")
                       .arg(dir.filePath(QStringLiteral("bus")))
                       .toUtf8());
    }
    QProcess daemon;
#ifdef Q_OS_LINUX
    daemon.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); }); // gone with a crashed test
#endif
    daemon.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                                                  QStringLiteral("--nopidfile"), QStringLiteral("--print-address=1")});
    if (!daemon.waitForStarted(10000) || !daemon.waitForReadyRead(10000)) {
        std::fprintf(stderr, "dbus-daemon did not start (Debian package dbus-daemon)\n");
        return 1;
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", daemon.readLine().trimmed());

    int result = 0;
    {
        QApplication app(argc, argv);
        TestTrayWatcher test;
        result = QTest::qExec(&test, argc, argv);
    }
    daemon.terminate();
    daemon.waitForFinished(5000);
    return result;
}

#include "tst_traywatcher.moc"
