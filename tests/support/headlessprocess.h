#pragma once
// The real `ziggie` binary started headless in its own process, for tests that need a server
// the way a service runs it. The port is read from the one line it prints on start
// ("Serving … http://127.0.0.1:PORT/"), so `--port 0` works.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>

namespace ziggie::test {

struct HeadlessProcess
{
    std::unique_ptr<QProcess> process;
    quint16 port = 0; // 0 when it did not start or printed no address
};

inline HeadlessProcess startHeadless(const QString &binary, const QStringList &args,
                                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    HeadlessProcess r;
    r.process = std::make_unique<QProcess>();
    r.process->setProcessEnvironment(env);
    r.process->start(binary, QStringList{QStringLiteral("--headless")} + args);
    if (!r.process->waitForStarted(5000))
        return r;
    const QRegularExpression urlLine(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)/"));
    QByteArray out;
    for (int i = 0; i < 100 && !out.contains('\n'); ++i) {
        if (!r.process->waitForReadyRead(100) && r.process->state() != QProcess::Running)
            break;
        out += r.process->readAllStandardOutput();
    }
    const auto m = urlLine.match(QString::fromUtf8(out));
    if (m.hasMatch())
        r.port = quint16(m.captured(1).toUInt());
    return r;
}

// SIGTERM (the server closes its clients with 1001), then SIGKILL after 5 s.
inline void stopHeadless(HeadlessProcess &r)
{
    if (!r.process || r.process->state() == QProcess::NotRunning)
        return;
    r.process->terminate();
    if (!r.process->waitForFinished(5000)) {
        r.process->kill();
        r.process->waitForFinished(2000);
    }
}

} // namespace ziggie::test
