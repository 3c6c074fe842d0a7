#include "processparse.h"

#include <QFile>
#include <QTest>

#include <cerrno>
#include <string>

using namespace ziggie::processes;

namespace {
std::string fixture(const QString &name)
{
    QFile f(QStringLiteral(ZIGGIE_TEST_DATA "/proc/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll().toStdString();
}
std::string_view sv(const QByteArray &b)
{
    return {b.constData(), std::size_t(b.size())};
}
} // namespace

class TestProcessParse : public QObject
{
    Q_OBJECT

private slots:
    void stat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<uint>("pid");
        QTest::addColumn<QByteArray>("comm");
        QTest::addColumn<QChar>("state");
        QTest::addColumn<quint64>("utime");
        QTest::addColumn<quint64>("stime");
        QTest::addColumn<quint64>("startTime");
        QTest::addColumn<quint64>("rssPages");
        QTest::addColumn<bool>("kernelThread");
        // A real line from Linux 6 (tty_pgrp is -1: signed fields must not stop the count).
        QTest::newRow("systemd") << "pid_stat_systemd.txt" << true << 1u << QByteArray("systemd") << QChar(u'S')
                                 << quint64(210) << quint64(1328) << quint64(32) << quint64(2802) << false;
        QTest::newRow("kernel thread") << "pid_stat_kthreadd.txt" << true << 2u << QByteArray("kthreadd")
                                       << QChar(u'S') << quint64(0) << quint64(0) << quint64(32) << quint64(0)
                                       << true;
        QTest::newRow("comm in parentheses") << "pid_stat_sdpam.txt" << true << 1402u << QByteArray("(sd-pam)")
                                             << QChar(u'S') << quint64(0) << quint64(1) << quint64(2711)
                                             << quint64(1311) << false;
        QTest::newRow("comm with ) and spaces") << "pid_stat_parens.txt" << true << 4711u << QByteArray("a) b (c")
                                                << QChar(u'R') << quint64(123) << quint64(45) << quint64(987654)
                                                << quint64(2048) << false;
        QTest::newRow("zombie") << "pid_stat_zombie.txt" << true << 5123u << QByteArray("cc1plus") << QChar(u'Z')
                                << quint64(180) << quint64(22) << quint64(991000) << quint64(0) << false;
        QTest::newRow("cut before rss") << "pid_stat_truncated.txt" << false << 0u << QByteArray() << QChar()
                                        << quint64(0) << quint64(0) << quint64(0) << quint64(0) << false;
        QTest::newRow("no parentheses") << "pid_stat_no_paren.txt" << false << 0u << QByteArray() << QChar()
                                        << quint64(0) << quint64(0) << quint64(0) << quint64(0) << false;
        QTest::newRow("not a number") << "pid_stat_bad_number.txt" << false << 0u << QByteArray() << QChar()
                                      << quint64(0) << quint64(0) << quint64(0) << quint64(0) << false;
    }
    void stat()
    {
        QFETCH(QString, file);
        QFETCH(bool, valid);
        const std::string text = fixture(file);
        const auto parsed = parseProcessStat(text);
        QCOMPARE(parsed.has_value(), valid);
        if (!valid)
            return;
        QFETCH(uint, pid);
        QFETCH(QByteArray, comm);
        QFETCH(QChar, state);
        QFETCH(quint64, utime);
        QFETCH(quint64, stime);
        QFETCH(quint64, startTime);
        QFETCH(quint64, rssPages);
        QFETCH(bool, kernelThread);
        QCOMPARE(uint(parsed->pid), pid);
        QCOMPARE(parsed->comm, sv(comm));
        QCOMPARE(QChar(char16_t(parsed->state)), state);
        QCOMPARE(quint64(parsed->utime), utime);
        QCOMPARE(quint64(parsed->stime), stime);
        QCOMPARE(quint64(parsed->startTime), startTime);
        QCOMPARE(quint64(parsed->residentPages), rssPages);
        QCOMPARE((parsed->flags & KernelThreadFlag) != 0, kernelThread);
    }

    void garbage_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow(") before (") << QByteArray("12 )x( S 1 2 3");
        QTest::newRow("no pid") << QByteArray("(x) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 9");
        QTest::newRow("two-letter state") << QByteArray("1 (x) SS 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 9");
        QTest::newRow("negative utime") << QByteArray("1 (x) S 1 1 1 0 -1 0 0 0 0 0 -1 2 0 0 20 0 1 0 5 0 9");
        QTest::newRow("pid past 32 bits") << QByteArray("99999999999 (x) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 9");
    }
    void garbage()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parseProcessStat(sv(text)).has_value());
    }

    void shortestValidLine()
    {
        // Exactly 24 fields, no trailing newline: enough for everything a scan needs.
        const auto parsed = parseProcessStat("7 (x) R 1 1 1 0 -1 0 0 0 0 0 11 22 0 0 20 0 1 0 33 0 44");
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->utime + parsed->stime, std::uint64_t(33));
        QCOMPARE(parsed->startTime, std::uint64_t(33));
        QCOMPARE(parsed->residentPages, std::uint64_t(44));
    }

    void displayName_data()
    {
        QTest::addColumn<QByteArray>("comm");
        QTest::addColumn<QByteArray>("cmdline");
        QTest::addColumn<QByteArray>("expected");
        const auto nul = [](const char *text, int size) { return QByteArray(text, size); };
        QTest::newRow("comm as is") << QByteArray("cc1plus") << nul("/usr/libexec/gcc/cc1plus\0-quiet\0", 32)
                                    << QByteArray("cc1plus");
        QTest::newRow("kernel thread") << QByteArray("kworker/0:1-eve") << QByteArray() << QByteArray("kworker/0:1-eve");
        QTest::newRow("zombie") << QByteArray("defunct-child") << QByteArray() << QByteArray("defunct-child");
        QTest::newRow("cut comm restored") << QByteArray("gnome-shell-cal")
                                           << nul("/usr/libexec/gnome-shell-calendar-server\0", 41)
                                           << QByteArray("gnome-shell-calendar-server");
        QTest::newRow("cut comm, argv[0] without a path")
            << QByteArray("systemd-journal") << nul("systemd-journald\0", 17) << QByteArray("systemd-journald");
        QTest::newRow("cut comm, flags in argv[0]")
            << QByteArray("kube-controller") << QByteArray("/usr/bin/kube-controller-manager --kubeconfig=/etc/k/a.conf")
            << QByteArray("kube-controller-manager");
        QTest::newRow("cut comm, spaces in the path")
            << QByteArray("long-program-na") << nul("/opt/My Tools/long-program-name\0", 32)
            << QByteArray("long-program-name");
        // A name set with PR_SET_NAME is not argv[0]'s: keep what the kernel says.
        QTest::newRow("renamed main thread") << QByteArray("Isolated Web Co")
                                             << nul("/usr/lib/firefox/firefox\0-contentproc\0", 38)
                                             << QByteArray("Isolated Web Co");
        QTest::newRow("login shell") << QByteArray("bash") << nul("-bash\0", 6) << QByteArray("bash");
        QTest::newRow("rewritten title") << QByteArray("sshd") << nul("sshd: alice@pts/0\0", 18) << QByteArray("sshd");
        QTest::newRow("argv[0] equals the cut comm") << QByteArray("exactly15chars!") << nul("exactly15chars!\0", 16)
                                                     << QByteArray("exactly15chars!");
        QTest::newRow("no comm") << QByteArray() << nul("/usr/bin/tool --x\0", 18) << QByteArray("tool");
    }
    void displayName()
    {
        QFETCH(QByteArray, comm);
        QFETCH(QByteArray, cmdline);
        QFETCH(QByteArray, expected);
        QCOMPARE(chooseDisplayName(sv(comm), sv(cmdline)), sv(expected));
    }

    void pid_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<int>("expected"); // -1: not a process
        QTest::newRow("process") << QByteArray("4711") << 4711;
        QTest::newRow("init") << QByteArray("1") << 1;
        QTest::newRow("large") << QByteArray("4194304") << 4194304;
        QTest::newRow("self") << QByteArray("self") << -1;
        QTest::newRow("dot") << QByteArray(".") << -1;
        QTest::newRow("leading zero") << QByteArray("0123") << -1;
        QTest::newRow("zero") << QByteArray("0") << -1;
        QTest::newRow("digits then text") << QByteArray("12ab") << -1;
        QTest::newRow("empty") << QByteArray() << -1;
        QTest::newRow("past 32 bits") << QByteArray("4294967296") << -1;
    }
    void pid()
    {
        QFETCH(QByteArray, name);
        QFETCH(int, expected);
        const auto pid = parsePid(sv(name));
        QCOMPARE(pid.has_value(), expected >= 0);
        if (pid)
            QCOMPARE(int(*pid), expected);
    }

    void readErrors()
    {
        QCOMPARE(classifyReadError(ENOENT), ReadFailure::Vanished);
        QCOMPARE(classifyReadError(ESRCH), ReadFailure::Vanished);
        QCOMPARE(classifyReadError(EACCES), ReadFailure::Unreadable);
        QCOMPARE(classifyReadError(EPERM), ReadFailure::Unreadable);
        QCOMPARE(classifyReadError(EISDIR), ReadFailure::Unreadable);
        QCOMPARE(classifyReadError(EIO), ReadFailure::Unreadable);
    }
};

QTEST_GUILESS_MAIN(TestProcessParse)
#include "tst_processparse.moc"
