#include "configrules.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;

Q_DECLARE_METATYPE(ziggie::ConfigKey)
Q_DECLARE_METATYPE(ziggie::ConfigProblem)

class TestConfigRules : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_file; // a readable regular file

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = m_dir.filePath(QStringLiteral("cert.pem"));
        QFile f(m_file);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }

    void everyKeyIsInTheTable()
    {
        // The table is indexed by key, and every key the settings file keeps has its own name there.
        QStringList names;
        for (const ConfigKeyInfo &info : configKeys()) {
            QCOMPARE(&configKeyInfo(info.key), &info);
            if (!info.settingsKey.isEmpty()) {
                QVERIFY2(!names.contains(info.settingsKey), qPrintable(QString(info.settingsKey)));
                names << info.settingsKey;
            }
            QVERIFY(!info.option.isEmpty() || !info.settingsKey.isEmpty());
        }
        QCOMPARE(configKeyInfo(ConfigKey::Port).environment, QLatin1String("ZIGGIE_PORT"));
        QCOMPARE(configKeyInfo(ConfigKey::JwtSecret).settingsKey, QLatin1String("auth/jwt_secret"));
    }

    void defaultsAreValid()
    {
        Config c;
        c.token = QStringLiteral("0123456789abcdef0123456789abcdef0123456789a"); // generated on first start
        const auto error = validate(c);
        QVERIFY2(!error, qPrintable(error ? error->reason() : QString()));
    }

    void text_data()
    {
        QTest::addColumn<ConfigKey>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<ConfigProblem>("problem"); // when refused

        const auto ok = [](const char *name, ConfigKey key, const QString &text) {
            QTest::newRow(name) << key << text << true << ConfigProblem::BadLimit;
        };
        const auto bad = [](const char *name, ConfigKey key, const QString &text, ConfigProblem problem) {
            QTest::newRow(name) << key << text << false << problem;
        };
        using K = ConfigKey;
        using P = ConfigProblem;
        ok("host ipv4", K::Host, QStringLiteral("0.0.0.0"));
        ok("host ipv6", K::Host, QStringLiteral("::1"));
        ok("host localhost", K::Host, QStringLiteral("localhost"));
        bad("host name", K::Host, QStringLiteral("example.com"), P::NotAnAddress);
        bad("host with space", K::Host, QStringLiteral("my host"), P::NotAnAddress);
        bad("host empty", K::Host, QString(), P::NotAnAddress);
        ok("port 0", K::Port, QStringLiteral("0"));
        ok("port 80", K::Port, QStringLiteral("80"));
        ok("port 65535", K::Port, QStringLiteral("65535"));
        bad("port 65536", K::Port, QStringLiteral("65536"), P::NotAPort);
        bad("port 70000", K::Port, QStringLiteral("70000"), P::NotAPort);
        bad("port -1", K::Port, QStringLiteral("-1"), P::NotAPort);
        bad("port word", K::Port, QStringLiteral("http"), P::NotAPort);
        ok("interval 0.1", K::Interval, QStringLiteral("0.1"));
        ok("interval 3600", K::Interval, QStringLiteral("3600"));
        bad("interval 0", K::Interval, QStringLiteral("0"), P::BadInterval);
        bad("interval 0.09", K::Interval, QStringLiteral("0.09"), P::BadInterval);
        bad("interval 3601", K::Interval, QStringLiteral("3601"), P::BadInterval);
        bad("interval nan", K::Interval, QStringLiteral("nan"), P::BadInterval);
        bad("interval inf", K::Interval, QStringLiteral("inf"), P::BadInterval);
        bad("interval 1e300", K::Interval, QStringLiteral("1e300"), P::BadInterval);
        ok("disk empty", K::Disk, QString());
        ok("disk temp", K::Disk, QDir::tempPath());
        bad("disk relative", K::Disk, QStringLiteral("relative/dir"), P::NotAbsolute);
        bad("disk missing", K::Disk, QStringLiteral("/no/such/dir"), P::NotADirectory);
        ok("token of 8", K::Token, QStringLiteral("abcdefgh"));
        ok("token generated", K::Token, QStringLiteral("0123456789abcdef0123456789abcdef0123456789a"));
        ok("token with symbols", K::Token, QStringLiteral("security-test-token-0123456789abcdef"));
        bad("token empty", K::Token, QString(), P::BadToken);
        bad("token of 7", K::Token, QStringLiteral("abcdefg"), P::BadToken);
        bad("token with space", K::Token, QStringLiteral("abcd efgh"), P::BadToken);
        bad("token with newline", K::Token, QStringLiteral("abcdefgh\n"), P::BadToken);
        bad("token with NUL", K::Token, QStringLiteral("abcd") + QChar(0) + QStringLiteral("efgh"), P::BadToken);
        ok("secret empty", K::JwtSecret, QString());
        ok("secret of 16", K::JwtSecret, QStringLiteral("0123456789abcdef"));
        bad("secret of 5", K::JwtSecret, QStringLiteral("short"), P::ShortJwtSecret);
        bad("secret of 15", K::JwtSecret, QStringLiteral("0123456789abcde"), P::ShortJwtSecret);
        ok("origin http", K::AllowedOrigins, QStringLiteral("http://192.168.1.20:3000"));
        ok("origin https slash", K::AllowedOrigins, QStringLiteral("https://dash.example.com/"));
        bad("origin ftp", K::AllowedOrigins, QStringLiteral("ftp://files.example.com"), P::BadOrigin);
        bad("origin path", K::AllowedOrigins, QStringLiteral("https://dash.example.com/app"), P::BadOrigin);
        bad("origin no scheme", K::AllowedOrigins, QStringLiteral("dash.example.com"), P::BadOrigin);
        bad("origin user", K::AllowedOrigins, QStringLiteral("https://me@dash.example.com"), P::BadOrigin);
        ok("host name", K::HostNames, QStringLiteral("dash.example.org"));
        ok("host name single", K::HostNames, QStringLiteral("ziggie-box"));
        bad("host name space", K::HostNames, QStringLiteral("dash board"), P::BadHostName);
        bad("host name port", K::HostNames, QStringLiteral("dash:8080"), P::BadHostName);
        bad("host name empty label", K::HostNames, QStringLiteral("a..b"), P::BadHostName);
        bad("host name hyphen", K::HostNames, QStringLiteral("-a.example"), P::BadHostName);
        ok("access loopback", K::PublicAccess, QStringLiteral("loopback"));
        ok("access any", K::PublicAccess, QStringLiteral("any"));
        bad("access bogus", K::PublicAccess, QStringLiteral("bogus"), P::NotAnAccessMode);
        bad("access upper", K::PublicAccess, QStringLiteral("Private"), P::NotAnAccessMode);
        ok("tls missing key is a pair rule", K::TlsCertificate, QStringLiteral("@file"));
        bad("tls relative", K::TlsCertificate, QStringLiteral("cert.pem"), P::NotAbsolute);
        bad("tls missing", K::TlsKey, QStringLiteral("/no/such/key.pem"), P::NotAReadableFile);
        bad("tls directory", K::TlsKey, QDir::tempPath(), P::NotAReadableFile);
        ok("metrics true", K::MetricsAuth, QStringLiteral("true"));
        ok("metrics off", K::MetricsAuth, QStringLiteral("off"));
        bad("metrics maybe", K::MetricsAuth, QStringLiteral("maybe"), P::NotABoolean);
        ok("clients 1", K::MaxClients, QStringLiteral("1"));
        ok("clients 1000000", K::MaxClientsPerAddress, QStringLiteral("1000000"));
        bad("clients 0", K::MaxClients, QStringLiteral("0"), P::BadLimit);
        bad("clients too many", K::MaxClientsPerAddress, QStringLiteral("1000001"), P::BadLimit);
    }
    void text()
    {
        QFETCH(ConfigKey, key);
        QFETCH(QString, text);
        QFETCH(bool, accepted);
        QFETCH(ConfigProblem, problem);
        if (text == QLatin1String("@file"))
            text = m_file;
        const Config before;
        Config c = before;
        const auto error = setFromText(&c, key, text);
        if (accepted) {
            QVERIFY2(!error, qPrintable(error ? error->reason() : QString()));
            // The typed value passes its own rule too: one rule, whichever way a value arrives.
            const auto again = checkField(c, key);
            QVERIFY2(!again, qPrintable(again ? again->reason() : QString()));
            return;
        }
        QVERIFY(error);
        QCOMPARE(error->key, key);
        QCOMPARE(error->problem, problem);
        QCOMPARE(c, before); // a refused value changes nothing
        QVERIFY(!error->reason().isEmpty());
        if (key == ConfigKey::Token || key == ConfigKey::JwtSecret) {
            QVERIFY(error->value.isEmpty()); // secrets are never repeated in a message
            if (!text.isEmpty())
                QVERIFY(!error->reason().contains(text));
        } else if (!text.isEmpty() && text.size() < 40) {
            QVERIFY2(error->reason().contains(text), qPrintable(error->reason()));
        }
    }

    void typedValuesFollowTheSameRules()
    {
        Config c;
        c.token = QStringLiteral("abcdefgh");
        c.intervalMs = Config::MinIntervalMs - 1;
        QCOMPARE(validate(c)->problem, ConfigProblem::BadInterval);
        c.intervalMs = Config::MaxIntervalMs;
        QVERIFY(!validate(c));
        c.token = QStringLiteral("abcdefg");
        QCOMPARE(validate(c)->problem, ConfigProblem::BadToken);
        c.token = QStringLiteral("abcdefgh");
        c.jwtSecret = QStringLiteral("short");
        QCOMPARE(validate(c)->problem, ConfigProblem::ShortJwtSecret);
        c.jwtSecret.clear();
        c.diskPath = QStringLiteral("relative");
        QCOMPARE(validate(c)->problem, ConfigProblem::NotAbsolute);
    }

    void tlsFilesGoTogether()
    {
        Config c;
        QVERIFY(!checkBetweenFields(c));
        c.tlsCertificate = m_file;
        QCOMPARE(checkBetweenFields(c)->problem, ConfigProblem::TlsUnpaired);
        c.tlsKey = m_file;
        QVERIFY(!checkBetweenFields(c));
        c.tlsCertificate.clear();
        QCOMPARE(checkBetweenFields(c)->problem, ConfigProblem::TlsUnpaired);
    }

    void listsAreReplacedWhole()
    {
        Config c;
        c.allowedOrigins = {QStringLiteral("https://old.example")};
        QVERIFY(!setFromTexts(&c, ConfigKey::AllowedOrigins,
                              {QStringLiteral("https://a.example"), QStringLiteral("http://b.example:8080")}));
        QCOMPARE(c.allowedOrigins, (QStringList{QStringLiteral("https://a.example"), QStringLiteral("http://b.example:8080")}));
        // One bad entry refuses the whole value, naming the entry.
        const auto error = setFromTexts(&c, ConfigKey::AllowedOrigins,
                                        {QStringLiteral("https://c.example"), QStringLiteral("ftp://d.example")});
        QVERIFY(error);
        QCOMPARE(error->value, QStringLiteral("ftp://d.example"));
        QCOMPARE(c.allowedOrigins.size(), 2);
        // A one-value key given as a list (a settings file split it at a comma) is refused as written.
        const auto split = setFromTexts(&c, ConfigKey::Host, {QStringLiteral("127.0.0.1"), QStringLiteral("::1")});
        QVERIFY(split);
        QCOMPARE(split->value, QStringLiteral("127.0.0.1, ::1"));
    }

    void settingsValuesReadBack()
    {
        // What store() writes, stored() reads: the text form of every key passes the rules.
        Config c;
        c.host = QStringLiteral("::1");
        c.port = 0;
        c.intervalMs = 250;
        c.diskPath = QDir::tempPath();
        c.token = QStringLiteral("abcdefgh");
        c.allowedOrigins = {QStringLiteral("https://a.example")};
        c.hostNames = {QStringLiteral("box.local")};
        c.jwtSecret = QStringLiteral("0123456789abcdef");
        c.publicAccess = PublicAccess::Any;
        c.tlsCertificate = m_file;
        c.tlsKey = m_file;
        c.metricsAuth = true;
        Config back;
        for (const ConfigKeyInfo &info : configKeys()) {
            const QVariant v = settingsValue(c, info.key);
            const QStringList texts = v.metaType().id() == QMetaType::QStringList ? v.toStringList()
                                                                                  : QStringList{v.toString()};
            const auto error = setFromTexts(&back, info.key, texts);
            QVERIFY2(!error, qPrintable(error ? error->reason() : QString()));
        }
        QCOMPARE(back, c);
    }

    void longValuesAreShortenedInMessages()
    {
        Config c;
        const auto error = setFromText(&c, ConfigKey::Host, QString(500, u'x') + QChar(7));
        QVERIFY(error);
        QVERIFY2(error->reason().size() < 200, qPrintable(error->reason()));
        QVERIFY(!error->reason().contains(QChar(7)));
    }
};

QTEST_GUILESS_MAIN(TestConfigRules)
#include "tst_configrules.moc"
