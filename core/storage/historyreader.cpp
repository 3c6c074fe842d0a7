#include "historyreader.h"

#include "aggregate.h"
#include "historyseries.h"
#include "rowscan.h"
#include "tierplan.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace ziggie::storage {

HistoryReader::HistoryReader(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_db(QStringLiteral("ziggie-history-reader-%1").arg(quintptr(this)))
{
}

HistoryReader::~HistoryReader() = default;

void HistoryReader::reopen()
{
    m_db.close();
}

bool HistoryReader::ensureOpen()
{
    if (m_db.isOpen())
        return true;
    return m_db.open(m_path, HistoryDatabase::Mode::Read, nullptr);
}

namespace {
// What an empty history answers with: the series every sample has, so a CSV has its columns.
QList<QByteArray> knownNames()
{
    QList<QByteArray> names;
    for (const SeriesValue &v : seriesOf(Sample()))
        names.append(v.name);
    return names;
}
} // namespace

void HistoryReader::loadSeries()
{
    // Known series in the order a system_stats message has them, later ones by name after.
    const QList<SeriesValue> known = seriesOf(Sample());
    QList<QPair<int, QByteArray>> all;
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral("SELECT id, name FROM series")))
        while (q.next())
            all.append({q.value(0).toInt(), q.value(1).toString().toUtf8()});
    const auto rank = [&](const QByteArray &name) {
        for (qsizetype i = 0; i < known.size(); ++i)
            if (known[i].name == name)
                return i;
        return known.size();
    };
    std::sort(all.begin(), all.end(), [&](const auto &a, const auto &b) {
        return std::pair(rank(a.second), a.second) < std::pair(rank(b.second), b.second);
    });
    m_names.clear();
    m_column.clear();
    for (const auto &[id, name] : all) {
        m_column.insert(id, int(m_names.size()));
        m_names.append(name);
    }
}

RangeAnswer HistoryReader::answer(const RangeRequest &request, qint64 nowMs, qint64 rawStepMs)
{
    RangeAnswer a;
    a.toMs = request.endMs.value_or(nowMs);
    a.fromMs = a.toMs - request.rangeMs;
    a.stepMs = rawStepMs;
    if (!ensureOpen()) {
        a.series = knownNames();
        return a; // nothing recorded yet: no points, not an error
    }
    loadSeries(); // a few rows: new series may have come since the last answer

    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    std::array<std::optional<qint64>, 3> oldest;
    if (q.exec(QStringLiteral("SELECT MIN(ts) FROM samples")) && q.next() && !q.value(0).isNull())
        oldest[0] = q.value(0).toLongLong();
    for (int tier : {1, 2}) {
        q.prepare(QStringLiteral("SELECT MIN(ts) FROM buckets WHERE tier = ?"));
        q.addBindValue(tier);
        if (q.exec() && q.next() && !q.value(0).isNull())
            oldest[tier] = q.value(0).toLongLong();
    }
    const TierPlan plan = planRange(a.fromMs, a.toMs, request.points, rawStepMs, oldest);
    a.stepMs = plan.stepMs;

    const QString sql = plan.tier == Tier::Raw
                            ? QStringLiteral("SELECT ts, series, 1, value, value, value FROM samples WHERE ts >= ? AND ts < ?")
                            : QStringLiteral("SELECT ts, series, n, min, sum, max FROM buckets "
                                             "WHERE tier = %1 AND ts >= ? AND ts < ?")
                                  .arg(int(plan.tier));
    const qint64 first = plan.eachSample ? a.fromMs : bucketStart(a.fromMs, plan.stepMs);
    const std::unique_ptr<RowScan> rows = scanRows(m_db.db(), sql, {first, a.toMs});
    if (!rows)
        return a;

    // Rows come in time order (the tables' keys): one point per step, or per sample.
    std::vector<Aggregate> open;
    qint64 openStart = 0;
    const auto close = [&] {
        RangePoint p;
        p.startMs = openStart;
        for (const Aggregate &g : open) {
            p.n = qMax(p.n, g.n);
            p.values.push_back(g.n == 0 ? std::nullopt : std::optional(SeriesStats{g.min, g.average(), g.max}));
        }
        if (p.n > 0)
            a.points.push_back(std::move(p));
    };
    while (rows->next()) {
        const qint64 ts = rows->value(0);
        const qint64 start = plan.eachSample ? ts : bucketStart(ts, plan.stepMs);
        if (open.empty() || start != openStart) {
            if (!open.empty())
                close();
            open.assign(std::size_t(m_names.size()), Aggregate());
            openStart = start;
        }
        const auto column = m_column.constFind(int(rows->value(1)));
        if (column == m_column.cend())
            continue; // written after this answer began
        Aggregate &g = open[std::size_t(column.value())];
        const qint64 n = rows->value(2);
        g.merge(n, rows->value(3), double(rows->value(4)) / double(qMax<qint64>(n, 1)), rows->value(5));
    }
    if (!open.empty())
        close();
    a.series = m_names.isEmpty() ? knownNames() : m_names;
    if (request.withProcesses)
        addProcesses(a, plan, first);
    return a;
}

void HistoryReader::addProcesses(RangeAnswer &a, const TierPlan &plan, qint64 first)
{
    a.withProcesses = true;
    QHash<qint64, std::size_t> pointAt; // start -> index
    for (std::size_t i = 0; i < a.points.size(); ++i)
        pointAt.insert(a.points[i].startMs, i);
    const QString sql =
        plan.tier == Tier::Raw
            ? QStringLiteral("SELECT p.ts, p.cpu, n.name FROM sample_processes p JOIN process_names n ON n.id = p.name "
                             "WHERE p.ts >= ? AND p.ts < ?")
            : QStringLiteral("SELECT p.ts, p.cpu, n.name FROM bucket_processes p JOIN process_names n ON n.id = p.name "
                             "WHERE p.tier = %1 AND p.ts >= ? AND p.ts < ?")
                  .arg(int(plan.tier));
    const std::unique_ptr<RowScan> rows = scanRows(m_db.db(), sql, {first, a.toMs});
    if (!rows)
        return;
    // CPU hundredths summed over the samples of each point, by name; the average is sum / n.
    std::vector<QHash<QByteArray, qint64>> sums(a.points.size());
    while (rows->next()) {
        const qint64 ts = rows->value(0);
        const auto at = pointAt.constFind(plan.eachSample ? ts : bucketStart(ts, plan.stepMs));
        if (at != pointAt.cend())
            sums[at.value()][rows->text(2)] += rows->value(1);
    }
    for (std::size_t i = 0; i < a.points.size(); ++i) {
        RangePoint &p = a.points[i];
        for (auto it = sums[i].cbegin(); it != sums[i].cend(); ++it)
            p.topCpu.push_back({it.key(), (it.value() + p.n / 2) / qMax<qint64>(p.n, 1)});
        std::sort(p.topCpu.begin(), p.topCpu.end(), [](const ProcessCpu &x, const ProcessCpu &y) {
            return x.cpu != y.cpu ? x.cpu > y.cpu : x.name < y.name;
        });
        if (p.topCpu.size() > 5)
            p.topCpu.resize(5);
    }
}

} // namespace ziggie::storage
