#include "security/constanttime.h"

#include <QTest>

using namespace ziggie;

class TestConstantTime : public QObject
{
    Q_OBJECT

private slots:
    void comparison()
    {
        QVERIFY(constantTimeEquals("secret-token", "secret-token"));
        QVERIFY(!constantTimeEquals("secret-token", "secret-tokeN"));
        QVERIFY(!constantTimeEquals("secret-token", "secret"));
        QVERIFY(!constantTimeEquals("secret-token", "secret-token-and-more"));
        QVERIFY(!constantTimeEquals("secret-token", ""));
        QVERIFY(!constantTimeEquals("", "")); // an unset token never matches
    }
};

QTEST_GUILESS_MAIN(TestConstantTime)
#include "tst_constanttime.moc"
