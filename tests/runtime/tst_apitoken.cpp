#include "apitoken.h"

#include <QSet>
#include <QTest>

using namespace ziggie;

class TestApiToken : public QObject
{
    Q_OBJECT

private slots:
    void tokensCarry256BitsAndDiffer()
    {
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            const QString t = generateApiToken();
            QCOMPARE(t.size(), 43); // 32 bytes in unpadded base64url
            const QByteArray raw = QByteArray::fromBase64(t.toLatin1(), QByteArray::Base64UrlEncoding);
            QCOMPARE(raw.size(), 32);
            seen.insert(t);
        }
        QCOMPARE(seen.size(), 50);
    }
};

QTEST_GUILESS_MAIN(TestApiToken)
#include "tst_apitoken.moc"
