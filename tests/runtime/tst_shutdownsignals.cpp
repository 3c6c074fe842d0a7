// ShutdownSignals: SIGTERM, SIGINT and SIGHUP arrive as requested() on the main thread,
// with their number, instead of ending the process mid-write.

#include "shutdownsignals.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>

using ziggie::ShutdownSignals;

class TestShutdownSignals : public QObject
{
    Q_OBJECT

private slots:
    void signalsBecomeRequests_data()
    {
        QTest::addColumn<int>("number");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
#ifdef SIGHUP
        QTest::newRow("SIGHUP") << int(SIGHUP);
#endif
    }

    void signalsBecomeRequests()
    {
#ifdef Q_OS_WIN
        QSKIP("Windows delivers console events, not POSIX signals");
#endif
        QFETCH(int, number);
        ShutdownSignals signals_;
        QSignalSpy requested(&signals_, &ShutdownSignals::requested);
        QCOMPARE(std::raise(number), 0);
        QTRY_COMPARE(requested.size(), 1);
        QCOMPARE(requested.first().at(0).toInt(), number);
    }
};

QTEST_GUILESS_MAIN(TestShutdownSignals)
#include "tst_shutdownsignals.moc"
