#include "rangerequest.h"

#include <QDateTime>

#include <cmath>

namespace ziggie {

namespace {
// A value quoted back in an error message, cut short.
QString quoted(QByteArrayView value, qsizetype most)
{
    return QString::fromLatin1(value.first(qMin(value.size(), most)));
}
} // namespace

std::optional<qint64> parseRangeMs(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 16)
        return std::nullopt;
    qint64 unitMs = 1000;
    QByteArrayView number = text;
    switch (text.back()) {
    case 's': unitMs = 1000; number.chop(1); break;
    case 'm': unitMs = 60 * 1000; number.chop(1); break;
    case 'h': unitMs = 3600 * 1000; number.chop(1); break;
    case 'd': unitMs = 24 * 3600 * 1000; number.chop(1); break;
    default: break;
    }
    for (char c : number)
        if (!(c >= '0' && c <= '9') && c != '.')
            return std::nullopt;
    bool ok = false;
    const double value = number.toByteArray().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0)
        return std::nullopt;
    const double ms = value * double(unitMs);
    if (ms < 1000 || ms > double(RangeRequest::MaxRangeMs))
        return std::nullopt;
    return qint64(ms);
}

std::optional<qint64> parseUtcMs(QByteArrayView text)
{
    if (text.size() < 20 || text.size() > 40)
        return std::nullopt;
    const QString s = QString::fromLatin1(text);
    // Qt::ISODateWithMs accepts "Z" and "+hh:mm"; local times (no zone) are refused: UTC only.
    if (!s.endsWith(QLatin1Char('Z')) && !s.endsWith(QLatin1String("+00:00")))
        return std::nullopt;
    const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

std::optional<RangeRequest> parseRangeRequest(QByteArrayView range, QByteArrayView end, QByteArrayView points,
                                              QString *error)
{
    RangeRequest r;
    const auto rangeMs = parseRangeMs(range);
    if (!rangeMs) {
        *error = range.isEmpty() ? QStringLiteral("range is missing; e.g. range=1h, 24h, 7d or 90 (seconds)")
                                 : QStringLiteral("range \"%1\" is not a duration such as 90, 15m, 1h, 24h, 7d or 365d "
                                                  "(1 s to 10 years)")
                                       .arg(quoted(range, 32));
        return std::nullopt;
    }
    r.rangeMs = *rangeMs;
    if (!end.isEmpty()) {
        r.endMs = parseUtcMs(end);
        if (!r.endMs) {
            *error = QStringLiteral("end \"%1\" is not an ISO 8601 UTC time such as 2025-11-10T12:30:45Z")
                         .arg(quoted(end, 40));
            return std::nullopt;
        }
    }
    if (!points.isEmpty()) {
        bool ok = false;
        const int n = points.toByteArray().toInt(&ok);
        if (!ok || n < 1 || n > RangeRequest::MaxPoints) {
            *error = QStringLiteral("points \"%1\" is not a number from 1 to %2")
                         .arg(quoted(points, 16))
                         .arg(RangeRequest::MaxPoints);
            return std::nullopt;
        }
        r.points = n;
    }
    return r;
}

} // namespace ziggie
