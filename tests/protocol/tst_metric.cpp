// The metrics' one definition: their keys on the wire both ways, which value of a sample
// each is, and GB as 1024^3 bytes.

#include "metric.h"

#include <QTest>

using namespace ziggie;

class TestMetric : public QObject
{
    Q_OBJECT

private slots:
    void keysBothWays()
    {
        QCOMPARE(metricKey(Metric::Cpu), QLatin1StringView("cpu"));
        QCOMPARE(metricKey(Metric::Memory), QLatin1StringView("memory"));
        QCOMPARE(metricKey(Metric::Disk), QLatin1StringView("disk"));
        for (const Metric metric : AllMetrics)
            QCOMPARE(metricFromKey(QString(metricKey(metric))), std::optional<Metric>(metric));
        QVERIFY(!metricFromKey(u"gpu"));
        QVERIFY(!metricFromKey(u"CPU")); // keys are exact
        QVERIFY(!metricFromKey(u""));
        QCOMPARE(metricKeys(), QStringLiteral("cpu, memory, disk"));
    }

    void eachMetricIsOneValueOfASample()
    {
        Sample s;
        s.cpuPercent = 12.5;
        s.memoryPercent = 60.25;
        s.diskPercent = 99.0;
        QCOMPARE(metricPercent(s, Metric::Cpu), 12.5);
        QCOMPARE(metricPercent(s, Metric::Memory), 60.25);
        QCOMPARE(metricPercent(s, Metric::Disk), 99.0);
    }

    void gigabytesAreBinary()
    {
        QCOMPARE(BytesPerGb, 1073741824.0);
        QCOMPARE(toGb(1ull << 30), 1.0);
        QCOMPARE(toGb(16ull << 30), 16.0);
        QCOMPARE(toGb(0), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestMetric)
#include "tst_metric.moc"
