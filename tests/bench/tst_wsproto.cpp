// The load tool's protocol pieces on known inputs: a wrong accept key or a misread timestamp
// would turn every benchmark figure into noise without any test failing.

#include "wsproto.h"

#include <QTest>

#include <string>

class TestWsProto final : public QObject
{
    Q_OBJECT

private slots:
    void acceptKeyMatchesRfc6455Example()
    {
        // RFC 6455 section 1.3.
        QCOMPARE(bench::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), std::string("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void sha1OfEmptyAndLongInputs()
    {
        const auto empty = bench::sha1("");
        QCOMPARE(bench::base64(empty.data(), empty.size()), std::string("2jmj7l5rSw0yVb/vlWAYkK/YBwk="));
        // 1,000 bytes: more than one 64-byte block, with padding spilling into a new block.
        const auto long1000 = bench::sha1(std::string(1000, 'a'));
        QCOMPARE(bench::base64(long1000.data(), long1000.size()), std::string("KR6abGaZSUm1e6XmUDYemPw2sbo="));
    }

    void base64Padding()
    {
        const auto *bytes = reinterpret_cast<const uint8_t *>("abcd");
        QCOMPARE(bench::base64(bytes, 1), std::string("YQ=="));
        QCOMPARE(bench::base64(bytes, 2), std::string("YWI="));
        QCOMPARE(bench::base64(bytes, 3), std::string("YWJj"));
        QCOMPARE(bench::base64(bytes, 4), std::string("YWJjZA=="));
    }

    void scanReadsTopLevelKeysOnly()
    {
        // Keys in another order, and a nested sample whose own "type" must not win.
        const std::string history =
            "{\"samples\":[{\"type\":\"system_stats\",\"timestamp\":\"x\",\"cpu\":{\"usage\":1}}],"
            "\"interval_s\":2,\"type\":\"history\"}";
        bench::MessageScan scan;
        QVERIFY(bench::scanMessage(history, &scan));
        QCOMPARE(std::string(scan.type), std::string("history"));
        QVERIFY(scan.timestamp.empty());
        QVERIFY(scan.samplesNonEmpty);
        QVERIFY(!scan.cpu);
    }

    void scanSeesMetricsAndEmptyHistory()
    {
        const std::string text =
            " {\"type\":\"system_stats\", \"timestamp\":\"2025-11-10T12:30:45.123456Z\",\"cpu\":{\"usage\":25.5},"
            "\"memory\":{\"percent\":60.2,\"used_gb\":15.5,\"total_gb\":32.0},\"note\":\"a \\\"quoted\\\" } brace\"} ";
        bench::MessageScan stats;
        QVERIFY(bench::scanMessage(text, &stats));
        QCOMPARE(std::string(stats.type), std::string("system_stats"));
        QCOMPARE(std::string(stats.timestamp), std::string("2025-11-10T12:30:45.123456Z"));
        QVERIFY(stats.cpu && stats.memory && !stats.disk);

        const std::string emptyHistory = "{\"type\":\"history\",\"interval_s\":2,\"samples\":[ ]}";
        bench::MessageScan empty;
        QVERIFY(bench::scanMessage(emptyHistory, &empty));
        QVERIFY(!empty.samplesNonEmpty);
    }

    void scanRejectsBrokenJson_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("array") << QStringLiteral("[1,2]");
        QTest::newRow("unterminated") << QStringLiteral("{\"type\":\"history\"");
        QTest::newRow("type not a string") << QStringLiteral("{\"type\":1}");
        QTest::newRow("unbalanced value") << QStringLiteral("{\"cpu\":{\"usage\":1}");
    }

    void scanRejectsBrokenJson()
    {
        QFETCH(QString, text);
        bench::MessageScan scan;
        QVERIFY(!bench::scanMessage(text.toStdString(), &scan));
    }

    void timestamps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros");
        QTest::newRow("epoch") << QStringLiteral("1970-01-01T00:00:00.000000Z") << qint64(0);
        QTest::newRow("contract example") << QStringLiteral("2025-11-10T12:30:45.123456Z")
                                          << qint64(1762777845123456);
        QTest::newRow("leap day") << QStringLiteral("2024-02-29T23:59:59.999999Z") << qint64(1709251199999999);
        QTest::newRow("milliseconds only") << QStringLiteral("2025-11-10T12:30:45.123Z") << qint64(1762777845123000);
        QTest::newRow("no fraction") << QStringLiteral("2025-11-10T12:30:45Z") << qint64(1762777845000000);
        QTest::newRow("no Z") << QStringLiteral("2025-11-10T12:30:45.123456") << qint64(-1);
        QTest::newRow("month 13") << QStringLiteral("2025-13-10T12:30:45.123456Z") << qint64(-1);
        QTest::newRow("letters") << QStringLiteral("2025-11-1xT12:30:45.123456Z") << qint64(-1);
        QTest::newRow("empty fraction") << QStringLiteral("2025-11-10T12:30:45.Z") << qint64(-1);
    }

    void timestamps()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        QCOMPARE(qint64(bench::parseTimestampUs(text.toStdString())), micros);
    }
};

QTEST_APPLESS_MAIN(TestWsProto)
#include "tst_wsproto.moc"
