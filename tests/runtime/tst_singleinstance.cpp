#include "singleinstance.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <memory>

using namespace ziggie;

class TestSingleInstance : public QObject
{
    Q_OBJECT

private:
    static QString uniqueKey()
    {
        return QStringLiteral("ziggie-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    }

private slots:
    void defaultKeyIsPerUser()
    {
        const QString key = SingleInstance::defaultKey();
        QVERIFY(key.startsWith(QStringLiteral("ziggie-")));
        QVERIFY(key.endsWith(QString::number(::getuid())));
    }

    void firstClaimsSecondDoesNot()
    {
        const QString key = uniqueKey();
        SingleInstance first(key);
        SingleInstance second(key);
        QVERIFY(first.claim());
        QVERIFY(first.isClaimed());
        QVERIFY(!second.claim());
        QVERIFY(!second.isClaimed());
    }

    void secondLaunchActivatesTheFirst()
    {
        const QString key = uniqueKey();
        SingleInstance first(key);
        QVERIFY(first.claim());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);

        SingleInstance second(key);
        QVERIFY(!second.claim());
        QVERIFY(second.activateRunning());
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.count(), 1);

        SingleInstance third(key);
        QVERIFY(third.activateRunning());
        QTRY_COMPARE(activated.count(), 2);
    }

    void otherKeysAreUntouched()
    {
        SingleInstance mine(uniqueKey());
        SingleInstance someoneElses(uniqueKey());
        QVERIFY(mine.claim());
        QVERIFY(someoneElses.claim());
        QSignalSpy activated(&someoneElses, &SingleInstance::activationRequested);
        QVERIFY(!SingleInstance(uniqueKey()).activateRunning(500)); // nobody there
        QTest::qWait(50);                                              // the only way to show a non-event
        QCOMPARE(activated.count(), 0);
    }

    void releasedWhenTheFirstEnds()
    {
        const QString key = uniqueKey();
        auto first = std::make_unique<SingleInstance>(key);
        QVERIFY(first->claim());
        first.reset();
        SingleInstance next(key);
        QVERIFY(next.claim());
    }

    void staleSocketIsTakenOver()
    {
        // What a crashed instance leaves behind: a socket file nobody listens on.
        const QString key = uniqueKey();
        const QByteArray path = QFile::encodeName(QDir::tempPath() + u'/' + key);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        QVERIFY(size_t(path.size()) < sizeof(address.sun_path));
        std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::close(fd);
        QVERIFY(QFile::exists(QFile::decodeName(path)));

        SingleInstance instance(key);
        QVERIFY(instance.claim());
        QSignalSpy activated(&instance, &SingleInstance::activationRequested);
        QVERIFY(SingleInstance(key).activateRunning());
        QVERIFY(activated.wait(5000));
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
