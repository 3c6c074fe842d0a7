#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie::ui;

class TestAutostart : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", m_dir.path().toLocal8Bit());
    }

    void entryFollowsXdgConfigHome()
    {
        QCOMPARE(Autostart::entryPath(), m_dir.path() + QStringLiteral("/autostart/io.ziggie.Ziggie.desktop"));
        qputenv("XDG_CONFIG_HOME", "relative/dir"); // the spec says to ignore relative paths
        QCOMPARE(Autostart::entryPath(), QDir::homePath() + QStringLiteral("/.config/autostart/io.ziggie.Ziggie.desktop"));
        qunsetenv("XDG_CONFIG_HOME");
        QCOMPARE(Autostart::entryPath(), QDir::homePath() + QStringLiteral("/.config/autostart/io.ziggie.Ziggie.desktop"));
    }

    void execIsQuoted()
    {
        const Autostart autostart(QStringLiteral("/opt/My Apps/zig\"gie$1"));
        const QString contents = autostart.entryContents();
        QVERIFY(contents.startsWith(QStringLiteral("[Desktop Entry]\n")));
        QVERIFY(contents.contains(QStringLiteral("Type=Application\n")));
        QVERIFY2(contents.contains(QStringLiteral("Exec=\"/opt/My Apps/zig\\\"gie\\$1\"\n")), qPrintable(contents));
    }

    void defaultProgramIsThisExecutable()
    {
        qunsetenv("APPIMAGE");
        QCOMPARE(Autostart().program(), QCoreApplication::applicationFilePath());
        qputenv("APPIMAGE", "/home/u/Ziggie.AppImage");
        QCOMPARE(Autostart().program(), QStringLiteral("/home/u/Ziggie.AppImage"));
        qunsetenv("APPIMAGE");
    }

    void enableAndDisable()
    {
        Autostart autostart(QStringLiteral("/usr/bin/ziggie"));
        QVERIFY(!autostart.isEnabled());
        QString error;
        QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
        QVERIFY(autostart.isEnabled());
        QFile file(Autostart::entryPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), autostart.entryContents());
        file.close();
        QVERIFY(autostart.setEnabled(true)); // again: still one entry
        QVERIFY(autostart.setEnabled(false, &error));
        QVERIFY(!autostart.isEnabled());
        QVERIFY(autostart.setEnabled(false)); // already off is fine
    }

    // Entries written before the desktop file was named io.ziggie.Ziggie still count, and go.
    void legacyEntryIsTakenOver()
    {
        QCOMPARE(Autostart::legacyEntryPath(), m_dir.path() + QStringLiteral("/autostart/ziggie.desktop"));
        QVERIFY(QDir().mkpath(m_dir.path() + QStringLiteral("/autostart")));
        const auto writeLegacy = [] {
            QFile legacy(Autostart::legacyEntryPath());
            return legacy.open(QIODevice::WriteOnly) && legacy.write("[Desktop Entry]\n") > 0;
        };
        QVERIFY(writeLegacy());
        Autostart autostart(QStringLiteral("/usr/bin/ziggie"));
        QVERIFY(autostart.isEnabled());
        QVERIFY(autostart.setEnabled(true));
        QVERIFY(QFile::exists(Autostart::entryPath()));
        QVERIFY(!QFile::exists(Autostart::legacyEntryPath()));

        QVERIFY(writeLegacy());
        QVERIFY(autostart.setEnabled(false));
        QVERIFY(!QFile::exists(Autostart::entryPath()));
        QVERIFY(!QFile::exists(Autostart::legacyEntryPath()));
        QVERIFY(!autostart.isEnabled());
    }

    void unwritableDirectoryIsReported()
    {
        QVERIFY(QDir(m_dir.path() + QStringLiteral("/autostart")).removeRecursively());
        QFile blocker(m_dir.path() + QStringLiteral("/autostart"));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
        blocker.close();
        QString error;
        QVERIFY(!Autostart(QStringLiteral("/usr/bin/ziggie")).setEnabled(true, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(QFile::remove(blocker.fileName()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
