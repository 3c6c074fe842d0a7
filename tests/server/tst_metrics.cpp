#include "metrics.h"

#include <QRegularExpression>
#include <QTest>

using namespace ziggie;

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void exposesPrometheusTextFormat()
    {
        MetricsInput in;
        Sample s;
        s.cpuPercent = 12.5;
        s.memoryUsed = 1024;
        s.memoryTotal = 4096;
        in.sample = s;
        in.publicClients = 3;
        in.authenticatedClients = 1;
        in.counters.messagesDropped = 7;
        in.counters.refusedByStatus[404] = 2;
        in.intervalMs = 2000;
        const QString text = QString::fromUtf8(renderMetrics(in));

        QVERIFY(text.contains(QLatin1String("\nziggie_cpu_usage_percent 12.5\n")));
        QVERIFY(text.contains(QLatin1String("\nziggie_memory_used_bytes 1024\n")));
        QVERIFY(text.contains(QLatin1String("ziggie_websocket_clients{endpoint=\"public\"} 3\n")));
        QVERIFY(text.contains(QLatin1String("ziggie_websocket_clients{endpoint=\"authenticated\"} 1\n")));
        QVERIFY(text.contains(QLatin1String("\nziggie_messages_dropped_total 7\n")));
        QVERIFY(text.contains(QLatin1String("ziggie_requests_refused_total{status=\"404\"} 2\n")));
        QVERIFY(text.contains(QLatin1String("ziggie_sample_interval_seconds 2\n")));

        // Every sample line belongs to a family declared with HELP and TYPE first.
        const QRegularExpression sampleLine(QStringLiteral("^([a-z_]+)(\\{[^}]*\\})? [-0-9.e+]+$"));
        QStringList declared;
        for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            if (line.startsWith(QLatin1String("# TYPE "))) {
                const QString type = line.section(QLatin1Char(' '), 3, 3);
                QVERIFY2(type == QLatin1String("gauge") || type == QLatin1String("counter"), qPrintable(line));
                declared << line.section(QLatin1Char(' '), 2, 2);
                continue;
            }
            if (line.startsWith(QLatin1String("# HELP ")))
                continue;
            const auto m = sampleLine.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            QVERIFY2(declared.contains(m.captured(1)), qPrintable(line));
            if (m.captured(1).endsWith(QLatin1String("_total")))
                QVERIFY(text.contains(QStringLiteral("# TYPE %1 counter").arg(m.captured(1))));
        }
    }

    void noSampleNoSystemGauges()
    {
        const QByteArray text = renderMetrics(MetricsInput());
        QVERIFY(!text.contains("ziggie_cpu_usage_percent"));
        QVERIFY(text.contains("ziggie_websocket_clients"));
    }
    void refusalsAreExportedAtZeroFromTheStart()
    {
        const QByteArray text = renderMetrics(MetricsInput());
        for (int status : RefusalStatuses)
            QVERIFY2(text.contains("ziggie_requests_refused_total{status=\"" + QByteArray::number(status) + "\"} 0\n"),
                     qPrintable(QString::number(status)));
    }

    void standardProcessMetricsDescribeTheServer()
    {
        MetricsInput in;
        in.startTimeSecs = 1700000000;
        in.own = sys::OwnProcess{1.5, 20 << 20, 300 << 20, 17, 1024};
        const QByteArray text = renderMetrics(in);
        QVERIFY(text.contains("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n"));
        QVERIFY(text.contains("\nprocess_resident_memory_bytes 20971520\n"));
        QVERIFY(text.contains("\nprocess_virtual_memory_bytes 314572800\n"));
        QVERIFY(text.contains("\nprocess_open_fds 17\n"));
        QVERIFY(text.contains("\nprocess_max_fds 1024\n"));
        QVERIFY(text.contains("\nprocess_start_time_seconds 1700000000\n"));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
