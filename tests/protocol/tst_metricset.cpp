// MetricSet, what a client subscribed to: sets built and compared, and an index of its own
// for each of the eight sets (the server builds one frame per set and tick).

#include "metricset.h"

#include <QSet>
#include <QTest>

using namespace ziggie;

class TestMetricSet : public QObject
{
    Q_OBJECT

private slots:
    void setsHoldWhatWasPutIn()
    {
        MetricSet set;
        QVERIFY(set.isEmpty());
        set.insert(Metric::Disk);
        QVERIFY(set.contains(Metric::Disk));
        QVERIFY(!set.contains(Metric::Cpu));
        set.insert(Metric::Disk);
        QCOMPARE(set, MetricSet{Metric::Disk});
        QCOMPARE((MetricSet{Metric::Cpu, Metric::Disk}), (MetricSet{Metric::Disk, Metric::Cpu}));
        QVERIFY(!(MetricSet{Metric::Cpu} == MetricSet{Metric::Memory}));
        for (const Metric metric : AllMetrics)
            QVERIFY(MetricSet::all().contains(metric));
    }

    void everySetHasItsOwnIndex()
    {
        QSet<int> indices;
        for (int bits = 0; bits < MetricSet::Count; ++bits) {
            MetricSet set;
            for (const Metric metric : AllMetrics) {
                if (bits & (1 << int(metric)))
                    set.insert(metric);
            }
            QVERIFY(set.index() >= 0 && set.index() < MetricSet::Count);
            indices.insert(set.index());
        }
        QCOMPARE(indices.size(), MetricSet::Count);
        QCOMPARE(MetricSet::Count, 8);
    }
};

QTEST_GUILESS_MAIN(TestMetricSet)
#include "tst_metricset.moc"
