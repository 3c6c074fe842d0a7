#include "procparse.h"

#include <QFile>
#include <QTest>

using namespace ziggie::sys;

namespace {
std::string fixture(const char *name)
{
    QFile f(QStringLiteral(ZIGGIE_TEST_DATA "/proc/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll().toStdString();
}
constexpr std::uint64_t KiB = 1024;
} // namespace

class TestProcParse : public QObject
{
    Q_OBJECT

private slots:
    void stat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<quint64>("busy");
        QTest::addColumn<quint64>("total");
        // total = user..steal; idle = idle + iowait; guest columns are inside user/nice already.
        QTest::newRow("linux 6, 10 columns") << "stat_linux6.txt" << true << quint64(5668) << quint64(9390);
        QTest::newRow("linux 2.6, 7 columns") << "stat_linux26.txt" << true << quint64(150) << quint64(1000);
        QTest::newRow("extra columns ignored") << "stat_extra_columns.txt" << true << quint64(190) << quint64(1040);
        QTest::newRow("too few columns") << "stat_too_short.txt" << false << quint64(0) << quint64(0);
        QTest::newRow("no cpu line") << "stat_no_cpu.txt" << false << quint64(0) << quint64(0);
    }
    void stat()
    {
        QFETCH(QString, file);
        QFETCH(bool, valid);
        const auto times = parseProcStat(fixture(qPrintable(file)));
        QCOMPARE(times.has_value(), valid);
        if (valid) {
            QFETCH(quint64, busy);
            QFETCH(quint64, total);
            QCOMPARE(quint64(times->busy), busy);
            QCOMPARE(quint64(times->total), total);
        }
    }

    void meminfo_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<quint64>("total");
        QTest::addColumn<quint64>("available");
        QTest::addColumn<quint64>("used");
        // used = total - free - buffers - (cached + SReclaimable)
        QTest::newRow("linux 6") << "meminfo_linux6.txt" << quint64(16303428 * KiB) << quint64(9412780 * KiB)
                                 << quint64((16303428 - 1220052 - 523316 - 7418320 - 639704) * KiB);
        // no MemAvailable (before 3.14): available = free + cached
        QTest::newRow("no MemAvailable") << "meminfo_linux310.txt" << quint64(2048000 * KiB)
                                         << quint64((512000 + 600000) * KiB)
                                         << quint64((2048000 - 512000 - 100000 - 600000) * KiB);
        // buffers + cached exceed total - free: used falls back to total - free
        QTest::newRow("negative used") << "meminfo_negative_used.txt" << quint64(1000000 * KiB)
                                       << quint64(700000 * KiB) << quint64(600000 * KiB);
    }
    void meminfo()
    {
        QFETCH(QString, file);
        QFETCH(quint64, total);
        QFETCH(quint64, available);
        QFETCH(quint64, used);
        const auto m = parseMeminfo(fixture(qPrintable(file)));
        QVERIFY(m.has_value());
        QCOMPARE(quint64(m->total), total);
        QCOMPARE(quint64(m->available), available);
        QCOMPARE(quint64(m->used), used);
    }

    void meminfoWithoutTotalIsRejected()
    {
        QVERIFY(!parseMeminfo(fixture("meminfo_no_total.txt")).has_value());
        QVERIFY(!parseMeminfo("").has_value());
        QVERIFY(!parseMeminfo("MemTotal: abc kB\nMemFree: 1 kB\n").has_value());
    }

    void memoryPercentFollowsAvailable()
    {
        const auto m = parseMeminfo(fixture("meminfo_linux6.txt"));
        QVERIFY(m.has_value());
        QCOMPARE(qRound(memoryPercent(*m) * 100), qRound((16303428.0 - 9412780.0) / 16303428.0 * 10000));
    }
    void ownStatCountsFromTheLastParenthesis()
    {
        // The name holds a space and ")", as a process may name itself.
        const auto own = parseOwnStat(fixture("self_stat_linux6.txt"), 100, 4096);
        QVERIFY(own);
        QCOMPARE(own->cpuSeconds, 3.8); // (250 + 130) ticks at 100 per second
        QCOMPARE(own->virtualBytes, quint64(318767104));
        QCOMPARE(own->residentBytes, quint64(5120) * 4096);
    }

    void ownStatRefusesWhatIsNotOne()
    {
        QVERIFY(!parseOwnStat("", 100, 4096));
        QVERIFY(!parseOwnStat("4711 (name) S 1 2 3", 100, 4096));
        QVERIFY(!parseOwnStat(fixture("self_stat_linux6.txt"), 0, 4096));
    }
};

QTEST_GUILESS_MAIN(TestProcParse)
#include "tst_procparse.moc"
