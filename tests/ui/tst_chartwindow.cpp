#include "chartwindow.h"
#include "darkpalette.h"
#include "historychart.h"
#include "elidedlabel.h"
#include "engine.h"
#include "englishplurals.h"
#include "history.h"
#include "metriccard.h"
#include "statsmessage.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStatusBar>
#include <QDateTime>
#include <QToolButton>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <memory>
#include <optional>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

constexpr qint64 Start = 1'700'000'000'000'000;

Sample makeSample(int i, qint64 stepUs = 2'000'000)
{
    Sample s;
    s.timestampUs = Start + i * stepUs;
    s.cpuPercent = (i * 7) % 100;
    s.memoryPercent = 40.0 + (i % 10);
    s.memoryTotal = 16ull << 30;
    s.memoryUsed = 6ull << 30;
    s.diskPercent = 61.25;
    s.diskTotal = 512ull << 30;
    s.diskUsed = 300ull << 30;
    return s;
}

QJsonObject getJson(QNetworkAccessManager &http, const QUrl &url)
{
    const std::unique_ptr<QNetworkReply> reply(http.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object();
}

// The chart's point of `metric` at `timestampUs`, from the window's series: x is seconds
// before the newest sample the window drew.
std::optional<double> plotted(const ChartWindow &window, Metric metric, qint64 newestUs, qint64 timestampUs)
{
    const QLineSeries *series = window.series(metric);
    for (int i = 0; i < series->count(); ++i) {
        if (newestUs - qRound64(series->at(i).x() * 1e6) == timestampUs)
            return series->at(i).y();
    }
    return std::nullopt;
}

bool agree(double window, double served)
{
    return std::abs(std::round(window * 100) / 100 - served) <= 0.0051; // the wire rounds to 2 decimals
}

} // namespace

class TestChartWindow : public QObject
{
    Q_OBJECT

    EnglishPlurals m_plurals; // "1 dashboard", as the desktop says it

private slots:
    void initTestCase() { QCoreApplication::installTranslator(&m_plurals); }

    void emptyHistoryShowsNoValues()
    {
        History history;
        ChartWindow window(history);
        for (Metric metric : AllMetrics) {
            QCOMPARE(window.series(metric)->count(), 0);
            QCOMPARE(window.card(metric)->valueText(), QStringLiteral("–"));
        }
    }

    void threeSeriesOfAtMostCapacity()
    {
        History history;
        for (int i = 0; i < 45; ++i)
            history.append(makeSample(i));
        ChartWindow window(history);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const Sample latest = makeSample(44);
        for (Metric metric : AllMetrics) {
            const QLineSeries *series = window.series(metric);
            QCOMPARE(series->count(), History::Capacity);
            QCOMPARE(series->name(), metricName(metric));
            QCOMPARE(series->at(series->count() - 1).y(), metricPercent(latest, metric));
            QCOMPARE(series->at(series->count() - 1).x(), 0.0); // newest is "0 s ago"
            QCOMPARE(series->at(0).x(), 58.0);                  // oldest of 30 at 2 s
            QCOMPARE(series->at(0).y(), metricPercent(makeSample(15), metric));
        }
        QCOMPARE(window.card(Metric::Cpu)->valueText(), QStringLiteral("8.0 %")); // 44*7 % 100
        QCOMPARE(window.card(Metric::Memory)->detailText(), QStringLiteral("6.0 of 16.0 GB used"));
        QCOMPARE(window.card(Metric::Disk)->detailText(), QStringLiteral("300.0 of 512.0 GB used"));
    }

    void axesSpanPercentAndSecondsAgo()
    {
        History history;
        ChartWindow window(history);
        window.setIntervalMs(2000);
        const auto axes = window.series(Metric::Cpu)->attachedAxes();
        QCOMPARE(axes.size(), 2);
        for (QAbstractAxis *axis : axes) {
            auto *value = qobject_cast<QValueAxis *>(axis);
            QVERIFY(value);
            if (axis->orientation() == Qt::Vertical) {
                QCOMPARE(value->min(), 0.0);
                QCOMPARE(value->max(), 100.0);
            } else {
                QCOMPARE(value->min(), 0.0);
                QVERIFY(value->max() >= 58.0);
                QVERIFY(value->isReverse());
            }
        }
    }

    void followsNewSamples()
    {
        History history;
        for (int i = 0; i < 5; ++i)
            history.append(makeSample(i));
        ChartWindow window(history);
        QCOMPARE(window.series(Metric::Memory)->count(), 5);

        Sample next = makeSample(5);
        next.memoryPercent = 77.5;
        history.append(next);
        QCOMPARE(window.series(Metric::Memory)->count(), 6);
        QCOMPARE(window.series(Metric::Memory)->at(5).y(), 77.5);
        QCOMPARE(window.card(Metric::Memory)->valueText(), QStringLiteral("77.5 %"));

        for (int i = 6; i < 100; ++i)
            history.append(makeSample(i));
        for (Metric metric : AllMetrics)
            QCOMPARE(window.series(metric)->count(), History::Capacity);
        QCOMPARE(window.series(Metric::Cpu)->at(History::Capacity - 1).y(), makeSample(99).cpuPercent);
    }

    void lateTicksStayInView()
    {
        History history;
        for (int i = 0; i < 30; ++i)
            history.append(makeSample(i, 5'000'000)); // 5 s apart although the interval says 2 s
        ChartWindow window(history);
        window.setIntervalMs(2000);
        history.append(makeSample(30, 5'000'000));
        const auto *axis = qobject_cast<QValueAxis *>(window.series(Metric::Cpu)->attachedAxes().value(0));
        QVERIFY(axis);
        QVERIFY(axis->max() >= 145.0);
    }

    void statusLineNamesUrlAndClients()
    {
        History history;
        ChartWindow window(history);
        window.setServing(QUrl(QStringLiteral("http://127.0.0.1:54112/")));
        window.setClientCounts(2, 1);
        QCOMPARE(window.statusText(),
                 QStringLiteral("Serving http://127.0.0.1:54112/  ·  3 dashboards connected (2 public, 1 authenticated)"));
        window.setClientCounts(0, 1);
        QVERIFY(window.statusText().contains(QStringLiteral("1 dashboard connected (0 public, 1 authenticated)")));
        window.setServing(QUrl(), QStringLiteral("127.0.0.1:54112 is in use"));
        QCOMPARE(window.statusText(), QStringLiteral("Not serving: 127.0.0.1:54112 is in use"));
    }

    // The window on a running engine: its 30 plotted points equal /api/system/history point
    // by point, and its newest point equals /api/system/stats — the chart and the server
    // show the same samples, never a second sampler's.
    void seriesAgreeWithTheServedHistory()
    {
        Config config;
        config.port = 0;
        config.intervalMs = 100;
        config.token = QStringLiteral("chart-window-token-0123456789");
        Engine engine;
        QString error;
        QVERIFY2(engine.start(config, &error), qPrintable(error));
        ChartWindow window(engine.history());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // A full history, then two ticks more: the very first sample (CPU 0 %, no previous
        // counters) leaves the picture.
        QTRY_COMPARE_WITH_TIMEOUT(window.series(Metric::Cpu)->count(), History::Capacity, 10000);
        const qint64 first = engine.history().samples().constFirst().timestampUs;
        QTRY_VERIFY_WITH_TIMEOUT(engine.history().samples().constFirst().timestampUs > first + 150'000, 5000);

        QNetworkAccessManager http;
        http.setProxy(QNetworkProxy::NoProxy);
        const QJsonArray served =
            getJson(http, engine.dashboardUrl().resolved(QUrl(QStringLiteral("api/system/history"))))
                .value(u"samples")
                .toArray();
        QVERIFY(!served.isEmpty());
        const qint64 newest = engine.history().latest()->timestampUs;
        for (Metric metric : AllMetrics)
            QVERIFY(window.series(metric)->count() <= History::Capacity);
        int shared = 0;
        for (const QJsonValue &item : served) {
            Sample sample;
            QVERIFY(message::parseSystemStats(item.toObject(), &sample));
            if (!plotted(window, Metric::Cpu, newest, sample.timestampUs))
                continue; // a tick came between the answer and this look
            ++shared;
            for (Metric metric : AllMetrics) {
                const double value = *plotted(window, metric, newest, sample.timestampUs);
                QVERIFY2(agree(value, metricPercent(sample, metric)),
                         qPrintable(QStringLiteral("%1 at %2: window %3, server %4")
                                        .arg(metricKey(metric))
                                        .arg(sample.timestampUs)
                                        .arg(value)
                                        .arg(metricPercent(sample, metric))));
            }
        }
        QVERIFY2(shared >= 10, qPrintable(QString::number(shared)));

        // The newest point equals the latest /api/system/stats (asked again across a tick).
        bool sameTick = false;
        for (int attempt = 0; attempt < 20 && !sameTick; ++attempt) {
            const QJsonObject stats = getJson(http, engine.dashboardUrl().resolved(QUrl(QStringLiteral("api/system/stats"))));
            Sample sample;
            QVERIFY(message::parseSystemStats(stats, &sample));
            const qint64 drawnNewest = engine.history().latest()->timestampUs;
            if (sample.timestampUs != drawnNewest)
                continue;
            sameTick = true;
            for (Metric metric : AllMetrics) {
                const QLineSeries *series = window.series(metric);
                QCOMPARE(series->at(series->count() - 1).x(), 0.0);
                QVERIFY(agree(series->at(series->count() - 1).y(), metricPercent(sample, metric)));
            }
        }
        QVERIFY2(sameTick, "never saw the window's newest point and /api/system/stats on the same tick");
        engine.shutdown();
    }

    // With ZIGGIE_SCREENSHOT_DIR set, saves the window in a light and a dark palette, fed a
    // plausible half minute of samples, for the docs.
    void pictures()
    {
        const QString dir = qEnvironmentVariable("ZIGGIE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("ZIGGIE_SCREENSHOT_DIR not set");
        History history;
        for (int i = 0; i < History::Capacity; ++i) {
            Sample s = makeSample(i);
            s.cpuPercent = 18 + 14 * std::sin(i / 3.0) + (i > 20 ? 35 : 0) * std::exp(-(i - 21) / 3.0);
            s.memoryUsed = quint64((9.2 + 0.05 * i) * (1ull << 30));
            s.memoryPercent = 100.0 * toGb(s.memoryUsed) / 16.0 + 4;
            if (i == History::Capacity - 1) { // what the processes panel shows
                auto table = std::make_shared<ProcessTable>();
                table->count = 287;
                table->topCpu = {{QStringLiteral("cc1plus"), 61.8, 412u << 20, 48211},
                                 {QStringLiteral("ld.gold"), 22.4, 905u << 20, 48260},
                                 {QStringLiteral("ninja"), 3.1, 24u << 20, 48002},
                                 {QStringLiteral("plasmashell"), 1.2, 388u << 20, 1520}};
                table->topMemory = {{QStringLiteral("firefox"), 0.8, quint64(2300) << 20, 2210},
                                    {QStringLiteral("ld.gold"), 22.4, 905u << 20, 48260},
                                    {QStringLiteral("code"), 0.4, 610u << 20, 3391}};
                s.processes = table;
            }
            history.append(s);
        }
        for (const bool dark : {false, true}) {
            ChartWindow window(history);
            window.setServing(QUrl(QStringLiteral("http://127.0.0.1:54112/")));
            window.setClientCounts(2, 1);
            if (dark)
                window.setPalette(darkPalette());
            window.resize(820, 680);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(QDir().mkpath(dir));
            const QString name = dark ? QStringLiteral("/chart-window-dark.png") : QStringLiteral("/chart-window-light.png");
            QVERIFY(window.grab().save(dir + name));
        }
    }

    // Hovering the live chart reads out the sample under the pointer, naming who used the CPU.
    void theLiveReadoutNamesTheProcesses()
    {
        History history;
        for (int i = 0; i < 3; ++i) {
            Sample s = makeSample(i);
            s.timestampUs = 1'767'225'600'000'000 + i * 2'000'000LL;
            s.cpuPercent = i == 2 ? 93.0 : 10.0;
            if (i == 2) {
                auto table = std::make_shared<ProcessTable>();
                table->topCpu = {{QStringLiteral("cc1plus"), 71.4, 1u << 28, 4711}, {QStringLiteral("ld"), 12.0, 1u << 20, 4712}};
                s.processes = table;
            }
            history.append(s);
        }
        ChartWindow window(history);
        const QString now = window.liveReadoutAt(0.3);
        QVERIFY2(now.contains(QStringLiteral("CPU 93.0 %")) && now.contains(QStringLiteral("top: cc1plus 71 %, ld 12 %")), qPrintable(now));
        const QString before = window.liveReadoutAt(4.1);
        QVERIFY2(before.contains(QStringLiteral("CPU 10.0 %")) && !before.contains(QStringLiteral("top:")), qPrintable(before));
        emit window.series(Metric::Cpu)->hovered(QPointF(0.0, 93.0), true);
        QCOMPARE(window.liveReadout(), now);
        emit window.series(Metric::Cpu)->hovered(QPointF(0.0, 93.0), false);
        QVERIFY(window.liveReadout().isEmpty());
    }

    // The same window showing a stored day (what 24 h is answered with: 480 points of min, avg and
    // max), with the machine asleep for three hours and an afternoon build spiking the CPU.
    void pictureOfADay()
    {
        const QString dir = qEnvironmentVariable("ZIGGIE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("ZIGGIE_SCREENSHOT_DIR not set");
        const qint64 end = QDateTime(QDate(2026, 11, 30), QTime(18, 0), Qt::UTC).toMSecsSinceEpoch();
        RangeAnswer day;
        day.toMs = end;
        day.fromMs = end - 24 * 3600'000LL;
        day.stepMs = 180'000;
        day.series = {"cpu.usage", "memory.percent", "memory.used_gb", "disk.percent"};
        for (qint64 i = 0; i < 480; ++i) {
            if (i >= 130 && i < 190) // asleep
                continue;
            RangePoint p;
            p.startMs = day.fromMs + i * day.stepMs;
            p.n = 90;
            const double cpu = 12 + 6 * std::sin(i / 9.0) + (i > 380 && i < 400 ? 55 : 0);
            const auto stats = [](double avg, double below, double above) {
                return SeriesStats{qint64((avg - below) * 100), qint64(avg * 100), qint64(std::min(100.0, avg + above) * 100)};
            };
            p.values = {stats(cpu, std::min(cpu, 8.0), 30 + 10 * std::sin(i / 5.0)),
                        stats(41 + 8 * std::sin(i / 60.0), 1.5, 2.5), stats(6.5, 0.1, 0.1), stats(62 + i / 240.0, 0, 0)};
            day.points.push_back(p);
        }
        History history;
        history.append(makeSample(0));
        ChartWindow window(history);
        window.setServing(QUrl(QStringLiteral("http://127.0.0.1:54112/")));
        window.setClientCounts(2, 1);
        window.setHistoryQuery([&day](const RangeRequest &, const QObject *, HistoryPanel::Answer answer) {
            answer(day);
        });
        window.resize(820, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.historyPanel()->spanButton(2)->click();
        QCOMPARE(window.historyPanel()->chart()->segmentCount(), 2);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(window.grab().save(dir + QStringLiteral("/chart-window-24h.png")));
    }

    // "0 dashboards connected (0 pu": the default size used to cut the window's own status
    // line. It fits now; made narrower, the line elides and its tooltip holds all of it.
    void statusLineFitsAtDefaultSizeAndElidesWhenNarrower()
    {
        History history;
        ChartWindow window(history);
        window.setServing(QUrl(QStringLiteral("http://127.0.0.1:54112/")));
        window.setClientCounts(12, 3);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *status = window.findChild<ElidedLabel *>();
        QVERIFY(status);
        QVERIFY2(!status->isElided(), qPrintable(status->text()));
        QCOMPARE(status->text(), window.statusText());
        QVERIFY(status->toolTip().isEmpty());

        window.resize(window.width() / 2, window.height());
        QTRY_VERIFY(status->isElided());
        QVERIFY(status->text().endsWith(u'…'));
        QCOMPARE(status->toolTip(), window.statusText());
        QVERIFY(window.statusText().endsWith(QStringLiteral("(12 public, 3 authenticated)")));
    }

    void closingIsAnnounced()
    {
        History history;
        ChartWindow window(history);
        window.show();
        QSignalSpy closing(&window, &ChartWindow::closing);
        QVERIFY(window.close());
        QCOMPARE(closing.count(), 1);
        QVERIFY(!window.isVisible());
    }
};

QTEST_MAIN(TestChartWindow)
#include "tst_chartwindow.moc"
