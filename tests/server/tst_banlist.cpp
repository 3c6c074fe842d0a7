// BanList: 5 failures within 5 minutes ban an address for 5 minutes, reported once; the
// table stays bounded. Driven by a fake clock, so nothing sleeps.

#include "security/banlist.h"

#include <QTest>

using ziggie::BanList;

class TestBanList : public QObject
{
    Q_OBJECT

private slots:
    void fifthFailureStartsBanOnce();
    void banLastsFiveMinutes();
    void slowFailuresNeverBan();
    void windowSlides();
    void failuresWhileBannedDoNotExtend();
    void addressesAreIndependent();
    void mappedAndPlainIPv4AreOnePeer();
    void successForgetsFailures();
    void staleEntriesAreDropped();
    void floodFromManyAddressesStaysBounded();
    void defaultClockWorks();

private:
    qint64 m_now = 1'000'000;
    BanList::Clock clock()
    {
        return [this] { return m_now; };
    }
};

namespace {
const QHostAddress A(QStringLiteral("192.0.2.1"));
const QHostAddress B(QStringLiteral("192.0.2.2"));
constexpr qint64 Minute = 60 * 1000;
} // namespace

void TestBanList::fifthFailureStartsBanOnce()
{
    BanList bans(clock());
    for (int i = 1; i <= 4; ++i) {
        QVERIFY(!bans.recordFailure(A));
        QVERIFY(!bans.isBanned(A));
        m_now += 1000;
    }
    QVERIFY(bans.recordFailure(A));
    QVERIFY(bans.isBanned(A));
    QCOMPARE(bans.banRemainingMs(A), BanList::BanMs);
    for (int i = 0; i < 10; ++i)
        QVERIFY(!bans.recordFailure(A)); // logged once only
}

void TestBanList::banLastsFiveMinutes()
{
    BanList bans(clock());
    for (int i = 0; i < 5; ++i)
        bans.recordFailure(A);
    m_now += 5 * Minute - 1;
    QVERIFY(bans.isBanned(A));
    QCOMPARE(bans.banRemainingMs(A), 1);
    m_now += 1;
    QVERIFY(!bans.isBanned(A));
    QCOMPARE(bans.banRemainingMs(A), 0);
    // After the ban, counting starts afresh.
    for (int i = 0; i < 4; ++i)
        QVERIFY(!bans.recordFailure(A));
    QVERIFY(bans.recordFailure(A));
}

void TestBanList::slowFailuresNeverBan()
{
    BanList bans(clock());
    for (int i = 0; i < 50; ++i) {
        QVERIFY(!bans.recordFailure(A));
        m_now += 75 * 1000; // 5 failures take exactly 5 minutes: not "within"
    }
    QVERIFY(!bans.isBanned(A));
}

void TestBanList::windowSlides()
{
    BanList bans(clock());
    QVERIFY(!bans.recordFailure(A)); // t = 0, falls out of the window below
    m_now += 2 * Minute;
    for (int i = 0; i < 3; ++i)
        QVERIFY(!bans.recordFailure(A));
    m_now += 3 * Minute; // first failure now exactly 5 minutes old
    QVERIFY(!bans.recordFailure(A));
    QVERIFY(!bans.isBanned(A));
    QVERIFY(bans.recordFailure(A)); // 5 within the last 3 minutes
}

void TestBanList::failuresWhileBannedDoNotExtend()
{
    BanList bans(clock());
    for (int i = 0; i < 5; ++i)
        bans.recordFailure(A);
    m_now += 4 * Minute;
    bans.recordFailure(A);
    m_now += Minute;
    QVERIFY(!bans.isBanned(A));
}

void TestBanList::addressesAreIndependent()
{
    BanList bans(clock());
    for (int i = 0; i < 5; ++i)
        bans.recordFailure(A);
    QVERIFY(bans.isBanned(A));
    QVERIFY(!bans.isBanned(B));
    QVERIFY(!bans.recordFailure(B));
    QVERIFY(!bans.isBanned(QHostAddress(QHostAddress::LocalHost)));
}

void TestBanList::mappedAndPlainIPv4AreOnePeer()
{
    BanList bans(clock());
    const QHostAddress mapped(QStringLiteral("::ffff:192.0.2.1"));
    for (int i = 0; i < 4; ++i)
        bans.recordFailure(i % 2 ? A : mapped);
    QVERIFY(bans.recordFailure(mapped));
    QVERIFY(bans.isBanned(A));
    QCOMPARE(bans.size(), 1);

    const QHostAddress scoped(QStringLiteral("fe80::1%1"));
    const QHostAddress plain(QStringLiteral("fe80::1"));
    for (int i = 0; i < 4; ++i)
        bans.recordFailure(scoped);
    QVERIFY(bans.recordFailure(plain));
}

void TestBanList::successForgetsFailures()
{
    BanList bans(clock());
    for (int i = 0; i < 4; ++i)
        bans.recordFailure(A);
    bans.recordSuccess(A);
    for (int i = 0; i < 4; ++i)
        QVERIFY(!bans.recordFailure(A));
    QVERIFY(bans.recordFailure(A));
    bans.recordSuccess(A); // cannot lift a ban
    QVERIFY(bans.isBanned(A));
}

void TestBanList::staleEntriesAreDropped()
{
    BanList bans(clock(), 100);
    for (int i = 0; i < 100; ++i)
        bans.recordFailure(QHostAddress(0x0a000000u + static_cast<quint32>(i)));
    QCOMPARE(bans.size(), 100);
    m_now += BanList::WindowMs;
    bans.recordFailure(B); // full: the stale ones go
    QCOMPARE(bans.size(), 1);
}

void TestBanList::floodFromManyAddressesStaysBounded()
{
    constexpr int Capacity = 1000;
    BanList bans(clock(), Capacity);
    // Ban A first, then flood with single failures from many other addresses.
    for (int i = 0; i < 5; ++i)
        bans.recordFailure(A);
    for (quint32 i = 0; i < 50'000; ++i) {
        bans.recordFailure(QHostAddress(0x0a000000u + i));
        QVERIFY(bans.size() <= Capacity);
        m_now += 1;
    }
    QVERIFY(bans.isBanned(A)); // bans are evicted last
    // A flood of IPv6 addresses likewise.
    for (int i = 0; i < 5000; ++i) {
        Q_IPV6ADDR v6{};
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[14] = static_cast<quint8>(i >> 8);
        v6[15] = static_cast<quint8>(i);
        bans.recordFailure(QHostAddress(v6));
        QVERIFY(bans.size() <= Capacity);
    }
}

void TestBanList::defaultClockWorks()
{
    BanList bans;
    for (int i = 0; i < 4; ++i)
        QVERIFY(!bans.recordFailure(A));
    QVERIFY(bans.recordFailure(A));
    QVERIFY(bans.isBanned(A));
    QVERIFY(bans.banRemainingMs(A) > BanList::BanMs - 60 * 1000);
    QCOMPARE(bans.capacity(), BanList::DefaultCapacity);
}

QTEST_GUILESS_MAIN(TestBanList)
#include "tst_banlist.moc"
