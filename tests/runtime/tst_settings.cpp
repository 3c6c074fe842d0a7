#include "settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace ziggie;

namespace {

// Collects the ziggie.settings warnings while it lives, so a test can say how many and
// which: a warning that is missing, or one too many, fails the test.
class Warnings final
{
public:
    Warnings() : m_previous(qInstallMessageHandler(&Warnings::handle)) { s_current = this; }
    ~Warnings()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    Q_DISABLE_COPY_MOVE(Warnings)

    QStringList messages;

    QString joined() const { return messages.join(u'\n'); }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type == QtWarningMsg && s_current && qstrcmp(context.category, "ziggie.settings") == 0)
            s_current->messages.append(message);
        else if (s_current && s_current->m_previous)
            s_current->m_previous(type, context, message);
    }

    static inline Warnings *s_current = nullptr;
    QtMessageHandler m_previous;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

constexpr auto GroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                              | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

    // A path Settings cannot use: the token lives in memory, nothing is stored, the program goes on.
    static void runsInMemory(Settings &s, const QString &path)
    {
        QCOMPARE(s.stored(), Config());
        const QString token = s.ensureToken();
        QCOMPARE(token.size(), 43);
        QCOMPARE(s.ensureToken(), token);
        QCOMPARE(s.stored().token, token);
        s.setValue(QStringLiteral("ui/geometry"), QByteArray("abc"));
        QCOMPARE(s.value(QStringLiteral("ui/geometry")).toByteArray(), QByteArray("abc"));
        Config c;
        c.token = token;
        QString error;
        QVERIFY(!s.store(c, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    }

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
        c.token = QStringLiteral("t0k3n-t0k3n"); // 8 characters at least, like --token
        c.allowedOrigins = {QStringLiteral("http://a.example:5173"), QStringLiteral("https://b.example")};
        c.publicAccess = PublicAccess::Loopback;
        Warnings warnings;
        {
            Settings s(path);
            QSignalSpy changed(&s, &Settings::changed);
            QVERIFY(s.store(c));
            QCOMPARE(changed.count(), 1);
        }
        QCOMPARE(Settings(path).stored(), c);
        QVERIFY2(warnings.messages.isEmpty(), qPrintable(warnings.joined())); // what it writes, it reads
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
        Warnings warnings;
        const Config c = Settings(path).stored();
        QCOMPARE(c.port, Config::DefaultPort);
        QCOMPARE(c.host, Config().host);
        QCOMPARE(c.intervalMs, Config::DefaultIntervalMs);
        QCOMPARE(warnings.messages.size(), 3);
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

    // Every value the command line would refuse is ignored with its own warning that names
    // the file, the key and why; the default applies and the other keys still count.
    void refusedValues_data()
    {
        QTest::addColumn<QByteArray>("line"); // under its [section]
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("why");

        QTest::newRow("short jwt secret") << QByteArray("[auth]\njwt_secret=5char") << QStringLiteral("auth/jwt_secret")
                                          << QStringLiteral("at least 16 characters");
        QTest::newRow("token with a space") << QByteArray("[auth]\ntoken=\"two words\"")
                                            << QStringLiteral("auth/token") << QStringLiteral("no spaces");
        QTest::newRow("short token") << QByteArray("[auth]\ntoken=t0k3n") << QStringLiteral("auth/token")
                                     << QStringLiteral("at least 8 characters");
        QTest::newRow("port 70000") << QByteArray("[server]\nport=70000") << QStringLiteral("server/port")
                                    << QStringLiteral("\"70000\" is not a port number");
        QTest::newRow("empty port") << QByteArray("[server]\nport=") << QStringLiteral("server/port")
                                    << QStringLiteral("not a port number");
        QTest::newRow("interval 0") << QByteArray("[sampler]\ninterval_s=0") << QStringLiteral("sampler/interval_s")
                                    << QStringLiteral("from 0.1 to 3600");
        QTest::newRow("public access bogus") << QByteArray("[server]\npublic_access=bogus")
                                             << QStringLiteral("server/public_access")
                                             << QStringLiteral("\"bogus\" is not one of loopback, private, any");
        QTest::newRow("bad host") << QByteArray("[server]\nhost=my host") << QStringLiteral("server/host")
                                  << QStringLiteral("not an IP address");
        QTest::newRow("host split at a comma") << QByteArray("[server]\nhost=127.0.0.1, ::1")
                                               << QStringLiteral("server/host") << QStringLiteral("127.0.0.1, ::1");
        QTest::newRow("missing disk") << QByteArray("[sampler]\ndisk=/no/such/dir") << QStringLiteral("sampler/disk")
                                      << QStringLiteral("does not exist");
        QTest::newRow("relative disk") << QByteArray("[sampler]\ndisk=data") << QStringLiteral("sampler/disk")
                                       << QStringLiteral("not an absolute path");
        QTest::newRow("bad origin") << QByteArray("[server]\nallowed_origins=https://a.example, ftp://b.example")
                                    << QStringLiteral("server/allowed_origins") << QStringLiteral("ftp://b.example");
        QTest::newRow("bad host name") << QByteArray("[server]\nhost_names=a..b") << QStringLiteral("server/host_names")
                                       << QStringLiteral("not a host name");
        QTest::newRow("missing tls file") << QByteArray("[server]\ntls_cert=/no/such.pem")
                                          << QStringLiteral("server/tls_cert") << QStringLiteral("/no/such.pem");
        QTest::newRow("tls cert without key") << QByteArray("[server]\ntls_cert=" ZIGGIE_TEST_DATA "/jwt/make_vectors.py")
                                              << QStringLiteral("server/tls_cert and server/tls_key")
                                              << QStringLiteral("go together");
        QTest::newRow("metrics auth maybe") << QByteArray("[server]\nmetrics_auth=maybe")
                                            << QStringLiteral("server/metrics_auth") << QStringLiteral("true or false");
    }
    void refusedValues()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, key);
        QFETCH(QString, why);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("z.conf"));
        // A good value beside the bad one: it must still be used.
        const bool portRow = key == QLatin1String("server/port");
        writeAll(path, (portRow ? QByteArray("[sampler]\ninterval_s=0.5\n") : QByteArray("[x]\n")) + line + '\n'
                           + (portRow ? QByteArray() : QByteArray("[server]\nport=8123\n")));
        Warnings warnings;
        const Config c = Settings(path).stored();
        QCOMPARE(warnings.messages.size(), 1);
        const QString warning = warnings.messages.constFirst();
        QVERIFY2(warning.contains(path), qPrintable(warning));
        QVERIFY2(warning.contains(QLatin1String("ignoring ") + key), qPrintable(warning));
        QVERIFY2(warning.contains(why), qPrintable(warning));
        if (portRow)
            QCOMPARE(c.intervalMs, 500);
        else
            QCOMPARE(c.port, quint16(8123));
        Config expected = Config();
        expected.port = c.port;
        expected.intervalMs = c.intervalMs;
        QCOMPARE(c, expected); // the refused key has its built-in default
    }

    void eachRefusedValueWarns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("z.conf"));
        writeAll(path, "[auth]\njwt_secret=short\ntoken=has space\n[server]\nport=70000\npublic_access=bogus\n"
                       "host=::1\n[sampler]\ninterval_s=0\n");
        Warnings warnings;
        const Config c = Settings(path).stored();
        QCOMPARE(warnings.messages.size(), 5);
        for (const char *key : {"auth/jwt_secret", "auth/token", "server/port", "server/public_access", "sampler/interval_s"})
            QVERIFY2(warnings.joined().contains(QLatin1String(key)), key);
        QCOMPARE(c.host, QStringLiteral("::1"));
        // Secrets are never repeated, not even the refused ones.
        QVERIFY(!warnings.joined().contains(QLatin1String("short")));
        QVERIFY(!warnings.joined().contains(QLatin1String("has space")));
    }

    void refusedTokenIsNeitherUsedNorOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("z.conf"));
        writeAll(path, "[auth]\ntoken=has space\n");
        const QByteArray before = readAll(path);
        Warnings warnings;
        Settings s(path);
        QCOMPARE(s.stored().token, QString());
        const QString token = s.ensureToken();
        QCOMPARE(token.size(), 43);
        QCOMPARE(s.ensureToken(), token);
        QCOMPARE(warnings.messages.size(), 2); // ignored, and the new one is for this run only
        QVERIFY2(warnings.messages.constLast().contains(QLatin1String("only in memory")), qPrintable(warnings.joined()));
        QCOMPARE(readAll(path), before);
    }

    // Defect: a directory at the settings path was made 0600 and could not hold the token.
    void directoryAtThePath()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ziggie.conf"));
        QVERIFY(QDir().mkpath(path));
        const auto mode = QFileInfo(path).permissions();
        Warnings warnings;
        Settings s(path);
        QCOMPARE(warnings.messages.size(), 1);
        const QString warning = warnings.messages.constFirst();
        QVERIFY2(warning.contains(path) && warning.contains(QLatin1String("is a directory")), qPrintable(warning));
        QVERIFY2(warning.contains(QLatin1String("only in memory for this run")), qPrintable(warning));
        QCOMPARE(s.loadError(), warning);
        runsInMemory(s, path);
        QCOMPARE(QFileInfo(path).permissions(), mode);
        QVERIFY(QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System));
    }

    void symlinkToADirectoryAtThePath()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("real"));
        QVERIFY(QDir().mkpath(target));
        const QString path = dir.filePath(QStringLiteral("ziggie.conf"));
        QVERIFY(QFile::link(target, path));
        const auto mode = QFileInfo(target).permissions();
        Warnings warnings;
        Settings s(path);
        QCOMPARE(warnings.messages.size(), 1);
        runsInMemory(s, path);
        QCOMPARE(QFileInfo(target).permissions(), mode);
    }

#ifdef Q_OS_UNIX
    void fifoAtThePath()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ziggie.conf"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
        Warnings warnings;
        Settings s(path); // reading it would wait for a writer forever
        QCOMPARE(warnings.messages.size(), 1);
        QVERIFY2(warnings.messages.constFirst().contains(QLatin1String("not a regular file")), qPrintable(warnings.joined()));
        runsInMemory(s, path);
        QCOMPARE(QFileInfo(path).permissions() & GroupOrOther, QFileDevice::ReadGroup | QFileDevice::ReadOther);
    }
#endif

    // Defect: random bytes gave defaults without a word, and storing the token replaced them.
    void randomBytesAreNamedAndKept_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QByteArray random;
        for (int i = 0; i < 2048; ++i)
            random.append(char((i * 2654435761u) >> 11));
        QTest::newRow("random") << random;
        QTest::newRow("nul and brackets") << QByteArray("\x00\xff[[[=\n\x01", 9);
        QTest::newRow("elf header") << QByteArray("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
        QTest::newRow("half-edited ini") << QByteArray("[server]\nport=8123\n[auth\ntoken=abc\n");
        QTest::newRow("text without keys") << QByteArray("my notes about ziggie\n");
    }
    void randomBytesAreNamedAndKept()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ziggie.conf"));
        writeAll(path, bytes);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
        {
            Warnings warnings;
            Settings s(path);
            QCOMPARE(warnings.messages.size(), 1);
            const QString warning = warnings.messages.constFirst();
            QVERIFY2(warning.contains(path) && warning.contains(QLatin1String("not INI text")), qPrintable(warning));
            QVERIFY2(warning.contains(QLatin1String("writing nothing there")), qPrintable(warning));
            runsInMemory(s, path);
        }
        QCOMPARE(readAll(path), bytes);
        QVERIFY(QFileInfo(path).permissions() & QFileDevice::ReadGroup); // not even the mode changed
    }

    void onlyARegularFileIsRestricted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ziggie.conf"));
        writeAll(path, "[server]\nport=8123\n");
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        Settings s(path);
        QCOMPARE(s.stored().port, quint16(8123));
        QCOMPARE(s.ensureToken().size(), 43);
        QCOMPARE(QFileInfo(path).permissions() & GroupOrOther, QFileDevice::Permissions());
        QVERIFY(readAll(path).contains("port=8123"));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
