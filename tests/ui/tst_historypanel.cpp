// The chart window's span choice: Live without a stored history; a stored span asks for its
// range (with processes: the owner's window), draws what comes back, ignores an answer meant
// for a span no longer chosen, and exports what it shows as CSV.
#include "historychart.h"
#include "historypanel.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

struct Asked
{
    RangeRequest request;
    HistoryPanel::Answer answer;
};

RangeAnswer hourOf(int points)
{
    RangeAnswer a;
    a.toMs = 1'767'225'600'000;
    a.fromMs = a.toMs - 3600'000;
    a.stepMs = 6000;
    a.series = {"cpu.usage", "memory.percent", "disk.percent"};
    for (int i = 0; i < points; ++i) {
        RangePoint p;
        p.startMs = a.fromMs + i * a.stepMs;
        p.n = 3;
        p.values = {SeriesStats{100, 2000 + i, 9000}, SeriesStats{4000, 4100, 4200}, SeriesStats{5000, 5000, 5000}};
        a.points.push_back(p);
    }
    return a;
}

} // namespace

class TestHistoryPanel : public QObject
{
    Q_OBJECT

    std::vector<Asked> m_asked;
    HistoryPanel::Query query()
    {
        return [this](const RangeRequest &request, const QObject *, HistoryPanel::Answer answer) {
            m_asked.push_back({request, std::move(answer)});
        };
    }

private slots:
    void init() { m_asked.clear(); }

    void withoutAStoreOnlyLiveIsOffered()
    {
        auto *live = new QWidget; // the panel's from now on
        HistoryPanel panel(live);
        panel.show();
        QVERIFY(panel.isLive());
        for (int i = 1; i < int(HistoryPanel::SpansMs.size()); ++i)
            QVERIFY(!panel.spanButton(i)->isVisible());
        panel.selectSpan(2);
        QVERIFY(panel.isLive()); // nothing to ask
    }

    void aSpanAsksForItsRangeAndDrawsTheAnswer()
    {
        auto *live = new QWidget; // the panel's from now on
        HistoryPanel panel(live);
        panel.setQuery(query());
        panel.resize(800, 400);
        panel.show();
        QVERIFY(panel.spanButton(2)->isVisible());
        QSignalSpy answered(&panel, &HistoryPanel::answered);
        panel.spanButton(2)->click(); // 24 h
        QCOMPARE(m_asked.size(), std::size_t(1));
        QCOMPARE(m_asked[0].request.rangeMs, 24 * 3600'000LL);
        QVERIFY(m_asked[0].request.withProcesses);
        QVERIFY(!m_asked[0].request.endMs); // up to now
        QVERIFY(!live->isVisible());
        m_asked[0].answer(hourOf(120));
        QCOMPARE(answered.count(), 1);
        QCOMPARE(panel.chart()->pointCount(), 120);
        panel.spanButton(0)->click();
        QVERIFY(panel.isLive());
        QVERIFY(live->isVisible());
    }

    void anAnswerForAnotherSpanIsIgnored()
    {
        auto *live = new QWidget; // the panel's from now on
        HistoryPanel panel(live);
        panel.setQuery(query());
        panel.show();
        panel.selectSpan(5); // a year: slow
        panel.selectSpan(1); // then an hour
        QCOMPARE(m_asked.size(), std::size_t(2));
        m_asked[1].answer(hourOf(10));
        m_asked[0].answer(hourOf(500)); // the year arrives last
        QCOMPARE(panel.chart()->pointCount(), 10);
        QCOMPARE(panel.span(), 1);
    }

    void theRangeShownIsExportedAsCsv()
    {
        auto *live = new QWidget; // the panel's from now on
        HistoryPanel panel(live);
        panel.setQuery(query());
        panel.selectSpan(1);
        m_asked.back().answer(hourOf(5));
        QTemporaryDir dir;
        QString error;
        QVERIFY(panel.exportCsv(dir.filePath(QStringLiteral("hour.csv")), &error));
        QFile file(dir.filePath(QStringLiteral("hour.csv")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QVERIFY(lines[0].startsWith("timestamp,n,cpu.usage.min,cpu.usage.avg,cpu.usage.max"));
        QCOMPARE(lines.size(), 1 + 5 + 1); // header, five points, the last newline
        QVERIFY(!panel.exportCsv(dir.filePath(QStringLiteral("no/such/folder/x.csv")), &error));
        QVERIFY(error.contains(QLatin1String("x.csv")));
    }
};

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
