// WsConnection on a real loopback connection after its handshake: whole messages reach the
// owner, pings are answered, either side's close ends the connection with the right code,
// and a client that breaks the protocol or sends too much is closed with 1002 or 1009.

#include "../support/loopback.h"
#include "../support/wsframes.h"
#include "websocket/wsconnection.h"

#include <QTest>

#include <memory>

using namespace ziggie;
using test::clientFrame;
using test::closePayload;
using test::ServerFrame;

namespace {

class RecordingOwner final : public WsConnection::Owner
{
public:
    void messageReceived(WsConnection &, const ws::Event &message) override { messages.append(message.payload); }
    void heard(WsConnection &) override { ++frames; }
    void gone(WsConnection &) override { isGone = true; }

    QList<QByteArray> messages;
    int frames = 0;
    bool isGone = false;
};

} // namespace

class TestWsConnection : public QObject
{
    Q_OBJECT

    static constexpr qsizetype MaxMessage = 64;

    test::Loopback m_pair;
    RecordingOwner m_owner;
    std::unique_ptr<WsConnection> m_connection;

    test::FrameInbox m_inbox;

    QList<ServerFrame> framesUntil(int count) { return m_inbox.take(count); }

private slots:
    void init()
    {
        m_pair = test::connectLoopback();
        QVERIFY(m_pair.server);
        m_owner = RecordingOwner();
        m_inbox = test::FrameInbox(m_pair.client.get());
        m_connection = std::make_unique<WsConnection>(m_pair.server, m_owner, 256 * 1024, MaxMessage);
    }

    void cleanup() { m_connection.reset(); }

    void messagesReachTheOwner()
    {
        m_pair.client->write(clientFrame(ws::Text, "{\"type\":\"ping\"}"));
        m_pair.client->write(clientFrame(ws::Text, "hel", false) + clientFrame(ws::Continuation, "lo"));
        QTRY_COMPARE(m_owner.messages, (QList<QByteArray>{"{\"type\":\"ping\"}", "hello"}));
        QCOMPARE(m_owner.frames, 2); // one per whole message
        QVERIFY(m_connection->isOpen());
    }

    void pingsAreAnswered()
    {
        m_pair.client->write(clientFrame(ws::Ping, "are you there"));
        const QList<ServerFrame> frames = framesUntil(1);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.first().opcode, quint8(ws::Pong));
        QCOMPARE(frames.first().payload, QByteArray("are you there"));
        QVERIFY(m_owner.messages.isEmpty());
    }

    void whatTheServerSendsArrives()
    {
        m_connection->sendText("{\"type\":\"history\"}");
        m_connection->write(ws::frame(ws::Text, "tick"));
        m_connection->ping();
        const QList<ServerFrame> frames = framesUntil(3);
        QCOMPARE(frames.size(), 3);
        QCOMPARE(frames.at(0).payload, QByteArray("{\"type\":\"history\"}"));
        QCOMPARE(frames.at(1).payload, QByteArray("tick"));
        QCOMPARE(frames.at(2).opcode, quint8(ws::Ping));
    }

    void theClientsCloseIsAnsweredWithItsCode()
    {
        m_pair.client->write(clientFrame(ws::Close, closePayload(4000, "done")));
        const QList<ServerFrame> frames = framesUntil(1);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.first().opcode, quint8(ws::Close));
        QCOMPARE(frames.first().closeCode(), quint16(4000));
        QTRY_VERIFY(m_owner.isGone);
        QVERIFY(!m_connection->isOpen());
    }

    void theServersCloseEndsWhenTheClientAnswers()
    {
        m_connection->close(ws::GoingAway, "server shutting down");
        const QList<ServerFrame> frames = framesUntil(1);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.first().closeCode(), quint16(ws::GoingAway));
        QCOMPARE(frames.first().payload.mid(2), QByteArray("server shutting down"));
        m_connection->sendText("too late"); // nothing is sent after the close frame
        m_pair.client->write(clientFrame(ws::Close, closePayload(ws::GoingAway)));
        QTRY_VERIFY(m_owner.isGone);
        QVERIFY(m_inbox.takeArrived().isEmpty());
    }

    void violationsCloseWithTheirCode_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::newRow("unmasked") << clientFrame(ws::Text, "hi", true, false) << int(ws::ProtocolError);
        QTest::newRow("too big") << clientFrame(ws::Text, QByteArray(MaxMessage + 1, 'x')) << int(ws::MessageTooBig);
        QTest::newRow("bad utf-8") << clientFrame(ws::Text, "\xff") << int(ws::InvalidPayload);
    }

    void violationsCloseWithTheirCode()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        m_pair.client->write(bytes);
        const QList<ServerFrame> frames = framesUntil(1);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.first().opcode, quint8(ws::Close));
        QCOMPARE(int(frames.first().closeCode()), code);
        QTRY_VERIFY(m_owner.isGone);
        QVERIFY(m_owner.messages.isEmpty());
    }

    void aVanishedClientIsGone()
    {
        m_pair.client->abort();
        QTRY_VERIFY(m_owner.isGone);
    }
};

QTEST_GUILESS_MAIN(TestWsConnection)
#include "tst_wsconnection.moc"
