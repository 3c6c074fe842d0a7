#include "rangeanswer.h"

#include "statsmessage.h"

namespace ziggie {

namespace {

QByteArray group(const QByteArray &name)
{
    return name.left(name.indexOf('.'));
}

QByteArray key(const QByteArray &name)
{
    return name.mid(name.indexOf('.') + 1);
}

QByteArray seconds(qint64 ms)
{
    return ms % 1000 == 0 ? QByteArray::number(ms / 1000) : message::formatNumber(double(ms) / 1000.0);
}

void appendStats(QByteArray &out, const SeriesStats &s)
{
    out += R"({"min":)";
    message::appendHundredths(out, s.min);
    out += R"(,"avg":)";
    message::appendHundredths(out, s.avg);
    out += R"(,"max":)";
    message::appendHundredths(out, s.max);
    out += '}';
}

} // namespace

QByteArray historyRangeMessage(const RangeAnswer &a)
{
    QByteArray out;
    out.reserve(256 + qsizetype(a.points.size()) * (64 + a.series.size() * 48));
    out += R"({"type":"history_range","from":")" + message::formatTimestamp(a.fromMs * 1000) + R"(","to":")"
           + message::formatTimestamp(a.toMs * 1000) + R"(","step_s":)" + seconds(a.stepMs)
           + R"(,"points":[)";
    bool firstPoint = true;
    for (const RangePoint &p : a.points) {
        out += firstPoint ? "" : ",";
        firstPoint = false;
        out += R"({"timestamp":")" + message::formatTimestamp(p.startMs * 1000) + R"(","n":)" + QByteArray::number(p.n);
        // Series of one group ("memory.percent", "memory.used_gb") sit together in one object.
        QByteArray open;
        for (qsizetype i = 0; i < a.series.size(); ++i) {
            if (std::size_t(i) >= p.values.size() || !p.values[std::size_t(i)])
                continue;
            const QByteArray g = group(a.series[i]);
            if (g != open) {
                out += open.isEmpty() ? "" : "}";
                out += ",\"" + g + "\":{";
                open = g;
            } else {
                out += ',';
            }
            out += '"' + key(a.series[i]) + "\":";
            appendStats(out, *p.values[std::size_t(i)]);
        }
        out += open.isEmpty() ? "" : "}";
        if (a.withProcesses) {
            out += R"(,"top_cpu":[)";
            for (std::size_t i = 0; i < p.topCpu.size(); ++i) {
                out += i ? R"(,{"name":)" : R"({"name":)";
                out += message::jsonString(QString::fromUtf8(p.topCpu[i].name));
                out += R"(,"cpu":)";
                message::appendHundredths(out, p.topCpu[i].cpu);
                out += '}';
            }
            out += ']';
        }
        out += '}';
    }
    out += "]}";
    return out;
}

QByteArray historyRangeCsv(const RangeAnswer &a)
{
    QByteArray out = "timestamp,n";
    for (const QByteArray &name : a.series)
        out += ',' + name + ".min," + name + ".avg," + name + ".max";
    out += a.withProcesses ? ",top_cpu\r\n" : "\r\n";
    for (const RangePoint &p : a.points) {
        out += message::formatTimestamp(p.startMs * 1000) + ',' + QByteArray::number(p.n);
        for (qsizetype i = 0; i < a.series.size(); ++i) {
            const auto &v = std::size_t(i) < p.values.size() ? p.values[std::size_t(i)] : std::nullopt;
            if (v) {
                for (const qint64 x : {v->min, v->avg, v->max}) {
                    out += ',';
                    message::appendHundredths(out, x);
                }
            } else
                out += ",,,";
        }
        if (a.withProcesses) {
            // Names are quoted as CSV quotes them; ";" parts the processes.
            QByteArray cell;
            for (const ProcessCpu &c : p.topCpu) {
                if (!cell.isEmpty())
                    cell += "; ";
                cell += c.name + ' ';
                message::appendHundredths(cell, c.cpu);
            }
            out += ",\"" + cell.replace('"', "\"\"") + '"';
        }
        out += "\r\n";
    }
    return out;
}

} // namespace ziggie
