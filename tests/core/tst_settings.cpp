#include "settings.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;

class TestSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaultsWhenAbsent()
    {
        QTemporaryDir dir;
        Settings s(dir.filePath(QStringLiteral("none.conf")));
        QCOMPARE(s.stored(), Config());
        QVERIFY(s.loadError().isEmpty());
    }

    void tokenIsGeneratedOnceAndPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/ziggie.conf"));
        QString token;
        {
            Settings s(path);
            token = s.ensureToken();
            QCOMPARE(token.size(), 43);
            QCOMPARE(s.ensureToken(), token);
        }
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther
                                                   | QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        Settings again(path);
        QCOMPARE(again.ensureToken(), token);
        QCOMPARE(again.stored().token, token);
    }

    void storeRoundTripsAndSignals()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("z.conf"));
        Config c;
        c.host = QStringLiteral("0.0.0.0");
        c.port = 8123;
        c.intervalMs = 500;
        c.diskPath = dir.path();
        c.token = QStringLiteral("t0k3n");
        c.allowedOrigins = {QStringLiteral("http://a.example:5173"), QStringLiteral("https://b.example")};
        c.publicAccess = PublicAccess::Loopback;
        {
            Settings s(path);
            QSignalSpy changed(&s, &Settings::changed);
            QVERIFY(s.store(c));
            QCOMPARE(changed.count(), 1);
        }
        QCOMPARE(Settings(path).stored(), c);
        QVERIFY(!(QFileInfo(path).permissions() & QFileDevice::ReadOther));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("public_access=loopback")); // the text form, for people who edit it
    }

    void invalidValuesFallBackToDefaults()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.conf"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[server]\nport=70000\nhost=not-an-ip\n[sampler]\ninterval_s=abc\n");
        f.close();
        const Config c = Settings(path).stored();
        QCOMPARE(c.port, Config::DefaultPort);
        QCOMPARE(c.host, Config().host);
        QCOMPARE(c.intervalMs, Config::DefaultIntervalMs);
    }

    void garbageFileDoesNotStopTheProgram()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("garbage.conf"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\x00\xff[[[=\n\x01", 9));
        f.close();
        Settings s(path);
        QCOMPARE(s.stored().port, Config::DefaultPort);
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
