#include "settingsfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace ziggie;

class TestSettingsFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void syntax_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem"); // empty = readable; else a word of the reason

        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("what QSettings writes")
            << QByteArray("[auth]\ntoken=abc\n\n[server]\nallowed_origins=http://a:1, https://b\n"
                          "host_names=@Invalid()\nport=8123\n")
            << QString();
        QTest::newRow("comments and CRLF") << QByteArray("; note\r\n# also a note\r\n[a]\r\nb = 1\r\n") << QString();
        QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf[a]\nb=1\n") << QString();
        QTest::newRow("continued value") << QByteArray("[a]\nb=x\\\ny\n") << QString();
        QTest::newRow("utf-8 value") << QByteArray("[a]\nb=d\xc3\xa9j\xc3\xa0 vu\n") << QString();
        QTest::newRow("nul bytes") << QByteArray("\x00\xff[[[=\n\x01", 9) << QStringLiteral("UTF-8");
        QTest::newRow("control characters") << QByteArray("[a]\nb=1\x01\x02\n") << QStringLiteral("line 2");
        QTest::newRow("latin-1") << QByteArray("[a]\nb=caf\xe9\n") << QStringLiteral("UTF-8");
        QTest::newRow("open section") << QByteArray("[a]\nb=1\n[server\nport=1\n") << QStringLiteral("line 3");
        QTest::newRow("no equals") << QByteArray("[a]\nb=1\nport 8080\n") << QStringLiteral("line 3");
        QTest::newRow("empty key") << QByteArray("=1\n") << QStringLiteral("line 1");
        QByteArray random;
        for (int i = 0; i < 4096; ++i)
            random.append(char((i * 2654435761u) >> 13));
        QTest::newRow("random bytes") << random << QStringLiteral("UTF-8");
    }
    void syntax()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const QString found = iniSyntaxProblem(bytes);
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }

    void absentIsFine()
    {
        QVERIFY(settingsFileProblem(m_dir.filePath(QStringLiteral("none.conf"))).isEmpty());
        QVERIFY(settingsFileProblem(m_dir.filePath(QStringLiteral("no/such/dir/z.conf"))).isEmpty());
    }

    void regularIniFileIsFine()
    {
        QVERIFY(settingsFileProblem(write(QStringLiteral("good.conf"), "[server]\nport=1\n")).isEmpty());
    }

    void notRegularFiles()
    {
        const QString dir = m_dir.filePath(QStringLiteral("dir.conf"));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(settingsFileProblem(dir).contains(QLatin1String("directory")));
        const QString link = m_dir.filePath(QStringLiteral("dangling.conf"));
        QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("nothing-here")), link));
        QVERIFY(settingsFileProblem(link).contains(QLatin1String("symbolic link")));
        const QString toDir = m_dir.filePath(QStringLiteral("todir.conf"));
        QVERIFY(QFile::link(dir, toDir));
        QVERIFY(settingsFileProblem(toDir).contains(QLatin1String("directory")));
#ifdef Q_OS_UNIX
        // Reading a FIFO would block until someone writes to it.
        const QString fifo = m_dir.filePath(QStringLiteral("fifo.conf"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(settingsFileProblem(fifo).contains(QLatin1String("not a regular file")));
#endif
    }

    void garbageIsNamed()
    {
        const QString problem = settingsFileProblem(write(QStringLiteral("garbage.conf"), QByteArray("\x7f\x45\x4c\x46\x02\x01\x01\x00", 8)));
        QVERIFY2(problem.contains(QLatin1String("not INI text")), qPrintable(problem));
    }

    void tooLarge()
    {
        const QString problem = settingsFileProblem(write(QStringLiteral("big.conf"), QByteArray(2 * 1024 * 1024, ';')));
        QVERIFY2(problem.contains(QLatin1String("too large")), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestSettingsFile)
#include "tst_settingsfile.moc"
