#include "clientmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ziggie {

namespace {
// "cpu, memory, disk, processes": what a subscribe message may name.
QString knownNames()
{
    QString list = metricKeys();
    for (const Extra extra : AllExtras)
        list += QStringLiteral(", ") + extraKey(extra);
    return list;
}

ClientMessage invalid(const char *code, QString problem)
{
    ClientMessage m;
    m.code = code;
    m.problem = std::move(problem);
    return m;
}

} // namespace

ClientMessage parseClientMessage(QByteArrayView text)
{
    if (text.size() > MaxClientMessageBytes)
        return invalid("bad_request", QStringLiteral("message exceeds 4096 bytes"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid("bad_request", QStringLiteral("not valid JSON: ") + parseError.errorString());
    if (!doc.isObject())
        return invalid("bad_request", QStringLiteral("expected a JSON object"));
    const QJsonObject o = doc.object();
    const QJsonValue type = o.value(QLatin1String("type"));
    if (!type.isString())
        return invalid("bad_request", QStringLiteral("missing \"type\""));

    if (type.toString() == QLatin1String("history")) {
        ClientMessage m;
        const QJsonValue id = o.value(QLatin1String("id"));
        if (id.isString() && id.toString().size() <= 64)
            m.id = id.toString().toUtf8();
        else if (!id.isUndefined())
            return invalid("bad_request", QStringLiteral("\"id\" must be a string of at most 64 characters"));
        const auto text = [&](const char *key) {
            const QJsonValue v = o.value(QLatin1String(key));
            return v.isDouble() ? QByteArray::number(v.toDouble(), 'g', 12) : v.toString().toUtf8();
        };
        QString error;
        const auto range = parseRangeRequest(text("range"), text("end"), text("points"), &error);
        if (!range) {
            ClientMessage bad = invalid("bad_request", error);
            bad.id = m.id;
            return bad;
        }
        m.kind = ClientMessage::History;
        m.range = *range;
        return m;
    }
    if (type.toString() == QLatin1String("ping")) {
        ClientMessage m;
        m.kind = ClientMessage::Ping;
        return m;
    }
    if (type.toString() == QLatin1String("subscribe")) {
        const QJsonValue metrics = o.value(QLatin1String("metrics"));
        if (!metrics.isArray() || metrics.toArray().isEmpty())
            return invalid("bad_request", QStringLiteral("\"metrics\" must be a non-empty array of %1").arg(knownNames()));
        ClientMessage m;
        m.kind = ClientMessage::Subscribe;
        for (const QJsonValue &v : metrics.toArray()) {
            const QString name = v.toString();
            if (const std::optional<Metric> metric = metricFromKey(name)) {
                m.metrics.insert(*metric);
            } else if (const std::optional<Extra> extra = extraFromKey(name)) {
                m.extras.insert(*extra);
            } else {
                return invalid("unknown_metric",
                               QStringLiteral("unknown metric \"%1\"; known: %2").arg(name.left(64), knownNames()));
            }
        }
        if (m.metrics.isEmpty()) // only extras named: they come on top of the three
            m.metrics = MetricSet::all();
        return m;
    }
    return invalid("unknown_type", QStringLiteral("unknown message type \"%1\"").arg(type.toString().left(64)));
}

} // namespace ziggie
