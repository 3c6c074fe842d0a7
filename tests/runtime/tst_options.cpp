#include "configrules.h"
#include "options.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;

class TestOptions : public QObject
{
    Q_OBJECT

    static std::optional<Config> resolve(const QStringList &args, const QProcessEnvironment &env,
                                         const Config &stored, QString *error)
    {
        Options o;
        if (!o.parse(QStringList{QStringLiteral("ziggie")} + args, error))
            return std::nullopt;
        return o.resolve(stored, env, error);
    }

private slots:
    void defaults()
    {
        QString error;
        const auto c = resolve({}, QProcessEnvironment(), Config(), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(c->port, quint16(54112));
        QCOMPARE(c->intervalMs, 2000);
        QVERIFY(c->diskPath.isEmpty());
    }

    void precedence()
    {
        Config stored;
        stored.port = 1111;
        stored.intervalMs = 5000;
        stored.host = QStringLiteral("127.0.0.2");
        QProcessEnvironment env;
        env.insert(QStringLiteral("ZIGGIE_PORT"), QStringLiteral("2222"));
        env.insert(QStringLiteral("ZIGGIE_INTERVAL"), QStringLiteral("0.5"));
        QString error;
        // command line > environment > settings file
        auto c = resolve({QStringLiteral("--port"), QStringLiteral("3333")}, env, stored, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->port, quint16(3333));
        QCOMPARE(c->intervalMs, 500);
        QCOMPARE(c->host, QStringLiteral("127.0.0.2"));
        c = resolve({}, env, stored, &error);
        QCOMPARE(c->port, quint16(2222));
        c = resolve({}, QProcessEnvironment(), stored, &error);
        QCOMPARE(c->port, quint16(1111));
    }

    void flags()
    {
        Options o;
        QString error;
        QVERIFY(o.parse({QStringLiteral("ziggie"), QStringLiteral("--headless"), QStringLiteral("--settings"),
                         QStringLiteral("/tmp/x.conf"), QStringLiteral("--show-token")},
                        &error));
        QVERIFY(o.headless());
        QVERIFY(o.showToken());
        QCOMPARE(o.settingsFile(), QStringLiteral("/tmp/x.conf"));
        for (const char *opt : {"--headless", "--host", "--port", "--interval", "--disk", "--token", "--settings",
                                "--show-token", "--allowed-origin", "--version", "--help"})
            QVERIFY2(o.helpText().contains(QLatin1String(opt)), opt);
    }

    void badValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("port too big") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                                      << QStringLiteral("70000");
        QTest::newRow("port not a number") << QStringList{QStringLiteral("--port"), QStringLiteral("http")}
                                           << QStringLiteral("--port");
        QTest::newRow("interval abc") << QStringList{QStringLiteral("--interval"), QStringLiteral("abc")}
                                      << QStringLiteral("abc");
        QTest::newRow("interval too short") << QStringList{QStringLiteral("--interval"), QStringLiteral("0.01")}
                                            << QStringLiteral("0.1 to 3600");
        QTest::newRow("interval too long") << QStringList{QStringLiteral("--interval"), QStringLiteral("3601")}
                                           << QStringLiteral("0.1 to 3600");
        QTest::newRow("interval nan") << QStringList{QStringLiteral("--interval"), QStringLiteral("nan")}
                                      << QStringLiteral("nan");
        QTest::newRow("disk missing") << QStringList{QStringLiteral("--disk"), QStringLiteral("/no/such/dir")}
                                      << QStringLiteral("/no/such/dir");
        QTest::newRow("host") << QStringList{QStringLiteral("--host"), QStringLiteral("my host")}
                              << QStringLiteral("my host");
        QTest::newRow("empty token") << QStringList{QStringLiteral("--token"), QString()} << QStringLiteral("token");
        QTest::newRow("7-character token") << QStringList{QStringLiteral("--token"), QStringLiteral("abcdefg")}
                                           << QStringLiteral("--token: the token must have at least 8");
        QTest::newRow("token with a tab") << QStringList{QStringLiteral("--token"), QStringLiteral("abcd\tefgh")}
                                          << QStringLiteral("--token");
        QTest::newRow("short JWT secret") << QStringList{QStringLiteral("--jwt-secret"), QStringLiteral("5char")}
                                          << QStringLiteral("--jwt-secret: a JWT secret needs at least 16");
        QTest::newRow("origin with path") << QStringList{QStringLiteral("--allowed-origin"),
                                                         QStringLiteral("https://a.example/app")}
                                          << QStringLiteral("--allowed-origin: \"https://a.example/app\"");
        QTest::newRow("host name with space") << QStringList{QStringLiteral("--host-name"), QStringLiteral("a b")}
                                              << QStringLiteral("--host-name");
        QTest::newRow("public access") << QStringList{QStringLiteral("--public-access"), QStringLiteral("bogus")}
                                       << QStringLiteral("bogus");
        QTest::newRow("tls cert alone") << QStringList{QStringLiteral("--tls-cert"),
                                                       QStringLiteral(ZIGGIE_TEST_DATA "/jwt/make_vectors.py")}
                                        << QStringLiteral("--tls-cert, --tls-key: the TLS certificate and key go together");
        QTest::newRow("tls cert a directory") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral(ZIGGIE_TEST_DATA)}
                                              << QStringLiteral("is not a file that can be read");
        QTest::newRow("tls key missing") << QStringList{QStringLiteral("--tls-key"), QStringLiteral("/no/such/key.pem")}
                                         << QStringLiteral("/no/such/key.pem");
        QTest::newRow("max clients 0") << QStringList{QStringLiteral("--max-clients"), QStringLiteral("0")}
                                       << QStringLiteral("--max-clients");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")}
                                        << QStringLiteral("frobnicate");
        QTest::newRow("missing value") << QStringList{QStringLiteral("--port")} << QStringLiteral("port");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("extra")} << QStringLiteral("extra");
    }
    void badValues()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!resolve(args, QProcessEnvironment(), Config(), &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void badEnvironmentIsNamed()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("ZIGGIE_PORT"), QStringLiteral("-1"));
        QString error;
        QVERIFY(!resolve({}, env, Config(), &error));
        QVERIFY2(error.contains(QLatin1String("ZIGGIE_PORT")), qPrintable(error));
    }

    void badEnvironmentValues_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("host") << QStringLiteral("ZIGGIE_HOST") << QStringLiteral("not-an-ip");
        QTest::newRow("interval") << QStringLiteral("ZIGGIE_INTERVAL") << QStringLiteral("0");
        QTest::newRow("disk") << QStringLiteral("ZIGGIE_DISK") << QStringLiteral("/no/such/dir");
        QTest::newRow("token") << QStringLiteral("ZIGGIE_TOKEN") << QStringLiteral("a b c d e");
        QTest::newRow("jwt secret") << QStringLiteral("ZIGGIE_JWT_SECRET") << QStringLiteral("short");
    }
    void badEnvironmentValues()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QProcessEnvironment env;
        env.insert(name, value);
        QString error;
        QVERIFY(!resolve({}, env, Config(), &error));
        QVERIFY2(error.startsWith(name + QLatin1String(": ")), qPrintable(error));
        // The command line wins over the environment, so a good option hides the bad variable.
        const QString option = QLatin1String("--") + name.mid(7).toLower().replace(u'_', u'-');
        const QString good = name == QLatin1String("ZIGGIE_HOST")       ? QStringLiteral("127.0.0.1")
                             : name == QLatin1String("ZIGGIE_INTERVAL") ? QStringLiteral("1")
                             : name == QLatin1String("ZIGGIE_DISK")     ? QDir::tempPath()
                                                                        : QStringLiteral("0123456789abcdef");
        QVERIFY2(resolve({option, good}, env, Config(), &error), qPrintable(error));
    }

    // The rules are the settings dialog's: one shared validator, no second opinion here.
    void acceptedValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("port below 1024") << QStringList{QStringLiteral("--port"), QStringLiteral("80")};
        QTest::newRow("8-character token") << QStringList{QStringLiteral("--token"), QStringLiteral("from-env")};
        QTest::newRow("test token") << QStringList{QStringLiteral("--token"), QStringLiteral("s3cret-s3cret")};
        QTest::newRow("16-character secret") << QStringList{QStringLiteral("--jwt-secret"),
                                                            QStringLiteral("0123456789abcdef")};
        QTest::newRow("origin") << QStringList{QStringLiteral("--allowed-origin"), QStringLiteral("http://a.example:5173")};
        QTest::newRow("host name") << QStringList{QStringLiteral("--host-name"), QStringLiteral("dash.example.org")};
        QTest::newRow("metrics auth") << QStringList{QStringLiteral("--metrics-auth")};
        QTest::newRow("limits") << QStringList{QStringLiteral("--max-clients"), QStringLiteral("1"),
                                               QStringLiteral("--max-clients-per-address"), QStringLiteral("1000000")};
    }
    void acceptedValues()
    {
        QFETCH(QStringList, args);
        QString error;
        const auto c = resolve(args, QProcessEnvironment(), Config(), &error);
        QVERIFY2(c, qPrintable(error));
        Config withToken = *c;
        if (withToken.token.isEmpty())
            withToken.token = QStringLiteral("0123456789abcdef0123456789abcdef0123456789a");
        const auto invalid = validate(withToken);
        QVERIFY2(!invalid, qPrintable(invalid ? invalid->reason() : QString()));
    }

    void relativePathsAreTheWorkingDirectorys()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("disk")));
        const QString oldCwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        QString error;
        const auto c = resolve({QStringLiteral("--disk"), QStringLiteral("disk/../disk")}, QProcessEnvironment(), Config(), &error);
        QVERIFY(QDir::setCurrent(oldCwd));
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(QFileInfo(c->diskPath).canonicalFilePath(), QFileInfo(dir.filePath(QStringLiteral("disk"))).canonicalFilePath());
        QVERIFY(QDir::isAbsolutePath(c->diskPath));
    }

    void optionsComeFromTheKeyTable()
    {
        Options o;
        for (const ConfigKeyInfo &info : configKeys()) {
            if (!info.option.isEmpty())
                QVERIFY2(o.helpText().contains(QLatin1String("--") + info.option), info.option.data());
            if (!info.environment.isEmpty())
                QVERIFY2(o.helpText().contains(info.environment), info.environment.data());
        }
    }

    void publicAccessIsTheEnum_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<PublicAccess>("mode");
        QTest::newRow("loopback") << QStringLiteral("loopback") << PublicAccess::Loopback;
        QTest::newRow("private") << QStringLiteral("private") << PublicAccess::Private;
        QTest::newRow("any") << QStringLiteral("any") << PublicAccess::Any;
    }
    void publicAccessIsTheEnum()
    {
        QFETCH(QString, text);
        QFETCH(PublicAccess, mode);
        Config stored;
        stored.publicAccess = mode == PublicAccess::Any ? PublicAccess::Loopback : PublicAccess::Any;
        QString error;
        const auto c = resolve({QStringLiteral("--public-access"), text}, QProcessEnvironment(), stored, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->publicAccess, mode);
        QCOMPARE(resolve({}, QProcessEnvironment(), stored, &error)->publicAccess, stored.publicAccess);
        QVERIFY(!resolve({QStringLiteral("--public-access"), text.toUpper()}, QProcessEnvironment(), stored, &error));
        QVERIFY2(error.contains(QLatin1String("loopback, private, any")), qPrintable(error));
    }

    void originsAccumulate()
    {
        Config stored;
        stored.allowedOrigins = {QStringLiteral("http://a:1")};
        QString error;
        const auto c = resolve({QStringLiteral("--allowed-origin"), QStringLiteral("http://b:2"),
                                QStringLiteral("--allowed-origin"), QStringLiteral("http://c:3")},
                               QProcessEnvironment(), stored, &error);
        QVERIFY(c);
        QCOMPARE(c->allowedOrigins.size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"
