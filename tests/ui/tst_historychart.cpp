// The chart window's stored-range view: a day with a gap in it draws two runs, never a line
// across the gap, and the read-out names min/avg/max of the point under the pointer.
#include "historychart.h"

#include <QLineSeries>
#include <QTest>

using namespace ziggie;
using namespace ziggie::ui;

namespace {
constexpr qint64 T0 = 1'767'225'600'000; // 2026-01-01T00:00:00Z
constexpr qint64 Step = 180'000;         // what 24 h at 480 points is answered in

RangeAnswer dayWithAGap()
{
    RangeAnswer a;
    a.fromMs = T0;
    a.toMs = T0 + 24 * 3600'000;
    a.stepMs = Step;
    a.series = {"cpu.usage", "memory.percent", "memory.used_gb", "disk.percent"};
    for (qint64 i = 0; i < 480; ++i) {
        if (i >= 200 && i < 260) // three hours asleep
            continue;
        RangePoint p;
        p.startMs = T0 + i * Step;
        p.n = 90;
        const qint64 cpu = 1000 + (i % 40) * 50;
        p.values = {SeriesStats{cpu - 500, cpu, cpu + 2500}, SeriesStats{4000, 4200, 4400},
                    SeriesStats{600, 610, 620}, SeriesStats{5000, 5000, 5000}};
        a.points.push_back(p);
    }
    return a;
}
} // namespace

class TestHistoryChart : public QObject
{
    Q_OBJECT

private slots:
    void aGapSplitsTheLines()
    {
        HistoryChart chart;
        chart.resize(900, 400);
        chart.setAnswer(dayWithAGap());
        QCOMPARE(chart.pointCount(), 420);
        QCOMPARE(chart.segmentCount(), 2);
        for (Metric metric : AllMetrics) {
            const QList<QLineSeries *> runs = chart.averageSeries(metric);
            QCOMPARE(runs.size(), 2);
            QCOMPARE(runs[0]->count(), 200);
            QCOMPARE(runs[1]->count(), 220);
            // Nothing drawn inside the gap: the first run ends before it, the second starts after.
            QVERIFY(runs[0]->at(runs[0]->count() - 1).x() < double(T0 + 200 * Step));
            QVERIFY(runs[1]->at(0).x() >= double(T0 + 260 * Step));
        }
    }

    void theReadoutNamesWhoUsedTheCpu()
    {
        RangeAnswer a = dayWithAGap();
        a.withProcesses = true;
        a.points[10].topCpu = {{"cc1plus", 7100}, {"ld", 1250}, {"make", 300}, {"bash", 10}};
        HistoryChart chart;
        chart.setAnswer(a);
        const QString at = chart.readoutAt(T0 + 10 * Step + 1000);
        QVERIFY2(at.contains(QStringLiteral("top: cc1plus 71 %, ld 13 %, make 3 %")), qPrintable(at));
        QVERIFY(!at.contains(QStringLiteral("bash")));
        QVERIFY(!chart.readoutAt(T0 + 11 * Step + 1000).contains(QStringLiteral("top:")));
    }

    void theReadoutNamesMinAvgMax()
    {
        HistoryChart chart;
        chart.setAnswer(dayWithAGap());
        const QString at = chart.readoutAt(T0 + 10 * Step + 1000);
        QVERIFY2(at.contains(QLatin1String("CPU 10.0 / 15.0 / 40.0")), qPrintable(at));
        QVERIFY2(at.contains(QLatin1String("Memory 40.0 / 42.0 / 44.0")), qPrintable(at));
        QVERIFY2(at.contains(QLatin1String("Disk 50.0 / 50.0 / 50.0")), qPrintable(at));
        const QString gap = chart.readoutAt(T0 + 230 * Step);
        QVERIFY2(gap.contains(QLatin1String("nothing recorded")), qPrintable(gap));
    }

    void anEmptyRangeSaysSo()
    {
        HistoryChart chart;
        RangeAnswer empty;
        empty.fromMs = T0;
        empty.toMs = T0 + 3600'000;
        empty.stepMs = 6000;
        chart.setAnswer(empty);
        QCOMPARE(chart.segmentCount(), 0);
        QVERIFY(chart.readoutAt(T0).isEmpty());
    }
};

QTEST_MAIN(TestHistoryChart)
#include "tst_historychart.moc"
