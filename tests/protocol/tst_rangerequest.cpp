// The range parameters of /api/system/history and {"type":"history"}: what is one, what is not.
#include "rangerequest.h"

#include <QTest>

using namespace ziggie;

class TestRangeRequest : public QObject
{
    Q_OBJECT

private slots:
    void ranges_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << QByteArray("90") << qint64(90'000);
        QTest::newRow("s suffix") << QByteArray("45s") << qint64(45'000);
        QTest::newRow("minutes") << QByteArray("15m") << qint64(900'000);
        QTest::newRow("hour") << QByteArray("1h") << qint64(3'600'000);
        QTest::newRow("day") << QByteArray("24h") << qint64(86'400'000);
        QTest::newRow("week") << QByteArray("7d") << qint64(604'800'000);
        QTest::newRow("year") << QByteArray("365d") << qint64(31'536'000'000);
        QTest::newRow("fraction") << QByteArray("1.5h") << qint64(5'400'000);
        QTest::newRow("zero") << QByteArray("0") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-1h") << qint64(-1);
        QTest::newRow("unit only") << QByteArray("h") << qint64(-1);
        QTest::newRow("unknown unit") << QByteArray("3w") << qint64(-1);
        QTest::newRow("words") << QByteArray("yesterday") << qint64(-1);
        QTest::newRow("exponent") << QByteArray("1e3") << qint64(-1);
        QTest::newRow("under a second") << QByteArray("0.5") << qint64(-1);
        QTest::newRow("eleven years") << QByteArray("4100d") << qint64(-1);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
    }

    void ranges()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        const auto got = parseRangeMs(text);
        QCOMPARE(got.value_or(-1), ms);
    }

    void ends()
    {
        QCOMPARE(parseUtcMs("2025-11-10T12:30:45Z").value_or(-1), qint64(1762777845000));
        QCOMPARE(parseUtcMs("2025-11-10T12:30:45.250Z").value_or(-1), qint64(1762777845250));
        QCOMPARE(parseUtcMs("2025-11-10T12:30:45+00:00").value_or(-1), qint64(1762777845000));
        QVERIFY(!parseUtcMs("2025-11-10T12:30:45")); // local time: refused
        QVERIFY(!parseUtcMs("2025-11-10T12:30:45+02:00"));
        QVERIFY(!parseUtcMs("2025-13-10T12:30:45Z"));
        QVERIFY(!parseUtcMs("soon"));
    }

    void requests()
    {
        QString error;
        auto r = parseRangeRequest("24h", {}, {}, &error);
        QVERIFY(r);
        QCOMPARE(r->rangeMs, qint64(86'400'000));
        QCOMPARE(r->points, RangeRequest::DefaultPoints);
        QVERIFY(!r->endMs);
        r = parseRangeRequest("1h", "2025-11-10T12:00:00Z", "2000", &error);
        QVERIFY(r);
        QCOMPARE(r->points, 2000);
        QCOMPARE(*r->endMs, qint64(1762776000000));
    }

    void badRequestsSayWhy_data()
    {
        QTest::addColumn<QByteArray>("range");
        QTest::addColumn<QByteArray>("end");
        QTest::addColumn<QByteArray>("points");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no range") << QByteArray() << QByteArray() << QByteArray() << QStringLiteral("range");
        QTest::newRow("bad range") << QByteArray("forever") << QByteArray() << QByteArray() << QStringLiteral("forever");
        QTest::newRow("bad end") << QByteArray("1h") << QByteArray("noon") << QByteArray() << QStringLiteral("end");
        QTest::newRow("too many points") << QByteArray("1h") << QByteArray() << QByteArray("2001") << QStringLiteral("points");
        QTest::newRow("no points") << QByteArray("1h") << QByteArray() << QByteArray("0") << QStringLiteral("points");
        QTest::newRow("points not a number") << QByteArray("1h") << QByteArray() << QByteArray("lots") << QStringLiteral("lots");
    }

    void badRequestsSayWhy()
    {
        QFETCH(QByteArray, range);
        QFETCH(QByteArray, end);
        QFETCH(QByteArray, points);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!parseRangeRequest(range, end, points, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRangeRequest)
#include "tst_rangerequest.moc"
