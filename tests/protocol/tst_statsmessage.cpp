#include "statsmessage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ziggie;

namespace {
constexpr quint64 GiB = 1024ull * 1024 * 1024;

Sample example()
{
    Sample s;
    s.timestampUs = 1762777845123456; // 2025-11-10T12:30:45.123456Z
    s.cpuPercent = 25.5;
    s.memoryPercent = 60.2;
    s.memoryUsed = quint64(15.5 * GiB);
    s.memoryTotal = 32 * GiB;
    s.diskPercent = 45.3;
    s.diskUsed = quint64(234.5 * GiB);
    s.diskTotal = 512 * GiB;
    return s;
}
} // namespace

class TestStatsMessage : public QObject
{
    Q_OBJECT

private slots:
    void systemStatsIsByteExact()
    {
        QCOMPARE(message::systemStats(example()),
                 QByteArray(R"({"type":"system_stats","timestamp":"2025-11-10T12:30:45.123456Z",)"
                            R"("cpu":{"usage":25.5},"memory":{"percent":60.2,"used_gb":15.5,"total_gb":32.0},)"
                            R"("disk":{"percent":45.3,"used_gb":234.5,"total_gb":512.0}})"));
    }

    void numbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("text");
        // What Python prints for round(value, 2).
        QTest::newRow("whole") << 32.0 << QByteArray("32.0");
        QTest::newRow("zero") << 0.0 << QByteArray("0.0");
        QTest::newRow("negative zero") << -0.001 << QByteArray("0.0");
        QTest::newRow("one decimal") << 25.5 << QByteArray("25.5");
        QTest::newRow("two decimals") << 12.34 << QByteArray("12.34");
        QTest::newRow("rounds up") << 12.346 << QByteArray("12.35");
        QTest::newRow("rounds down") << 12.344 << QByteArray("12.34");
        QTest::newRow("binary half") << 0.125 << QByteArray("0.12"); // 0.125 is exact: half-even
        QTest::newRow("hundred") << 100.0 << QByteArray("100.0");
        QTest::newRow("tiny") << 0.004 << QByteArray("0.0");
        QTest::newRow("nan") << qQNaN() << QByteArray("0.0");
    }
    void numbers()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, text);
        QCOMPARE(message::formatNumber(value), text);
    }

    void hundredthsPrintAsTheirNumbersDo()
    {
        // Stored history is in exact hundredths; printed without printf, it must read the same.
        for (qint64 v = -100'000; v <= 100'000; v += 7)
            QCOMPARE(message::formatHundredths(v), message::formatNumber(double(v) / 100.0));
        QCOMPARE(message::formatHundredths(1'099'511'627'776), QByteArray("10995116277.76"));
    }

    void timestamps_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00.000000Z");
        QTest::newRow("micro padding") << qint64(1000000007) << QByteArray("1970-01-01T00:16:40.000007Z");
        QTest::newRow("example") << qint64(1762777845123456) << QByteArray("2025-11-10T12:30:45.123456Z");
    }
    void timestamps()
    {
        QFETCH(qint64, us);
        QFETCH(QByteArray, text);
        QCOMPARE(message::formatTimestamp(us), text);
        QCOMPARE(message::parseTimestamp(QString::fromLatin1(text)), std::optional<qint64>(us));
    }

    void parsesShorterFractionsAndRejectsOthers()
    {
        QCOMPARE(message::parseTimestamp(u"2025-11-10T12:30:45.5Z"), std::optional<qint64>(1762777845500000));
        QCOMPARE(message::parseTimestamp(u"2025-11-10T12:30:45Z"), std::optional<qint64>(1762777845000000));
        for (const QString &bad : {QStringLiteral(""), QStringLiteral("2025-11-10T12:30:45.123456"),
                                   QStringLiteral("2025-11-10 12:30:45.123456Z"), QStringLiteral("2025-13-10T12:30:45Z"),
                                   QStringLiteral("2025-11-10T12:30:45.1234567Z"), QStringLiteral("2025-11-10T12:30:45.12a4Z"),
                                   QStringLiteral("2025-11-10T12:30:45.Z")})
            QVERIFY2(!message::parseTimestamp(bad), qPrintable(bad));
    }

    void parsesSystemStats()
    {
        const QByteArray json = R"({"type":"system_stats","timestamp":"2025-11-10T12:30:45.123456Z",
            "cpu":{"usage":25.5},"memory":{"percent":60.2,"used_gb":15.5,"total_gb":32.0},
            "disk":{"percent":45.3,"used_gb":234.5,"total_gb":512.0}})";
        ziggie::Sample s;
        QVERIFY(message::parseSystemStats(QJsonDocument::fromJson(json).object(), &s));
        QCOMPARE(s.timestampUs, 1762777845123456LL);
        QCOMPARE(s.cpuPercent, 25.5);
        QCOMPARE(s.memoryPercent, 60.2);
        QCOMPARE(s.memoryTotal, quint64(32) << 30);
        QCOMPARE(s.memoryUsed, quint64(15.5 * (1 << 30)));
        QCOMPARE(s.diskTotal, quint64(512) << 30);
        QCOMPARE(s.diskUsed + s.diskFree, s.diskTotal);
        QCOMPARE(s.diskPercent, 45.3);

        QVERIFY(!message::parseSystemStats(QJsonObject{{QStringLiteral("type"), QStringLiteral("system_stats")}}, &s));
    }

    // What one Ziggie writes, another reads back: the same message text again.
    void systemStatsRoundTrips()
    {
        Sample parsed;
        QVERIFY(message::parseSystemStats(QJsonDocument::fromJson(message::systemStats(example())).object(), &parsed));
        QCOMPARE(message::systemStats(parsed), message::systemStats(example()));
    }

    void gigabytesAreBinary()
    {
        QCOMPARE(message::bytesToGb(GiB), QByteArray("1.0"));
        QCOMPARE(message::bytesToGb(1000ull * 1000 * 1000), QByteArray("0.93"));
    }

    void subscriptionKeepsOnlyChosenMetrics()
    {
        const QByteArray text = message::systemStats(example(), MetricSet{Metric::Cpu, Metric::Disk});
        const QJsonObject o = QJsonDocument::fromJson(text).object();
        QCOMPARE(o.value(QLatin1String("type")).toString(), QStringLiteral("system_stats"));
        QVERIFY(o.contains(QLatin1String("timestamp")));
        QVERIFY(o.contains(QLatin1String("cpu")));
        QVERIFY(o.contains(QLatin1String("disk")));
        QVERIFY(!o.contains(QLatin1String("memory")));
    }

    void historyWrapsSamplesOldestFirst()
    {
        Sample a = example();
        Sample b = example();
        b.timestampUs += 2000000;
        const QByteArray text = message::history({a, b}, 2000);
        QVERIFY(text.startsWith(R"({"type":"history","interval_s":2,"samples":[{"type":"system_stats")"));
        QVERIFY(text.indexOf("12:30:45.123456Z") < text.indexOf("12:30:47.123456Z"));
        QCOMPARE(message::history({}, 500), QByteArray(R"({"type":"history","interval_s":0.5,"samples":[]})"));
        QVERIFY(QJsonDocument::fromJson(text).isObject());
    }

    void errorEscapesItsMessage()
    {
        const QByteArray text = message::error("bad_request", QStringLiteral("a \"quoted\"\nline"));
        QCOMPARE(text, QByteArray("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"a \\\"quoted\\\"\\nline\"}"));
    }
};

QTEST_GUILESS_MAIN(TestStatsMessage)
#include "tst_statsmessage.moc"
