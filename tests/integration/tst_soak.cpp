// Soak: the real binary under 60 s of churn — waves of clients connecting and leaving, plus
// clients that never read — while well-behaved clients must receive every tick. Afterwards
// the server is alive and its memory is back near the baseline taken after a short warm-up of
// the same shape (the allocator keeps what a peak needed; what must not happen is growth
// with the number of connections served).
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <sys/resource.h>

#include <memory>
#include <vector>

namespace {

constexpr int WaveClients = 2000;
constexpr int NonReaders = 200;
constexpr int Steady = 20;
constexpr int IntervalMs = 500;

qint64 rssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

// A well-behaved dashboard: remembers the timestamp of every system_stats it gets.
struct Dashboard
{
    QWebSocket socket;
    QStringList stamps;
};

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

    QProcess m_server;
    quint16 m_port = 0;
    QTemporaryDir m_dir;

    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)); }

    // Opens `count` clients, waits until all are connected, then closes them.
    bool wave(int count)
    {
        std::vector<std::unique_ptr<QWebSocket>> clients;
        int connected = 0;
        for (int i = 0; i < count; ++i) {
            clients.push_back(std::make_unique<QWebSocket>());
            connect(clients.back().get(), &QWebSocket::connected, this, [&connected] { ++connected; });
            clients.back()->open(url());
        }
        for (int i = 0; i < 600 && connected < count; ++i)
            QTest::qWait(50);
        for (auto &c : clients)
            c->close();
        QTest::qWait(200);
        return connected == count;
    }

private slots:
    void initTestCase()
    {
        // Hundreds of sockets on each side; the server inherits the raised limit.
        rlimit limit{};
        getrlimit(RLIMIT_NOFILE, &limit);
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        m_server.start(QStringLiteral(ZIGGIE_BINARY),
                       {QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--interval"), QString::number(IntervalMs / 1000.0), QStringLiteral("--settings"),
                        m_dir.filePath(QStringLiteral("z.conf"))});
        QVERIFY(m_server.waitForStarted(5000));
        QVERIFY(m_server.waitForReadyRead(5000));
        const auto m = QRegularExpression(QStringLiteral(":(\\d+)/")).match(QString::fromUtf8(m_server.readLine()));
        QVERIFY(m.hasMatch());
        m_port = quint16(m.captured(1).toUInt());
    }

    // Steady dashboards and non-readers connected, waves of `perWave` for `ms`; returns waves run.
    int churn(qint64 ms, int perWave, std::vector<std::unique_ptr<Dashboard>> &steady, bool *allConnected)
    {
        std::vector<std::unique_ptr<QTcpSocket>> lazy;
        for (int i = 0; i < Steady; ++i) {
            auto d = std::make_unique<Dashboard>();
            Dashboard *raw = d.get();
            connect(&raw->socket, &QWebSocket::textMessageReceived, this, [raw](const QString &text) {
                const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
                if (o.value(QLatin1String("type")).toString() == QLatin1String("system_stats"))
                    raw->stamps << o.value(QLatin1String("timestamp")).toString();
            });
            raw->socket.open(url());
            steady.push_back(std::move(d));
        }
        for (int i = 0; i < NonReaders; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            s->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
            s->setReadBufferSize(1);
            s->connectToHost(QHostAddress::LocalHost, m_port);
            QTcpSocket *raw = s.get();
            connect(raw, &QTcpSocket::connected, this, [raw] {
                raw->write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            });
            lazy.push_back(std::move(s));
        }
        QElapsedTimer clock;
        clock.start();
        int waves = 0;
        *allConnected = true;
        while (clock.elapsed() < ms) {
            *allConnected = wave(perWave) && *allConnected;
            ++waves;
        }
        return waves;
    }

    void churnWhileSomeNeverRead()
    {
        const int perWave = WaveClients / 4;
        bool allConnected = false;
        {
            std::vector<std::unique_ptr<Dashboard>> warmup;
            churn(5000, perWave, warmup, &allConnected);
            QVERIFY2(allConnected, "warm-up waves did not connect");
        }
        QTest::qWait(3000);
        const qint64 baseline = rssKiB(m_server.processId());
        QVERIFY(baseline > 0);

        std::vector<std::unique_ptr<Dashboard>> steady;
        const int waves = churn(60000, perWave, steady, &allConnected);
        QVERIFY2(allConnected, "a wave did not connect fully");
        const qint64 peak = rssKiB(m_server.processId());

        // Every steady dashboard saw every tick: consecutive timestamps one interval apart.
        for (const auto &d : steady) {
            QVERIFY(d->stamps.size() >= 60000 / IntervalMs - 4);
            for (qsizetype i = 1; i < d->stamps.size(); ++i) {
                const auto a = QDateTime::fromString(d->stamps[i - 1], Qt::ISODateWithMs);
                const auto b = QDateTime::fromString(d->stamps[i], Qt::ISODateWithMs);
                QVERIFY2(a.msecsTo(b) < IntervalMs * 3 / 2, qPrintable(d->stamps[i - 1] + QLatin1String(" -> ") + d->stamps[i]));
            }
        }
        steady.clear();
        QTest::qWait(3000); // the server returns freed memory a second after its last client left
        QCOMPARE(m_server.state(), QProcess::Running);
        const qint64 after = rssKiB(m_server.processId());
        qInfo("waves of %d: %d (%d connections); RSS KiB baseline %lld, peak %lld, after %lld", perWave, waves,
              waves * perWave, baseline, peak, after);
        QVERIFY2(after <= baseline * 11 / 10, "RSS did not come back within 10 % of the baseline");
    }

    void cleanupTestCase()
    {
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(5000));
        QCOMPARE(m_server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
