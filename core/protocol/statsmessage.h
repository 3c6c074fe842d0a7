#pragma once
// Server -> client messages, written by hand so keys keep the contract's order and numbers
// read exactly as the replaced Python backend printed them (round(x, 2), shortest form,
// "32.0" not "32"). Pure functions: the server calls them once per tick, not per client.

#include "extra.h"
#include "metricset.h"
#include "sample.h"

#include <QByteArray>
#include <QList>
#include <QStringView>

#include <optional>

class QJsonObject;

namespace ziggie::message {

QByteArray formatTimestamp(qint64 utcMicroseconds); // 2025-11-10T12:30:45.123456Z
QByteArray formatNumber(double value);              // rounded to 2 decimals
QByteArray bytesToGb(quint64 bytes);                // in GB (metric.h), rounded to 2 decimals
QByteArray formatHundredths(qint64 hundredths);     // 1234 -> 12.34, 1230 -> 12.3, 1200 -> 12.0
void appendHundredths(QByteArray &out, qint64 hundredths);
QByteArray formatInterval(int intervalMs);          // 2 or 0.5

// {"type":"system_stats","timestamp":…,"cpu":{…},"memory":{…},"disk":{…}} with only `metrics`,
// then the extras asked for ("processes":{…}).
QByteArray systemStats(const Sample &sample, MetricSet metrics = MetricSet::all(), ExtraSet extras = {});
// {"type":"history","interval_s":…,"samples":[…]} oldest first.
QByteArray history(const QList<Sample> &samples, int intervalMs);
QByteArray pong(qint64 utcMicroseconds);
QByteArray error(const char *code, const QString &message, const QByteArray &id = {}); // id: echoed when given
QByteArray jsonString(const QString &text); // a quoted, escaped JSON string

// The client side, for watching another Ziggie: the inverse of formatTimestamp (fewer
// fraction digits are accepted), and a system_stats object back into a Sample (GB -> bytes,
// available memory derived from the percentage); false when a field is missing or malformed.
std::optional<qint64> parseTimestamp(QStringView text);
bool parseSystemStats(const QJsonObject &object, Sample *sample);

} // namespace ziggie::message
