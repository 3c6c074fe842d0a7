#include "statsmessage.h"

#include "processesmessage.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstdio>

namespace ziggie::message {

namespace {

quint64 gbToBytes(double gb)
{
    return gb <= 0 ? 0 : static_cast<quint64>(gb * BytesPerGb + 0.5);
}

} // namespace

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

void appendHundredths(QByteArray &out, qint64 v)
{
    // What formatNumber prints for an exact number of hundredths, without printf's cost.
    const quint64 a = v < 0 ? quint64(-(v + 1)) + 1 : quint64(v);
    if (v < 0)
        out += '-';
    char digits[24];
    int n = 0;
    for (quint64 whole = a / 100; n == 0 || whole > 0; whole /= 10)
        digits[n++] = char('0' + whole % 10);
    while (n > 0)
        out += digits[--n];
    const int cents = int(a % 100);
    out += '.';
    out += char('0' + cents / 10);
    if (cents % 10 != 0)
        out += char('0' + cents % 10);
}

QByteArray formatHundredths(qint64 hundredths)
{
    QByteArray out;
    appendHundredths(out, hundredths);
    return out;
}

QByteArray bytesToGb(quint64 bytes)
{
    return formatNumber(toGb(bytes));
}

QByteArray formatInterval(int intervalMs)
{
    if (intervalMs % 1000 == 0)
        return QByteArray::number(intervalMs / 1000);
    return formatNumber(intervalMs / 1000.0);
}

QByteArray systemStats(const Sample &s, MetricSet metrics, ExtraSet extras)
{
    QByteArray out;
    out.reserve(224);
    out += R"({"type":"system_stats","timestamp":")";
    out += formatTimestamp(s.timestampUs);
    out += '"';
    if (metrics.contains(Metric::Cpu)) {
        out += R"(,"cpu":{"usage":)";
        out += formatNumber(s.cpuPercent);
        out += '}';
    }
    if (metrics.contains(Metric::Memory)) {
        out += R"(,"memory":{"percent":)";
        out += formatNumber(s.memoryPercent);
        out += R"(,"used_gb":)";
        out += bytesToGb(s.memoryUsed);
        out += R"(,"total_gb":)";
        out += bytesToGb(s.memoryTotal);
        out += '}';
    }
    if (metrics.contains(Metric::Disk)) {
        out += R"(,"disk":{"percent":)";
        out += formatNumber(s.diskPercent);
        out += R"(,"used_gb":)";
        out += bytesToGb(s.diskUsed);
        out += R"(,"total_gb":)";
        out += bytesToGb(s.diskTotal);
        out += '}';
    }
    if (extras.contains(Extra::Processes))
        appendProcesses(out, s, FrameProcesses);
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

QByteArray error(const char *code, const QString &message, const QByteArray &id)
{
    return R"({"type":"error","code":")" + QByteArray(code) + R"(","message":)" + jsonString(message)
           + (id.isEmpty() ? QByteArray() : R"(,"id":)" + jsonString(QString::fromUtf8(id))) + '}';
}

std::optional<qint64> parseTimestamp(QStringView text)
{
    // yyyy-MM-ddTHH:mm:ss, an optional fraction of 1 to 6 digits, Z.
    if (text.size() < 20 || text.at(10) != u'T' || !text.endsWith(u'Z'))
        return std::nullopt;
    const QDate date = QDate::fromString(text.first(10).toString(), Qt::ISODate);
    const QTime time = QTime::fromString(text.sliced(11, 8).toString(), Qt::ISODate);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    qint64 micros = 0;
    const QStringView fraction = text.sliced(19).chopped(1);
    if (!fraction.isEmpty()) {
        if (fraction.size() < 2 || fraction.size() > 7 || fraction.front() != u'.')
            return std::nullopt;
        for (const QChar c : fraction.sliced(1)) {
            if (c < u'0' || c > u'9')
                return std::nullopt;
            micros = micros * 10 + (c.unicode() - u'0');
        }
        for (qsizetype digits = fraction.size() - 1; digits < 6; ++digits)
            micros *= 10;
    }
    return QDateTime(date, time, Qt::UTC).toSecsSinceEpoch() * 1000000 + micros;
}

bool parseSystemStats(const QJsonObject &object, Sample *sample)
{
    const std::optional<qint64> when = parseTimestamp(object.value(u"timestamp").toString());
    const QJsonObject cpu = object.value(u"cpu").toObject();
    const QJsonObject memory = object.value(u"memory").toObject();
    const QJsonObject disk = object.value(u"disk").toObject();
    if (!when || !cpu.value(u"usage").isDouble())
        return false;
    Sample s;
    s.timestampUs = *when;
    s.cpuPercent = cpu.value(u"usage").toDouble();
    s.memoryPercent = memory.value(u"percent").toDouble();
    s.memoryTotal = gbToBytes(memory.value(u"total_gb").toDouble());
    s.memoryUsed = gbToBytes(memory.value(u"used_gb").toDouble());
    s.memoryAvailable = gbToBytes(memory.value(u"total_gb").toDouble() * (1.0 - s.memoryPercent / 100.0));
    s.diskPercent = disk.value(u"percent").toDouble();
    s.diskTotal = gbToBytes(disk.value(u"total_gb").toDouble());
    s.diskUsed = gbToBytes(disk.value(u"used_gb").toDouble());
    s.diskFree = s.diskTotal > s.diskUsed ? s.diskTotal - s.diskUsed : 0;
    const QJsonObject processes = object.value(u"processes").toObject();
    if (!processes.isEmpty()) { // a host that serves them to this client
        auto table = std::make_shared<ProcessTable>();
        table->count = quint32(processes.value(u"count").toInt());
        for (const auto &[key, list] : {std::pair{u"top_cpu", &table->topCpu}, std::pair{u"top_memory", &table->topMemory}}) {
            for (const QJsonValue &v : processes.value(QStringView(key)).toArray()) {
                const QJsonObject p = v.toObject();
                list->append({p.value(u"name").toString(), p.value(u"cpu").toDouble(),
                              quint64(p.value(u"rss_mb").toDouble() * 1024 * 1024), quint32(p.value(u"pid").toInt())});
            }
        }
        s.processes = table;
    }
    *sample = s;
    return true;
}

} // namespace ziggie::message
