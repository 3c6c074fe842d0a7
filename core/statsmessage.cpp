#include "statsmessage.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonArray>

#include <cmath>
#include <cstdio>

namespace ziggie::message {

QByteArray formatTimestamp(qint64 us)
{
    qint64 secs = us / 1000000;
    qint64 micros = us % 1000000;
    if (micros < 0) {
        micros += 1000000;
        --secs;
    }
    const QDateTime t = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
    QByteArray out = t.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")).toLatin1();
    out += '.';
    out += QByteArray::number(micros).rightJustified(6, '0');
    out += 'Z';
    return out;
}

QByteArray formatNumber(double value)
{
    if (!std::isfinite(value))
        value = 0.0;
    // printf rounds the exact binary value (0.125 -> "0.12"), as Python's round() does.
    char buffer[64];
    const int n = std::snprintf(buffer, sizeof buffer, "%.2f", value);
    QByteArray out(buffer, n > 0 ? qMin(n, int(sizeof buffer) - 1) : 0);
    if (out == "-0.00")
        out = "0.00";
    // Python's repr(round(x, 2)): trailing zeros go, one decimal digit stays.
    while (out.endsWith('0') && out.at(out.size() - 2) != '.')
        out.chop(1);
    return out;
}

QByteArray bytesToGb(quint64 bytes)
{
    return formatNumber(double(bytes) / (1024.0 * 1024.0 * 1024.0));
}

QByteArray formatInterval(int intervalMs)
{
    if (intervalMs % 1000 == 0)
        return QByteArray::number(intervalMs / 1000);
    return formatNumber(intervalMs / 1000.0);
}

QByteArray systemStats(const Sample &s, quint8 metrics)
{
    QByteArray out;
    out.reserve(224);
    out += R"({"type":"system_stats","timestamp":")";
    out += formatTimestamp(s.timestampUs);
    out += '"';
    if (metrics & Cpu) {
        out += R"(,"cpu":{"usage":)";
        out += formatNumber(s.cpuPercent);
        out += '}';
    }
    if (metrics & Memory) {
        out += R"(,"memory":{"percent":)";
        out += formatNumber(s.memoryPercent);
        out += R"(,"used_gb":)";
        out += bytesToGb(s.memoryUsed);
        out += R"(,"total_gb":)";
        out += bytesToGb(s.memoryTotal);
        out += '}';
    }
    if (metrics & Disk) {
        out += R"(,"disk":{"percent":)";
        out += formatNumber(s.diskPercent);
        out += R"(,"used_gb":)";
        out += bytesToGb(s.diskUsed);
        out += R"(,"total_gb":)";
        out += bytesToGb(s.diskTotal);
        out += '}';
    }
    out += '}';
    return out;
}

QByteArray history(const QList<Sample> &samples, int intervalMs)
{
    QByteArray out = R"({"type":"history","interval_s":)";
    out += formatInterval(intervalMs);
    out += R"(,"samples":[)";
    for (qsizetype i = 0; i < samples.size(); ++i) {
        if (i)
            out += ',';
        out += systemStats(samples[i]);
    }
    out += "]}";
    return out;
}

QByteArray pong(qint64 us)
{
    return R"({"type":"pong","timestamp":")" + formatTimestamp(us) + R"("})";
}

QByteArray jsonString(const QString &text)
{
    // A one-element array lets QJsonDocument do the escaping; strip the brackets.
    return QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

QByteArray error(const char *code, const QString &message)
{
    return R"({"type":"error","code":")" + QByteArray(code) + R"(","message":)" + jsonString(message) + '}';
}

} // namespace ziggie::message
