// ClientRegistry with real loopback clients after their handshake: the greeting first, one
// frame per tick for each subscription set, ping/subscribe/invalid messages answered,
// silent clients dropped by the sweep (a test clock moves time), counts per endpoint and
// the 1001 goodbye to all.

#include "../support/loopback.h"
#include "../support/wsframes.h"
#include "clientregistry.h"

#include <QJsonArray>
#include <QPointer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

using namespace ziggie;
using test::clientFrame;
using test::ServerFrame;

namespace {

struct Client
{
    test::Loopback pair;
    test::FrameInbox inbox;

    QList<ServerFrame> frames(int count) { return inbox.take(count); }

    QJsonObject message()
    {
        const QList<ServerFrame> got = frames(1);
        return got.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(got.first().payload).object();
    }

    void send(const QByteArray &text) { pair.client->write(clientFrame(ws::Text, text)); }
};

Sample sample()
{
    Sample s;
    s.timestampUs = 1'762'777'845'123'456;
    s.cpuPercent = 25.5;
    s.memoryPercent = 60.2;
    s.diskPercent = 45.3;
    return s;
}

// Keeps each question until the test answers it, as the durable store does from its thread.
class HeldRanges final : public RangeSource
{
public:
    struct Question
    {
        RangeRequest request;
        QPointer<const QObject> context;
        Answer answer;
    };

    void query(const RangeRequest &request, Format, const QObject *context, Answer answer) override
    {
        questions.push_back(Question{request, context, std::move(answer)});
    }

    // What the store does when its answer is ready: nothing if the asker's context went.
    void answerAll(const QByteArray &body)
    {
        for (Question &q : questions)
            if (q.context)
                q.answer(body);
        questions.clear();
    }

    std::vector<Question> questions;
};

} // namespace

class TestClientRegistry : public QObject
{
    Q_OBJECT

    ServerCounters m_counters;
    qint64 m_nowMs = 0;
    std::unique_ptr<ClientRegistry> m_registry;
    std::vector<std::unique_ptr<Client>> m_clients;

    Client &join(Endpoint endpoint, const QByteArray &greeting = "{\"type\":\"history\"}")
    {
        auto client = std::make_unique<Client>();
        client->pair = test::connectLoopback();
        client->inbox.setSocket(client->pair.client.get());
        m_registry->add(client->pair.server, endpoint, greeting);
        m_clients.push_back(std::move(client));
        return *m_clients.back();
    }

private slots:
    void init()
    {
        m_counters = ServerCounters();
        m_nowMs = 0;
        m_registry = std::make_unique<ClientRegistry>(m_counters, [this] { return m_nowMs; });
    }

    void cleanup()
    {
        m_registry.reset();
        m_clients.clear();
    }

    void theGreetingComesFirstAndClientsAreCounted()
    {
        QSignalSpy changed(m_registry.get(), &ClientRegistry::clientsChanged);
        Client &a = join(Endpoint::Public, "{\"type\":\"history\",\"samples\":[]}");
        join(Endpoint::Authenticated);
        join(Endpoint::Public);
        QCOMPARE(m_registry->size(), 3);
        QCOMPARE(m_registry->count(Endpoint::Public), 2);
        QCOMPARE(m_registry->count(Endpoint::Authenticated), 1);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(m_counters.connectionsPublic, quint64(2));
        QCOMPARE(m_counters.connectionsAuthenticated, quint64(1));
        QCOMPARE(a.message().value(u"type").toString(), QStringLiteral("history"));
    }

    void eachTickIsOneFrameForEverySubscriber()
    {
        Client &all = join(Endpoint::Public);
        Client &cpuOnly = join(Endpoint::Public);
        QCOMPARE(all.frames(1).size(), 1); // the greeting
        QCOMPARE(cpuOnly.frames(1).size(), 1);
        cpuOnly.send(R"({"type":"subscribe","metrics":["cpu"]})");
        cpuOnly.send(R"({"type":"ping"})"); // answered after the subscription took effect
        QCOMPARE(cpuOnly.message().value(u"type").toString(), QStringLiteral("pong"));

        m_registry->broadcast(sample());
        const QJsonObject full = all.message();
        QCOMPARE(full.value(u"type").toString(), QStringLiteral("system_stats"));
        QVERIFY(full.contains(u"cpu") && full.contains(u"memory") && full.contains(u"disk"));
        const QJsonObject partial = cpuOnly.message();
        QCOMPARE(partial.value(u"cpu").toObject().value(u"usage").toDouble(), 25.5);
        QVERIFY(!partial.contains(u"memory") && !partial.contains(u"disk"));
        // The lean fan-outs count on their threads; counters() adds theirs.
        QTRY_COMPARE(m_registry->counters().messagesSent, quint64(4)); // two greetings, two ticks
    }

    // Process names only on the authenticated stream, unless the owner made them public.
    void processesGoToTrustedClientsOnly()
    {
        Sample s = sample();
        auto table = std::make_shared<ProcessTable>();
        table->count = 2;
        table->topCpu = {{QStringLiteral("secret-build"), 71.2, 1u << 20, 4711}};
        s.processes = table;
        Client &pub = join(Endpoint::Public);
        Client &auth = join(Endpoint::Authenticated);
        pub.frames(1);
        auth.frames(1);
        pub.send(R"({"type":"subscribe","metrics":["processes"]})");
        const QJsonObject refused = pub.message();
        QCOMPARE(refused.value(u"code").toString(), QStringLiteral("forbidden"));
        auth.send(R"({"type":"subscribe","metrics":["processes"]})");
        auth.send(R"({"type":"ping"})");
        QCOMPARE(auth.message().value(u"type").toString(), QStringLiteral("pong"));
        m_registry->broadcast(s);
        const QList<ServerFrame> publicTick = pub.frames(1);
        QCOMPARE(publicTick.size(), 1);
        QVERIFY(!publicTick.first().payload.contains("secret-build"));
        QVERIFY(!publicTick.first().payload.contains("processes"));
        QCOMPARE(auth.message().value(u"processes").toObject().value(u"top_cpu").toArray()[0].toObject()
                     .value(u"name").toString(), QStringLiteral("secret-build"));

        m_registry->setPublicProcesses(true); // --public-processes
        pub.send(R"({"type":"subscribe","metrics":["processes"]})");
        pub.send(R"({"type":"ping"})");
        QCOMPARE(pub.message().value(u"type").toString(), QStringLiteral("pong"));
        m_registry->broadcast(s);
        QVERIFY(pub.frames(1).first().payload.contains("secret-build"));
    }

    void badMessagesAreAnsweredAndTheClientStays()
    {
        Client &c = join(Endpoint::Public);
        c.frames(1);
        c.send(R"({"type":"reboot"})");
        const QJsonObject unknown = c.message();
        QCOMPARE(unknown.value(u"type").toString(), QStringLiteral("error"));
        QCOMPARE(unknown.value(u"code").toString(), QStringLiteral("unknown_type"));
        c.pair.client->write(clientFrame(ws::Binary, "\x01\x02"));
        QCOMPARE(c.message().value(u"code").toString(), QStringLiteral("bad_request"));
        QCOMPARE(m_registry->size(), 1);
    }

    // The test clock drives the sweep of the Qt sockets (TLS clients); the lean fan-outs keep
    // their own monotonic clock on their threads.
    void theSweepDropsSilentClientsAndPingsTheRest()
    {
        m_registry = std::make_unique<ClientRegistry>(m_counters, [this] { return m_nowMs; }, 0);
        Client &silent = join(Endpoint::Public);
        Client &chatty = join(Endpoint::Authenticated);
        silent.frames(1);
        chatty.frames(1);
        m_nowMs = ClientRegistry::SilentClientLimitMs / 2;
        chatty.send(R"({"type":"ping"})");
        QCOMPARE(chatty.message().value(u"type").toString(), QStringLiteral("pong"));

        m_nowMs = ClientRegistry::SilentClientLimitMs + 1;
        QSignalSpy changed(m_registry.get(), &ClientRegistry::clientsChanged);
        m_registry->sweep();
        QTRY_COMPARE(m_registry->size(), 1);
        QCOMPARE(m_registry->count(Endpoint::Public), 0);
        QCOMPARE(changed.size(), 1);
        QTRY_COMPARE(silent.pair.client->state(), QAbstractSocket::UnconnectedState);
        const QList<ServerFrame> ping = chatty.frames(1);
        QCOMPARE(ping.size(), 1);
        QCOMPARE(ping.first().opcode, quint8(ws::Ping));
    }

    void closeAllSaysGoodbyeToEveryone()
    {
        Client &a = join(Endpoint::Public);
        Client &b = join(Endpoint::Authenticated);
        a.frames(1);
        b.frames(1);
        m_registry->closeAll(ws::GoingAway, QStringLiteral("server shutting down"));
        for (Client *c : {&a, &b}) {
            const QList<ServerFrame> close = c->frames(1);
            QCOMPARE(close.size(), 1);
            QCOMPARE(close.first().opcode, quint8(ws::Close));
            QCOMPARE(close.first().closeCode(), quint16(ws::GoingAway));
        }
    }

    // A plain-TCP client lives in a lean fan-out; its range answer comes back there, id echoed.
    void aLeanClientGetsItsRangeAnswerWithItsId()
    {
        HeldRanges ranges;
        m_registry->setRangeSource(&ranges);
        Client &c = join(Endpoint::Authenticated);
        QCOMPARE(c.frames(1).size(), 1); // the greeting
        QCOMPARE(m_registry->leanCount(), 1);
        c.send(R"({"type":"history","range":"1h","id":"q7"})");
        QTRY_COMPARE(ranges.questions.size(), std::size_t(1));
        QVERIFY(ranges.questions.front().request.withProcesses); // authenticated
        ranges.answerAll(R"({"type":"history_range","points":[]})");
        const QJsonObject answer = c.message();
        QCOMPARE(answer.value(u"type").toString(), QStringLiteral("history_range"));
        QCOMPARE(answer.value(u"id").toString(), QStringLiteral("q7"));
        m_registry->setRangeSource(nullptr);
    }

    void aLeanClientWithoutRecordingHearsItIsOff()
    {
        Client &c = join(Endpoint::Public);
        QCOMPARE(c.frames(1).size(), 1);
        c.send(R"({"type":"history","range":"1h","id":"q8"})");
        const QJsonObject answer = c.message();
        QCOMPARE(answer.value(u"code").toString(), QStringLiteral("unavailable"));
        QCOMPARE(answer.value(u"id").toString(), QStringLiteral("q8"));
    }

    // The answer finds no one: it is dropped, nothing is written to a closed descriptor.
    void aLeanClientThatLeavesBeforeItsAnswerIsForgotten()
    {
        HeldRanges ranges;
        m_registry->setRangeSource(&ranges);
        Client &gone = join(Endpoint::Public);
        Client &stays = join(Endpoint::Public);
        QCOMPARE(gone.frames(1).size(), 1);
        QCOMPARE(stays.frames(1).size(), 1);
        gone.send(R"({"type":"history","range":"1h","id":"q9"})");
        QTRY_COMPARE(ranges.questions.size(), std::size_t(1));
        QVERIFY(!ranges.questions.front().request.withProcesses); // public
        gone.pair.client->abort();
        QTRY_COMPARE(m_registry->size(), 1);
        ranges.answerAll(R"({"type":"history_range","points":[]})");
        stays.send(R"({"type":"ping"})");
        QCOMPARE(stays.message().value(u"type").toString(), QStringLiteral("pong")); // not the answer
        m_registry->setRangeSource(nullptr);
    }

    void aClientThatLeavesIsNoLongerCounted()
    {
        Client &c = join(Endpoint::Public);
        QSignalSpy changed(m_registry.get(), &ClientRegistry::clientsChanged);
        c.pair.client->abort();
        QTRY_COMPARE(m_registry->size(), 0);
        QCOMPARE(m_registry->count(Endpoint::Public), 0);
        QCOMPARE(changed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestClientRegistry)
#include "tst_clientregistry.moc"
