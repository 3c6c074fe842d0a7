// The history_range message and its CSV, key by key.
#include "rangeanswer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ziggie;

namespace {
RangeAnswer twoPoints()
{
    RangeAnswer a;
    a.fromMs = 1762777800000; // 2025-11-10T12:30:00Z
    a.toMs = a.fromMs + 120'000;
    a.stepMs = 60'000;
    a.series = {"cpu.usage", "memory.percent", "memory.used_gb"};
    RangePoint p;
    p.startMs = a.fromMs;
    p.n = 30;
    p.values = {SeriesStats{310, 1240, 8800}, SeriesStats{6000, 6025, 6150}, SeriesStats{1550, 1550, 1550}};
    a.points.push_back(p);
    RangePoint q;
    q.startMs = a.fromMs + 60'000;
    q.n = 1;
    q.values = {SeriesStats{500, 500, 500}, std::nullopt, SeriesStats{100, 100, 100}};
    a.points.push_back(q);
    return a;
}
} // namespace

class TestRangeAnswer : public QObject
{
    Q_OBJECT

private slots:
    void messageKeepsTheContractsShape()
    {
        const QByteArray m = historyRangeMessage(twoPoints());
        QCOMPARE(m, QByteArray(R"({"type":"history_range","from":"2025-11-10T12:30:00.000000Z",)"
                               R"("to":"2025-11-10T12:32:00.000000Z","step_s":60,"points":[)"
                               R"({"timestamp":"2025-11-10T12:30:00.000000Z","n":30,)"
                               R"("cpu":{"usage":{"min":3.1,"avg":12.4,"max":88.0}},)"
                               R"("memory":{"percent":{"min":60.0,"avg":60.25,"max":61.5},)"
                               R"("used_gb":{"min":15.5,"avg":15.5,"max":15.5}}},)"
                               R"({"timestamp":"2025-11-10T12:31:00.000000Z","n":1,)"
                               R"("cpu":{"usage":{"min":5.0,"avg":5.0,"max":5.0}},)"
                               R"("memory":{"used_gb":{"min":1.0,"avg":1.0,"max":1.0}}}]})"));
        QJsonParseError error;
        QJsonDocument::fromJson(m, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void emptyAnswerIsValid()
    {
        RangeAnswer a;
        a.stepMs = 500;
        const QJsonObject o = QJsonDocument::fromJson(historyRangeMessage(a)).object();
        QCOMPARE(o.value(QLatin1String("step_s")).toDouble(), 0.5);
        QVERIFY(o.value(QLatin1String("points")).toArray().isEmpty());
    }

    void csvHasAHeaderAndARowPerPoint()
    {
        const QList<QByteArray> lines = historyRangeCsv(twoPoints()).split('\n');
        QCOMPARE(lines.size(), 4); // header, two rows, and the empty rest after the last newline
        QCOMPARE(lines[0], QByteArray("timestamp,n,cpu.usage.min,cpu.usage.avg,cpu.usage.max,memory.percent.min,"
                                      "memory.percent.avg,memory.percent.max,memory.used_gb.min,memory.used_gb.avg,"
                                      "memory.used_gb.max\r"));
        QCOMPARE(lines[1], QByteArray("2025-11-10T12:30:00.000000Z,30,3.1,12.4,88.0,60.0,60.25,61.5,15.5,15.5,15.5\r"));
        QCOMPARE(lines[2], QByteArray("2025-11-10T12:31:00.000000Z,1,5.0,5.0,5.0,,,,1.0,1.0,1.0\r"));
    }
};

QTEST_GUILESS_MAIN(TestRangeAnswer)
#include "tst_rangeanswer.moc"
