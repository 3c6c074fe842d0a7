#pragma once
// RFC 6455 framing for the server side, kept pure (no sockets) so that tests feed it bytes and
// fuzzers feed it noise. FrameReader takes what a client sent, frame by frame, and says what
// it means — a message, a ping, a close — or which close code a violation earns; frame()
// writes the server's unmasked frames, identical for every client.

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace ziggie::ws {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

enum CloseCode : quint16 {
    NormalClosure = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    InvalidPayload = 1007,
    MessageTooBig = 1009,
};

// One complete server frame (FIN set, no mask): 2, 4 or 10 header bytes, then the payload.
QByteArray frame(Opcode opcode, QByteArrayView payload);
// A close frame: the code in network order, then the reason (at most 123 bytes are kept).
QByteArray closeFrame(quint16 code, QByteArrayView reason = {});

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF), as RFC 6455 §8.1 asks
// of text messages and close reasons.
bool isValidUtf8(QByteArrayView bytes);

// A close code a peer may send (§7.4): 1000–1003, 1007–1014, 3000–4999.
bool isValidCloseCode(quint16 code);

struct Event
{
    enum Kind {
        NeedMore, // no complete frame yet: read more bytes
        Text,     // a whole text message, valid UTF-8
        Binary,   // a whole binary message
        Ping,
        Pong,
        Close,    // the client's close; code 1005 when it gave none
        Violation // the client broke the protocol: close with `code`
    };
    Kind kind = NeedMore;
    QByteArray payload; // message, ping/pong data, or close reason
    quint16 code = 0;   // for Close and Violation
    const char *problem = ""; // for Violation: why, for the close reason and the log
};

class FrameReader
{
public:
    // Messages (all fragments together) longer than this are refused with 1009 as soon as a
    // frame header announces them, before their bytes are buffered.
    explicit FrameReader(qsizetype maxMessageBytes);

    // Reads at most one frame from the front of `bytes` and sets `consumed` to its length
    // (0 for NeedMore). Fragments are kept here until their message is whole, so a frame that
    // completes nothing yields NeedMore with `consumed` > 0. After a Violation the reader is
    // spent: the connection must close.
    Event read(QByteArrayView bytes, qsizetype *consumed);

private:
    qsizetype m_max;
    QByteArray m_fragments;   // the unfinished message so far
    quint8 m_fragmentOpcode = 0; // Text or Binary while a message is unfinished, else 0
};

} // namespace ziggie::ws
