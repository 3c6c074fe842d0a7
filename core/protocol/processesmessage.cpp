#include "processesmessage.h"

#include "statsmessage.h"

namespace ziggie::message {

namespace {

void appendList(QByteArray &out, const QList<ProcessShare> &list, int perList)
{
    out += '[';
    const qsizetype n = std::min<qsizetype>(list.size(), perList);
    for (qsizetype i = 0; i < n; ++i) {
        const ProcessShare &p = list[i];
        if (i)
            out += ',';
        out += R"({"pid":)";
        out += QByteArray::number(p.pid);
        out += R"(,"name":)";
        out += jsonString(p.name);
        out += R"(,"cpu":)";
        out += formatNumber(p.cpuPercent);
        out += R"(,"rss_mb":)";
        out += formatNumber(double(p.residentBytes) / (1024.0 * 1024.0));
        out += '}';
    }
    out += ']';
}

void appendBody(QByteArray &out, const ProcessTable &table, int perList)
{
    out += R"("count":)";
    out += QByteArray::number(table.count);
    out += R"(,"top_cpu":)";
    appendList(out, table.topCpu, perList);
    out += R"(,"top_memory":)";
    appendList(out, table.topMemory, perList);
}

} // namespace

void appendProcesses(QByteArray &out, const Sample &sample, int perList)
{
    if (!sample.processes)
        return;
    out += R"(,"processes":{)";
    appendBody(out, *sample.processes, perList);
    out += '}';
}

QByteArray processes(const Sample &sample)
{
    QByteArray out = R"({"type":"processes","timestamp":")";
    out += formatTimestamp(sample.timestampUs);
    out += R"(",)";
    static const ProcessTable none;
    appendBody(out, sample.processes ? *sample.processes : none, RestProcesses);
    out += '}';
    return out;
}

} // namespace ziggie::message
