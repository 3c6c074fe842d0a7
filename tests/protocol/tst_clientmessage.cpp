#include "clientmessage.h"
#include "statsmessage.h"

#include <QTest>

using namespace ziggie;

class TestClientMessage : public QObject
{
    Q_OBJECT

private slots:
    void ping()
    {
        QCOMPARE(parseClientMessage(R"({"type":"ping"})").kind, ClientMessage::Ping);
    }
    void subscribe()
    {
        const auto m = parseClientMessage(R"({"type":"subscribe","metrics":["cpu","disk"]})");
        QCOMPARE(m.kind, ClientMessage::Subscribe);
        QCOMPARE(m.metrics, (MetricSet{Metric::Cpu, Metric::Disk}));
    }
    void subscribeToExtras()
    {
        const auto onTop = parseClientMessage(R"({"type":"subscribe","metrics":["processes"]})");
        QCOMPARE(onTop.kind, ClientMessage::Subscribe);
        QCOMPARE(onTop.metrics, MetricSet::all()); // only extras named: the three stay
        QVERIFY(onTop.extras.contains(Extra::Processes));
        const auto narrow = parseClientMessage(R"({"type":"subscribe","metrics":["cpu","processes"]})");
        QCOMPARE(narrow.metrics, MetricSet{Metric::Cpu});
        QVERIFY(narrow.extras.contains(Extra::Processes));
        QVERIFY(parseClientMessage(R"({"type":"subscribe","metrics":["cpu"]})").extras.isEmpty());
        const auto unknown = parseClientMessage(R"({"type":"subscribe","metrics":["gpu"]})");
        QVERIFY(unknown.problem.contains(QLatin1String("processes"))); // the choices are listed
    }
    void invalid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("not json") << QByteArray("hello") << QByteArray("bad_request");
        QTest::newRow("array") << QByteArray("[1]") << QByteArray("bad_request");
        QTest::newRow("no type") << QByteArray(R"({"kind":"ping"})") << QByteArray("bad_request");
        QTest::newRow("type not string") << QByteArray(R"({"type":1})") << QByteArray("bad_request");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"reboot"})") << QByteArray("unknown_type");
        QTest::newRow("metrics not array") << QByteArray(R"({"type":"subscribe","metrics":"cpu"})")
                                           << QByteArray("bad_request");
        QTest::newRow("metrics empty") << QByteArray(R"({"type":"subscribe","metrics":[]})")
                                       << QByteArray("bad_request");
        QTest::newRow("unknown metric") << QByteArray(R"({"type":"subscribe","metrics":["cpu","gpu"]})")
                                        << QByteArray("unknown_metric");
        QTest::newRow("too long") << (R"({"type":"ping","pad":")" + QByteArray(5000, 'x') + R"("})")
                                  << QByteArray("bad_request");
    }
    void invalid()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, code);
        const auto m = parseClientMessage(text);
        QCOMPARE(m.kind, ClientMessage::Invalid);
        QCOMPARE(QByteArray(m.code), code);
        QVERIFY(!m.problem.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClientMessage)
#include "tst_clientmessage.moc"
