// ziggie-history-synth FILE [DAYS [STEP_MS]]: fills a history file with DAYS (default 365) of synthetic
// samples through the real store — a sample a minute until the last day, then one every STEP_MS
// (default 2000: the default interval), so
// every tier holds what a year of recording leaves — and then times the range answers the
// benchmark reports (365d, 30d, 24h, 1h at 600 points). Prints one line of JSON. The figures are
// the benchmark's (tests/bench/run), never assertions.
#include "historyreader.h"
#include "historystore.h"
#include "historywriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace ziggie;
using namespace ziggie::storage;

namespace {

Sample synthetic(qint64 ms, qint64 i)
{
    Sample s;
    s.timestampUs = ms * 1000;
    // A working day's shape with noise, and a spike now and then that must survive every tier.
    const double hour = double((ms / 3'600'000) % 24);
    s.cpuPercent = std::clamp(15.0 + 25.0 * std::sin(hour / 24.0 * 6.283) + double(i % 17) + (i % 997 == 0 ? 60.0 : 0.0),
                              0.0, 100.0);
    s.memoryTotal = 16ULL << 30;
    s.memoryUsed = (6ULL << 30) + quint64(i % 1000) * (1 << 20);
    s.memoryPercent = 40.0 + double(i % 200) / 10.0;
    s.diskTotal = 512ULL << 30;
    s.diskUsed = (200ULL << 30) + quint64(i / 1000) * (1 << 20);
    s.diskPercent = 40.0 + double(i) / 1e6;
    return s;
}

double medianMs(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: ziggie-history-synth FILE [DAYS [STEP_MS]]\n");
        return 2;
    }
    const QString file = QString::fromLocal8Bit(argv[1]);
    const int days = argc > 2 ? std::atoi(argv[2]) : 365;
    const qint64 stepMs = argc > 3 ? std::max(10, std::atoi(argv[3])) : 2000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    const qint64 day = 24LL * 3600 * 1000;

    QElapsedTimer clock;
    clock.start();
    qint64 samples = 0;
    if (days > 0) { // 0: only time the answers of a file made before
        HistoryStore store(file, Retention());
        store.start();
        qint64 i = 0;
        for (qint64 t = now - days * day; t < now; t += t < now - day ? 60'000 : stepMs, ++i) {
            store.record(synthetic(t, i));
            if (++samples % 20000 == 0)
                store.flush();
        }
        store.stop();
    }
    const double synthS = double(clock.elapsed()) / 1000.0;

    HistoryReader reader(file);
    std::printf("{\"days\":%d,\"step_ms\":%lld,\"samples\":%lld,\"synth_s\":%.1f,\"file_bytes\":%lld", days, static_cast<long long>(stepMs),
                static_cast<long long>(samples), synthS, static_cast<long long>(QFileInfo(file).size()));
    for (const char *range : {"365d", "30d", "24h", "1h"}) {
        QString error;
        auto request = parseRangeRequest(range, {}, "600", &error);
        std::vector<double> times;
        qsizetype points = 0;
        for (int run = 0; run < 21; ++run) {
            QElapsedTimer t;
            t.start();
            const RangeAnswer a = reader.answer(*request, now, stepMs);
            const QByteArray body = historyRangeMessage(a);
            times.push_back(double(t.nsecsElapsed()) / 1e6);
            points = qsizetype(a.points.size());
            Q_UNUSED(body);
        }
        std::printf(",\"query_%s_ms\":%.2f,\"points_%s\":%lld", range, medianMs(times), range,
                    static_cast<long long>(points));
    }
    std::printf("}\n");
    return 0;
}
