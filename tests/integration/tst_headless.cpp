// The real `ziggie` binary, started headless the way a service or a user would.
#include "../support/headlessprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QFileInfo>
#include <QTcpSocket>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>
#include <memory>

namespace {

// The one line a user sees names the dashboard URL with the actual port: startHeadless reads it.
using Running = ziggie::test::HeadlessProcess;

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("ziggie.conf")); }

    Running start(const QStringList &extra, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        return ziggie::test::startHeadless(QStringLiteral(ZIGGIE_BINARY),
                                           QStringList{QStringLiteral("--settings"), settingsFile()} + extra, env);
    }

    static std::pair<int, QString> runToEnd(const QStringList &args,
                                            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(ZIGGIE_BINARY), args);
        p.waitForFinished(10000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
    }

private slots:
    void servesTheStreamAndShutsDownWith1001()
    {
        Running r = start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--interval"),
                           QStringLiteral("0.2")});
        QVERIFY2(r.port != 0, "no serving line with the port on stdout");

        QWebSocket ws;
        QStringList messages;
        connect(&ws, &QWebSocket::textMessageReceived, this, [&messages](const QString &m) { messages << m; });
        QSignalSpy connected(&ws, &QWebSocket::connected);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(r.port)));
        QVERIFY(connected.wait(5000));
        QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 3, 5000);
        QCOMPARE(QJsonDocument::fromJson(messages[0].toUtf8()).object().value(QLatin1String("type")).toString(),
                 QStringLiteral("history"));
        const QJsonObject stats = QJsonDocument::fromJson(messages[1].toUtf8()).object();
        QCOMPARE(stats.value(QLatin1String("type")).toString(), QStringLiteral("system_stats"));
        for (const char *key : {"cpu", "memory", "disk"})
            QVERIFY(stats.contains(QLatin1String(key)));
        const double total = stats.value(QLatin1String("memory")).toObject().value(QLatin1String("total_gb")).toDouble();
        QVERIFY(total > 0);

        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        ::kill(pid_t(r.process->processId()), SIGTERM);
        QVERIFY(closed.wait(5000));
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QVERIFY(r.process->waitForFinished(5000));
        QCOMPARE(r.process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(r.process->exitCode(), 0);
    }

    void tokenIsGeneratedStoredAndShown()
    {
        const auto [code, out] = runToEnd({QStringLiteral("--show-token"), QStringLiteral("--settings"), settingsFile()});
        QCOMPARE(code, 0);
        const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 2);
        QCOMPARE(lines[0].size(), 43);
        QVERIFY(lines[1].startsWith(QLatin1String("ws://127.0.0.1:54112/api/system/ws?token=") + lines[0]));
        QVERIFY(!(QFileInfo(settingsFile()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
        // The same token next time.
        QCOMPARE(runToEnd({QStringLiteral("--show-token"), QStringLiteral("--settings"), settingsFile()}).second, out);
        // --token and ZIGGIE_TOKEN override it.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ZIGGIE_TOKEN"), QStringLiteral("from-env"));
        QVERIFY(runToEnd({QStringLiteral("--show-token"), QStringLiteral("--settings"), settingsFile()}, env)
                    .second.startsWith(QLatin1String("from-env\n")));
    }

    void authenticatedEndpointNeedsTheToken()
    {
        Running r = start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"),
                           QStringLiteral("s3cret-s3cret")});
        QVERIFY(r.port);
        QWebSocket good;
        QSignalSpy connected(&good, &QWebSocket::connected);
        good.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/system/ws?token=s3cret-s3cret").arg(r.port)));
        QVERIFY(connected.wait(5000));
        QWebSocket bad;
        QSignalSpy badConnected(&bad, &QWebSocket::connected);
        QSignalSpy badGone(&bad, &QWebSocket::disconnected);
        bad.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/system/ws?token=guess").arg(r.port)));
        QVERIFY(badGone.wait(5000));
        QCOMPARE(badConnected.count(), 0);
        r.process->terminate();
        QVERIFY(r.process->waitForFinished(5000));
        QCOMPARE(r.process->exitCode(), 0);
        QVERIFY2(!r.process->readAllStandardError().contains("s3cret"), "the token must never be logged");
    }

    void badValuesExitWithCode2()
    {
        const QString s = settingsFile();
        for (const QStringList &args : {QStringList{QStringLiteral("--port"), QStringLiteral("70000")},
                                        QStringList{QStringLiteral("--interval"), QStringLiteral("abc")},
                                        QStringList{QStringLiteral("--disk"), QStringLiteral("/no/such/ziggie")},
                                        QStringList{QStringLiteral("--bogus")}}) {
            const auto [code, out] = runToEnd(QStringList{QStringLiteral("--headless"), QStringLiteral("--settings"), s} + args);
            QCOMPARE(code, 2);
            QVERIFY2(out.contains(args.last().mid(args.last().startsWith(QLatin1String("--")) ? 2 : 0)), qPrintable(out));
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ZIGGIE_INTERVAL"), QStringLiteral("0"));
        const auto [code, out] = runToEnd({QStringLiteral("--headless"), QStringLiteral("--settings"), s}, env);
        QCOMPARE(code, 2);
        QVERIFY2(out.contains(QLatin1String("ZIGGIE_INTERVAL")), qPrintable(out));
    }

    void portInUseExitsWithCode1AndNamesTheAddress()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(squatter.serverPort());
        const auto [code, out] = runToEnd({QStringLiteral("--headless"), QStringLiteral("--settings"), settingsFile(),
                                           QStringLiteral("--port"), port});
        QCOMPARE(code, 1);
        QVERIFY2(out.contains(QStringLiteral("127.0.0.1:") + port), qPrintable(out));
    }

    void vanishingDiskDegradesHealthAndRecovers()
    {
        QTemporaryDir disk;
        Running r = start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--interval"),
                           QStringLiteral("0.1"), QStringLiteral("--disk"), disk.path()});
        QVERIFY(r.port);
        auto health = [&r]() {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, r.port);
            s.waitForConnected(2000);
            s.write("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
            QByteArray all;
            while (s.waitForReadyRead(2000))
                all += s.readAll();
            return QJsonDocument::fromJson(all.mid(all.indexOf("\r\n\r\n") + 4)).object();
        };
        QCOMPARE(health().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        const QString path = disk.path();
        QVERIFY(disk.remove());
        QTRY_COMPARE_WITH_TIMEOUT(health().value(QLatin1String("status")).toString(), QStringLiteral("degraded"), 5000);
        QVERIFY(health().value(QLatin1String("reason")).toString().contains(path));
        QVERIFY(QDir().mkpath(path));
        QTRY_COMPARE_WITH_TIMEOUT(health().value(QLatin1String("status")).toString(), QStringLiteral("ok"), 5000);
        QDir(path).removeRecursively();
        r.process->terminate();
        QVERIFY(r.process->waitForFinished(5000));
        QCOMPARE(r.process->exitCode(), 0);
    }

    void versionAndHelp()
    {
        auto [code, out] = runToEnd({QStringLiteral("--version")});
        QCOMPARE(code, 0);
        QVERIFY(out.startsWith(QLatin1String("ziggie ")));
        std::tie(code, out) = runToEnd({QStringLiteral("--help")});
        QCOMPARE(code, 0);
        QVERIFY(out.contains(QLatin1String("--interval")));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
