// AccessPolicy: the Host check (DNS rebinding), the Origin allow-list and CORS, and which
// peers the public endpoints answer in each public-access mode.

#include "security/accesspolicy.h"

#include <QSysInfo>
#include <QTest>

using ziggie::AccessPolicy;
using ziggie::PublicAccess;

class TestAccessPolicy : public QObject
{
    Q_OBJECT

private slots:
    void host_data();
    void host();
    void machineHostNameIsAllowed();
    void origin_data();
    void origin();
    void ownOriginWithTls();
    void cors();
    void peers_data();
    void peers();
    void parsePublicAccess();
    void lanModeAndCleartextWarning();

private:
    static AccessPolicy lanPolicy();
};

AccessPolicy TestAccessPolicy::lanPolicy()
{
    AccessPolicy policy;
    policy.setBindAddress(QHostAddress(QStringLiteral("192.168.1.5")));
    policy.setServerPort(54112);
    policy.setExtraHostNames({QStringLiteral("Monitor.Example.org")});
    policy.setAllowedOrigins({QStringLiteral("https://Dash.Example.org/"), QStringLiteral("http://x.test:8080"),
                              QStringLiteral("not an origin"), QStringLiteral("http://a.test/path")});
    return policy;
}

void TestAccessPolicy::host_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("ipv4 with port") << QByteArray("127.0.0.1:54112") << true;
    QTest::newRow("ipv4 lan") << QByteArray("192.168.1.5:54112") << true;
    QTest::newRow("ipv4 without port") << QByteArray("10.1.2.3") << true;
    QTest::newRow("ipv6 loopback") << QByteArray("[::1]:54112") << true;
    QTest::newRow("ipv6 without port") << QByteArray("[fe80::1]") << true;
    QTest::newRow("ipv4-mapped ipv6") << QByteArray("[::ffff:127.0.0.1]:1") << true;
    QTest::newRow("localhost") << QByteArray("localhost:54112") << true;
    QTest::newRow("localhost upper case") << QByteArray("LocalHost") << true;
    QTest::newRow("localhost trailing dot") << QByteArray("localhost.:80") << true;
    QTest::newRow("configured name") << QByteArray("monitor.example.org:54112") << true;
    QTest::newRow("configured name any case") << QByteArray("MONITOR.example.ORG") << true;

    QTest::newRow("rebinding name") << QByteArray("attacker.example:54112") << false;
    QTest::newRow("localhost suffix") << QByteArray("localhost.attacker.example") << false;
    QTest::newRow("localhost prefix") << QByteArray("evillocalhost") << false;
    QTest::newRow("ip-looking name") << QByteArray("127.0.0.1.nip.io") << false;
    QTest::newRow("short ipv4") << QByteArray("127.1") << false;
    QTest::newRow("octal ipv4") << QByteArray("0177.0.0.1") << false;
    QTest::newRow("octet too large") << QByteArray("256.0.0.1") << false;
    QTest::newRow("five octets") << QByteArray("1.2.3.4.5") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("port only") << QByteArray(":54112") << false;
    QTest::newRow("empty port") << QByteArray("localhost:") << false;
    QTest::newRow("port too large") << QByteArray("localhost:65536") << false;
    QTest::newRow("port not numeric") << QByteArray("localhost:80a") << false;
    QTest::newRow("two ports") << QByteArray("localhost:80:81") << false;
    QTest::newRow("bare ipv6") << QByteArray("::1") << false;
    QTest::newRow("unclosed bracket") << QByteArray("[::1:80") << false;
    QTest::newRow("bracketed ipv4") << QByteArray("[127.0.0.1]") << false;
    QTest::newRow("ipv6 zone id") << QByteArray("[fe80::1%eth0]") << false;
    QTest::newRow("junk after bracket") << QByteArray("[::1]x") << false;
    QTest::newRow("userinfo") << QByteArray("localhost@evil.example") << false;
    QTest::newRow("space") << QByteArray("localhost ") << false;
    QTest::newRow("nul") << QByteArray("localhost\0.evil", 15) << false;
    QTest::newRow("path") << QByteArray("localhost/x") << false;
    QTest::newRow("very long") << QByteArray(400, 'a') << false;
}

void TestAccessPolicy::host()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    QCOMPARE(lanPolicy().isHostAllowed(host), allowed);
}

void TestAccessPolicy::machineHostNameIsAllowed()
{
    const QByteArray name = QSysInfo::machineHostName().toLower().toUtf8();
    if (name.isEmpty())
        QSKIP("this machine has no host name");
    const AccessPolicy policy;
    QVERIFY(policy.isHostAllowed(name));
    QVERIFY(policy.isHostAllowed(name.toUpper() + ":54112"));
    if (!name.contains('.'))
        QVERIFY(policy.isHostAllowed(name + ".local:54112"));
    QVERIFY(!policy.isHostAllowed(name + ".attacker.example"));
}

void TestAccessPolicy::origin_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");

    const QByteArray lanHost = "192.168.1.5:54112";
    QTest::newRow("absent") << QByteArray() << lanHost << true;
    QTest::newRow("vite dev server") << QByteArray("http://localhost:5173") << lanHost << true;
    QTest::newRow("loopback https") << QByteArray("https://127.0.0.1:3000") << lanHost << true;
    QTest::newRow("loopback 127/8") << QByteArray("http://127.42.0.1") << lanHost << true;
    QTest::newRow("loopback v6") << QByteArray("http://[::1]:8080") << lanHost << true;
    QTest::newRow("loopback no port") << QByteArray("http://localhost") << lanHost << true;
    QTest::newRow("own origin via Host") << QByteArray("http://192.168.1.5:54112") << lanHost << true;
    QTest::newRow("own origin port forwarded") << QByteArray("http://203.0.113.9:8000") << QByteArray("203.0.113.9:8000") << true;
    QTest::newRow("own origin default port") << QByteArray("http://10.0.0.2") << QByteArray("10.0.0.2") << true;
    QTest::newRow("own origin bind address") << QByteArray("http://192.168.1.5:54112") << QByteArray() << true;
    QTest::newRow("own origin known name") << QByteArray("http://monitor.example.org:54112") << QByteArray() << true;
    QTest::newRow("configured") << QByteArray("https://dash.example.org") << lanHost << true;
    QTest::newRow("configured explicit port") << QByteArray("https://dash.example.org:443") << lanHost << true;
    QTest::newRow("configured with port") << QByteArray("http://x.test:8080") << lanHost << true;

    QTest::newRow("null") << QByteArray("null") << lanHost << false;
    QTest::newRow("foreign") << QByteArray("http://attacker.example") << lanHost << false;
    QTest::newRow("foreign on our port") << QByteArray("http://attacker.example:54112") << lanHost << false;
    QTest::newRow("rebinding pair") << QByteArray("http://attacker.example:54112") << QByteArray("attacker.example:54112") << false;
    QTest::newRow("own host wrong scheme") << QByteArray("https://192.168.1.5:54112") << lanHost << false;
    QTest::newRow("own host other port") << QByteArray("http://192.168.1.5:8080") << lanHost << false;
    QTest::newRow("other lan machine") << QByteArray("http://192.168.1.7:54112") << lanHost << false;
    QTest::newRow("configured other scheme") << QByteArray("http://dash.example.org") << lanHost << false;
    QTest::newRow("configured other port") << QByteArray("http://x.test:8081") << lanHost << false;
    QTest::newRow("configured with path is ignored") << QByteArray("http://a.test") << lanHost << false;
    QTest::newRow("path") << QByteArray("http://localhost:5173/") << lanHost << false;
    QTest::newRow("userinfo trick") << QByteArray("http://localhost@attacker.example") << lanHost << false;
    QTest::newRow("localhost subdomain") << QByteArray("http://localhost.attacker.example") << lanHost << false;
    QTest::newRow("file scheme") << QByteArray("file://") << lanHost << false;
    QTest::newRow("extension scheme") << QByteArray("chrome-extension://abcdef") << lanHost << false;
    QTest::newRow("no scheme") << QByteArray("localhost:5173") << lanHost << false;
    QTest::newRow("short ipv4 loopback") << QByteArray("http://127.1") << lanHost << false;
}

void TestAccessPolicy::origin()
{
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    QCOMPARE(lanPolicy().isOriginAllowed(origin, host), allowed);
}

void TestAccessPolicy::ownOriginWithTls()
{
    AccessPolicy policy = lanPolicy();
    policy.setTlsEnabled(true);
    QVERIFY(policy.isOriginAllowed("https://192.168.1.5:54112", "192.168.1.5:54112"));
    QVERIFY(!policy.isOriginAllowed("http://192.168.1.5:54112", "192.168.1.5:54112"));
    QVERIFY(policy.isOriginAllowed("https://10.0.0.2", "10.0.0.2"));
    QVERIFY(!policy.isOriginAllowed("https://10.0.0.2", "10.0.0.2:80"));
}

void TestAccessPolicy::cors()
{
    const AccessPolicy policy = lanPolicy();
    QCOMPARE(policy.corsOrigin("http://localhost:5173"), QByteArray("http://localhost:5173"));
    QCOMPARE(policy.corsOrigin("https://Dash.example.org"), QByteArray("https://Dash.example.org"));
    QCOMPARE(policy.corsOrigin(""), QByteArray());
    QCOMPARE(policy.corsOrigin("null"), QByteArray());
    QCOMPARE(policy.corsOrigin("http://attacker.example"), QByteArray());
}

void TestAccessPolicy::peers_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<bool>("loopbackMode");
    QTest::addColumn<bool>("privateMode");

    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true << true;
    QTest::newRow("127.9.9.9") << QStringLiteral("127.9.9.9") << true << true;
    QTest::newRow("::1") << QStringLiteral("::1") << true << true;
    QTest::newRow("mapped loopback") << QStringLiteral("::ffff:127.0.0.1") << true << true;
    QTest::newRow("10/8") << QStringLiteral("10.200.0.1") << false << true;
    QTest::newRow("172.16/12 low") << QStringLiteral("172.16.0.1") << false << true;
    QTest::newRow("172.16/12 high") << QStringLiteral("172.31.255.254") << false << true;
    QTest::newRow("172.32 is public") << QStringLiteral("172.32.0.1") << false << false;
    QTest::newRow("172.15 is public") << QStringLiteral("172.15.255.255") << false << false;
    QTest::newRow("192.168/16") << QStringLiteral("192.168.0.10") << false << true;
    QTest::newRow("192.169 is public") << QStringLiteral("192.169.0.1") << false << false;
    QTest::newRow("169.254/16") << QStringLiteral("169.254.1.1") << false << true;
    QTest::newRow("mapped private") << QStringLiteral("::ffff:192.168.1.20") << false << true;
    QTest::newRow("mapped public") << QStringLiteral("::ffff:8.8.8.8") << false << false;
    QTest::newRow("fc00::/7 ula") << QStringLiteral("fd12:3456::1") << false << true;
    QTest::newRow("fc00::") << QStringLiteral("fc00::1") << false << true;
    QTest::newRow("fe80::/10") << QStringLiteral("fe80::1") << false << true;
    QTest::newRow("fe80 scoped") << QStringLiteral("fe80::1%1") << false << true;
    QTest::newRow("febf end of fe80::/10") << QStringLiteral("febf::1") << false << true;
    QTest::newRow("fec0 is not link-local") << QStringLiteral("fec0::1") << false << false;
    QTest::newRow("public v4") << QStringLiteral("203.0.113.7") << false << false;
    QTest::newRow("public v6") << QStringLiteral("2001:db8::1") << false << false;
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << false << false;
}

void TestAccessPolicy::peers()
{
    QFETCH(QString, peer);
    QFETCH(bool, loopbackMode);
    QFETCH(bool, privateMode);
    const QHostAddress address(peer);
    QVERIFY(!address.isNull());

    AccessPolicy policy;
    policy.setBindAddress(QHostAddress(QHostAddress::Any));
    QCOMPARE(policy.publicAccess(), PublicAccess::Private); // the default
    QCOMPARE(policy.isPublicPeerAllowed(address), privateMode);
    policy.setPublicAccess(PublicAccess::Loopback);
    QCOMPARE(policy.isPublicPeerAllowed(address), loopbackMode);
    policy.setPublicAccess(PublicAccess::Any);
    QVERIFY(policy.isPublicPeerAllowed(address));
    QCOMPARE(AccessPolicy::isLoopback(address), loopbackMode);
}

void TestAccessPolicy::parsePublicAccess()
{
    QCOMPARE(AccessPolicy::parsePublicAccess(u"loopback"), PublicAccess::Loopback);
    QCOMPARE(AccessPolicy::parsePublicAccess(u"private"), PublicAccess::Private);
    QCOMPARE(AccessPolicy::parsePublicAccess(u"any"), PublicAccess::Any);
    QVERIFY(!AccessPolicy::parsePublicAccess(u"Any"));
    QVERIFY(!AccessPolicy::parsePublicAccess(u""));
    QVERIFY(!AccessPolicy::parsePublicAccess(u"public"));
}

void TestAccessPolicy::lanModeAndCleartextWarning()
{
    AccessPolicy policy;
    QVERIFY(!policy.isLanMode()); // 127.0.0.1 by default
    QVERIFY(!policy.shouldWarnCleartext());
    policy.setBindAddress(QHostAddress(QHostAddress::LocalHostIPv6));
    QVERIFY(!policy.isLanMode());
    policy.setBindAddress(QHostAddress(QHostAddress::Any));
    QVERIFY(policy.isLanMode());
    QVERIFY(policy.shouldWarnCleartext());
    policy.setTlsEnabled(true);
    QVERIFY(!policy.shouldWarnCleartext());
    policy.setBindAddress(QHostAddress(QStringLiteral("192.168.1.5")));
    QVERIFY(policy.isLanMode());
}

QTEST_GUILESS_MAIN(TestAccessPolicy)
#include "tst_accesspolicy.moc"
