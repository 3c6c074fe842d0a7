#include "options.h"

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
