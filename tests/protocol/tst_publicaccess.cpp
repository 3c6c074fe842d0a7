#include "publicaccess.h"

#include <QTest>

using namespace ziggie;

class TestPublicAccess : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<PublicAccess>("mode");
        QTest::addColumn<QString>("name");
        QTest::newRow("loopback") << PublicAccess::Loopback << QStringLiteral("loopback");
        QTest::newRow("private") << PublicAccess::Private << QStringLiteral("private");
        QTest::newRow("any") << PublicAccess::Any << QStringLiteral("any");
    }
    void roundTrip()
    {
        QFETCH(PublicAccess, mode);
        QFETCH(QString, name);
        QCOMPARE(publicAccessName(mode), name);
        QCOMPARE(parsePublicAccess(name), std::optional<PublicAccess>(mode));
        QVERIFY(publicAccessNames().contains(name));
    }

    void refusesEverythingElse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("upper case") << QStringLiteral("Any");
        QTest::newRow("padded") << QStringLiteral(" private");
        QTest::newRow("bogus") << QStringLiteral("bogus");
        QTest::newRow("public") << QStringLiteral("public");
    }
    void refusesEverythingElse()
    {
        QFETCH(QString, text);
        QVERIFY(!parsePublicAccess(text));
    }

    void namesAreListedInOrder()
    {
        QCOMPARE(publicAccessNames(), QStringLiteral("loopback, private, any"));
    }
};

QTEST_GUILESS_MAIN(TestPublicAccess)
#include "tst_publicaccess.moc"
