// The processes object of a subscribed frame and the /api/system/processes answer: the lists in
// order and cut to their length, names escaped, memory in MiB, nothing without a table.
#include "processesmessage.h"
#include "statsmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ziggie;

namespace {

Sample withProcesses(int n)
{
    Sample s;
    s.timestampUs = 1'762'777'845'123'456;
    auto table = std::make_shared<ProcessTable>();
    table->count = 312;
    for (int i = 0; i < n; ++i) {
        table->topCpu.append({QStringLiteral("cc1plus %1").arg(i), 90.0 - i, quint64(412.5 * 1024 * 1024), quint32(4711 + i)});
        table->topMemory.append({QStringLiteral("firefox"), 1.0, quint64(2048 - i) << 20, quint32(100 + i)});
    }
    table->topCpu[0].name = QStringLiteral("a \"quoted\" name)");
    s.processes = table;
    return s;
}

} // namespace

class TestProcessesMessage : public QObject
{
    Q_OBJECT

private slots:
    void aFrameCarriesTheTopFive()
    {
        ExtraSet extras;
        extras.insert(Extra::Processes);
        const QByteArray text = message::systemStats(withProcesses(10), MetricSet{Metric::Cpu}, extras);
        const QJsonObject o = QJsonDocument::fromJson(text).object();
        QVERIFY2(!o.isEmpty(), text.constData());
        const QJsonObject p = o.value(u"processes").toObject();
        QCOMPARE(p.value(u"count").toInt(), 312);
        const QJsonArray cpu = p.value(u"top_cpu").toArray();
        QCOMPARE(cpu.size(), message::FrameProcesses);
        QCOMPARE(cpu[0].toObject().value(u"name").toString(), QStringLiteral("a \"quoted\" name)"));
        QCOMPARE(cpu[0].toObject().value(u"pid").toInt(), 4711);
        QCOMPARE(cpu[0].toObject().value(u"cpu").toDouble(), 90.0);
        QCOMPARE(cpu[0].toObject().value(u"rss_mb").toDouble(), 412.5);
        QCOMPARE(cpu[4].toObject().value(u"cpu").toDouble(), 86.0);
        QCOMPARE(p.value(u"top_memory").toArray().size(), message::FrameProcesses);
        // The key comes after the metrics: a v1 reader sees the frame it knows, plus a key.
        QVERIFY(text.indexOf("\"cpu\":{") < text.indexOf("\"processes\""));
    }

    void withoutTheExtraTheFrameIsV1()
    {
        const Sample s = withProcesses(3);
        QCOMPARE(message::systemStats(s), message::systemStats(Sample(s)));
        QVERIFY(!message::systemStats(s).contains("processes"));
        QVERIFY(!message::systemStats(s).contains("cc1plus"));
    }

    void withoutATableNothingIsAdded()
    {
        ExtraSet extras;
        extras.insert(Extra::Processes);
        Sample s = withProcesses(3);
        s.processes.reset();
        QVERIFY(!message::systemStats(s, MetricSet::all(), extras).contains("processes"));
    }

    void aWatchingDesktopReadsThemBack()
    {
        ExtraSet extras;
        extras.insert(Extra::Processes);
        const QByteArray text = message::systemStats(withProcesses(3), MetricSet::all(), extras);
        Sample back;
        QVERIFY(message::parseSystemStats(QJsonDocument::fromJson(text).object(), &back));
        QVERIFY(back.processes);
        QCOMPARE(back.processes->count, quint32(312));
        QCOMPARE(back.processes->topCpu.size(), 3);
        QCOMPARE(back.processes->topCpu[0].name, QStringLiteral("a \"quoted\" name)"));
        QCOMPARE(back.processes->topCpu[1].pid, quint32(4712));
        QCOMPARE(back.processes->topMemory[0].residentBytes, quint64(2048) << 20);
        Sample plain;
        QVERIFY(message::parseSystemStats(QJsonDocument::fromJson(message::systemStats(withProcesses(3))).object(), &plain));
        QVERIFY(!plain.processes);
    }

    void theRestAnswerHasTen()
    {
        const QJsonObject o = QJsonDocument::fromJson(message::processes(withProcesses(12))).object();
        QCOMPARE(o.value(u"type").toString(), QStringLiteral("processes"));
        QCOMPARE(o.value(u"timestamp").toString(), QStringLiteral("2025-11-10T12:30:45.123456Z"));
        QCOMPARE(o.value(u"top_cpu").toArray().size(), message::RestProcesses);
        QCOMPARE(o.value(u"top_memory").toArray().size(), message::RestProcesses);
        QCOMPARE(o.value(u"top_memory").toArray()[0].toObject().value(u"rss_mb").toDouble(), 2048.0);
    }
};

QTEST_MAIN(TestProcessesMessage)
#include "tst_processesmessage.moc"
