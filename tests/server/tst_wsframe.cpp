// The server's WebSocket framing: what a client may send, what it may not, and which close code
// each violation earns (RFC 6455 §5, §7.4, §8.1).
#include "../support/wsframes.h"
#include "websocket/wsframe.h"

#include <QTest>
#include <QtEndian>

using namespace ziggie;
using namespace ziggie::ws;
using ziggie::test::clientFrame;
using ziggie::test::closePayload;

namespace {

// Feeds bytes as a socket would, one read at a time, and collects every event.
QList<Event> readAll(FrameReader &reader, const QByteArray &bytes, qsizetype chunk = 1 << 30)
{
    QList<Event> events;
    QByteArray buffer;
    qsizetype fed = 0;
    while (true) {
        qsizetype used = 0;
        const Event e = reader.read(buffer, &used);
        buffer.remove(0, used);
        if (e.kind != Event::NeedMore) {
            events.append(e);
            if (e.kind == Event::Violation)
                return events;
            continue;
        }
        if (used > 0)
            continue;
        if (fed >= bytes.size())
            return events;
        buffer += bytes.mid(fed, chunk);
        fed += chunk;
    }
}

} // namespace

class TestWsFrame : public QObject
{
    Q_OBJECT

private slots:
    void serverFramesAreUnmaskedWithMinimalLengths_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("7-bit") << 125 << QByteArray("\x81\x7d", 2);
        QTest::newRow("16-bit") << 126 << QByteArray("\x81\x7e\x00\x7e", 4);
        QTest::newRow("16-bit max") << 65535 << QByteArray("\x81\x7e\xff\xff", 4);
        QTest::newRow("64-bit") << 65536 << QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
    }

    void serverFramesAreUnmaskedWithMinimalLengths()
    {
        QFETCH(int, size);
        QFETCH(QByteArray, header);
        const QByteArray payload(size, 'x');
        const QByteArray f = frame(Text, payload);
        QCOMPARE(f.left(header.size()), header);
        QCOMPARE(f.mid(header.size()), payload);
    }

    void closeFramesCarryTheCodeAndAValidReason()
    {
        QCOMPARE(closeFrame(1001, "bye"), QByteArray("\x88\x05\x03\xe9" "bye", 7));
        // A long reason is cut at a character boundary within the 125-byte control limit.
        const QByteArray reason = QByteArray("\xc3\xa9").repeated(100);
        const QByteArray f = closeFrame(1000, reason);
        QVERIFY(f.size() <= 2 + 125);
        QVERIFY(isValidUtf8(f.mid(4)));
    }

    void readsMaskedTextInAnyChunking_data()
    {
        QTest::addColumn<int>("chunk");
        QTest::newRow("whole") << 30;
        QTest::newRow("byte by byte") << 1;
        QTest::newRow("three bytes") << 3;
    }

    void readsMaskedTextInAnyChunking()
    {
        QFETCH(int, chunk);
        FrameReader reader(4096);
        const QByteArray bytes = clientFrame(Text, R"({"type":"ping"})") + clientFrame(Text, QByteArray(300, 'a'));
        const QList<Event> events = readAll(reader, bytes, chunk == 30 ? 1 << 30 : chunk);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].kind, Event::Text);
        QCOMPARE(events[0].payload, QByteArray(R"({"type":"ping"})"));
        QCOMPARE(events[1].payload, QByteArray(300, 'a'));
    }

    void assemblesFragmentsAroundControlFrames()
    {
        FrameReader reader(4096);
        const QByteArray bytes = clientFrame(Text, "hel", false) + clientFrame(Ping, "p1")
                                 + clientFrame(Continuation, "lo ", false) + clientFrame(Continuation, "world");
        const QList<Event> events = readAll(reader, bytes);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].kind, Event::Ping);
        QCOMPARE(events[0].payload, QByteArray("p1"));
        QCOMPARE(events[1].kind, Event::Text);
        QCOMPARE(events[1].payload, QByteArray("hello world"));
    }

    void readsBinaryPingPongAndClose()
    {
        FrameReader reader(4096);
        const QByteArray bytes = clientFrame(Binary, QByteArray("\x00\xff", 2)) + clientFrame(Pong, "x")
                                 + clientFrame(Close, closePayload(1000, "done")) + clientFrame(Close, {});
        const QList<Event> events = readAll(reader, bytes);
        QCOMPARE(events.size(), 4);
        QCOMPARE(events[0].kind, Event::Binary);
        QCOMPARE(events[0].payload, QByteArray("\x00\xff", 2));
        QCOMPARE(events[1].kind, Event::Pong);
        QCOMPARE(events[2].kind, Event::Close);
        QCOMPARE(events[2].code, quint16(1000));
        QCOMPARE(events[2].payload, QByteArray("done"));
        QCOMPARE(events[3].code, quint16(1005)); // no code given
    }

    void violationsEarnTheirCloseCode_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::newRow("unmasked") << clientFrame(Text, R"({"type":"ping"})", true, false) << 1002;
        QTest::newRow("unmasked ping") << clientFrame(Ping, "", true, false) << 1002;
        QTest::newRow("reserved bit") << clientFrame(Text, "x", true, true, 0x40) << 1002;
        QTest::newRow("unknown opcode") << clientFrame(0x3, "x") << 1002;
        QTest::newRow("control opcode 0xB") << clientFrame(0xB, "x") << 1002;
        QTest::newRow("fragmented ping") << clientFrame(Ping, "x", false) << 1002;
        QTest::newRow("ping over 125") << clientFrame(Ping, QByteArray(126, 'p')) << 1002;
        QTest::newRow("lone continuation") << clientFrame(Continuation, "x") << 1002;
        QTest::newRow("text inside text") << clientFrame(Text, "a", false) + clientFrame(Text, "b") << 1002;
        QTest::newRow("message over 4 KiB") << clientFrame(Text, QByteArray(4097, 'a')) << 1009;
        QTest::newRow("fragments over 4 KiB")
            << clientFrame(Text, QByteArray(4000, 'a'), false) + clientFrame(Continuation, QByteArray(97, 'a')) << 1009;
        QTest::newRow("invalid UTF-8") << clientFrame(Text, "\xc3\x28") << 1007;
        QTest::newRow("UTF-8 cut between fragments")
            << clientFrame(Text, "\xe2\x82", false) + clientFrame(Continuation, "x") << 1007;
        QTest::newRow("close of one byte") << clientFrame(Close, "\x03") << 1002;
        QTest::newRow("close code 1005") << clientFrame(Close, closePayload(1005)) << 1002;
        QTest::newRow("close code 999") << clientFrame(Close, closePayload(999)) << 1002;
        QTest::newRow("close code 5000") << clientFrame(Close, closePayload(5000)) << 1002;
        QTest::newRow("close reason not UTF-8") << clientFrame(Close, closePayload(1000, "\xff")) << 1007;
    }

    void violationsEarnTheirCloseCode()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        FrameReader reader(4096);
        const QList<Event> events = readAll(reader, bytes);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().kind, Event::Violation);
        QCOMPARE(int(events.last().code), code);
    }

    void anOversizeMessageIsRefusedFromItsHeader()
    {
        // Only the header of a 1 MiB frame has arrived: refused now, nothing buffered first.
        FrameReader reader(4096);
        const QByteArray header = clientFrame(Binary, QByteArray(1 << 20, 'a')).left(14);
        qsizetype used = 0;
        const Event e = reader.read(header, &used);
        QCOMPARE(e.kind, Event::Violation);
        QCOMPARE(int(e.code), 1009);
    }

    void utf8_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("plain") << true;
        QTest::newRow("2-byte") << QByteArray("\xc3\xa9") << true;
        QTest::newRow("3-byte") << QByteArray("\xe2\x82\xac") << true;
        QTest::newRow("4-byte") << QByteArray("\xf0\x9f\x98\x80") << true;
        QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("overlong /") << QByteArray("\xc0\xaf") << false;
        QTest::newRow("overlong 3-byte") << QByteArray("\xe0\x80\xaf") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
        QTest::newRow("lone continuation") << QByteArray("\x80") << false;
        QTest::newRow("truncated") << QByteArray("\xe2\x82") << false;
        QTest::newRow("0xff") << QByteArray("\xff") << false;
    }

    void utf8()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        QCOMPARE(isValidUtf8(bytes), valid);
    }
};

QTEST_GUILESS_MAIN(TestWsFrame)
#include "tst_wsframe.moc"
