#include "history.h"

#include <QSignalSpy>
#include <QTest>

using ziggie::History;
using ziggie::Sample;

class TestHistory : public QObject
{
    Q_OBJECT

    static Sample at(qint64 t)
    {
        Sample s;
        s.timestampUs = t;
        return s;
    }

private slots:
    void startsEmpty()
    {
        History h;
        QCOMPARE(h.size(), 0);
        QVERIFY(h.samples().isEmpty());
        QVERIFY(!h.latest());
    }
    void keepsOrderBelowCapacity()
    {
        History h;
        for (int i = 1; i <= 5; ++i)
            h.append(at(i));
        const auto s = h.samples();
        QCOMPARE(s.size(), 5);
        QCOMPARE(s.first().timestampUs, 1);
        QCOMPARE(s.last().timestampUs, 5);
        QCOMPARE(h.latest()->timestampUs, 5);
    }
    void keepsOnlyTheLastThirtyOldestFirst()
    {
        History h;
        for (int i = 1; i <= 95; ++i)
            h.append(at(i));
        const auto s = h.samples();
        QCOMPARE(s.size(), History::Capacity);
        QCOMPARE(History::Capacity, 30);
        for (int i = 0; i < s.size(); ++i)
            QCOMPARE(s[i].timestampUs, 66 + i);
    }
    void announcesEverySample()
    {
        History h;
        QSignalSpy spy(&h, &History::appended);
        h.append(at(7));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().value<Sample>().timestampUs, 7);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
