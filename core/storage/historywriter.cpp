#include "historywriter.h"

#include "historyseries.h"
#include "storagelog.h"
#include "tierplan.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace ziggie::storage {

namespace {
const char *const RolledKeys[] = {"", "rolled_minute", "rolled_hour"};
const char *const PrunedKeys[] = {"", "pruned_minute", "pruned_hour"};
constexpr int MaxBudgetRounds = 20;
} // namespace

HistoryWriter::HistoryWriter(QString path, Retention retention, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_retention(retention)
    , m_db(QStringLiteral("ziggie-history-writer-%1").arg(quintptr(this)))
    , m_flush(this)
    , m_retry(this)
{
    m_flush.setInterval(FlushMs);
    m_retry.setInterval(RetryMs);
    m_retry.setSingleShot(true);
    connect(&m_flush, &QTimer::timeout, this, &HistoryWriter::flush);
    connect(&m_retry, &QTimer::timeout, this, &HistoryWriter::flush);
}

HistoryWriter::~HistoryWriter() = default;

void HistoryWriter::start()
{
    m_flush.start();
    ensureOpen();
}

void HistoryWriter::setFault(const QString &fault)
{
    if (fault == m_fault)
        return;
    if (fault.isEmpty())
        qCInfo(lcStorage) << "recording history again";
    else
        qCWarning(lcStorage).noquote() << fault;
    m_fault = fault;
    emit faultChanged(fault);
}

bool HistoryWriter::fail(const QSqlQuery &query)
{
    const QSqlError error = query.lastError();
    m_db.db().rollback();
    if (HistoryDatabase::isCorruption(error)) {
        qCWarning(lcStorage).noquote() << "history file damaged while writing:" << m_db.describe(error);
        m_db.close();
        ensureOpen(); // moves it aside and starts anew
        return false;
    }
    setFault(QStringLiteral("history: cannot write %1").arg(m_db.describe(error)));
    m_retry.start();
    return false;
}

bool HistoryWriter::ensureOpen()
{
    if (m_db.isOpen())
        return true;
    const QFileInfo info(m_path);
    if (!m_lock) {
        QDir().mkpath(info.absolutePath());
        m_lock = std::make_unique<QLockFile>(m_path + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0); // only a dead owner frees it, never its age
    }
    if (!m_lock->isLocked() && !m_lock->tryLock(0)) {
        if (m_lock->error() == QLockFile::LockFailedError) {
            m_pending.clear();
            // Another Ziggie of this user (the service, say) records this machine already.
            if (m_openError != QLatin1String("locked"))
                qCInfo(lcStorage).noquote() << "another Ziggie records history to"
                                            << QDir::toNativeSeparators(m_path) << "- this one only reads it";
            m_openError = QStringLiteral("locked");
            setFault({});
        } else {
            setFault(QStringLiteral("history: cannot write in %1").arg(QDir::toNativeSeparators(info.absolutePath())));
        }
        m_retry.start();
        return false;
    }
    QString error;
    QString aside;
    if (!m_db.open(m_path, HistoryDatabase::Mode::Write, &error, &aside)) {
        setFault(QStringLiteral("history: ") + error);
        m_retry.start();
        return false;
    }
    if (!aside.isEmpty()) {
        qCWarning(lcStorage).noquote() << "the history file was damaged: moved it to"
                                       << QDir::toNativeSeparators(aside) << "and started a new one";
        emit fileReplaced();
    }
    m_openError.clear();
    m_series.clear();
    m_processNames.clear();
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral("SELECT id, name FROM series")))
        while (q.next())
            m_series.insert(q.value(1).toString().toUtf8(), q.value(0).toInt());
    if (q.exec(QStringLiteral("SELECT id, name FROM process_names")))
        while (q.next())
            m_processNames.insert(q.value(1).toString(), q.value(0).toInt());
    m_newestMs = q.exec(QStringLiteral("SELECT MAX(ts) FROM samples")) && q.next() && !q.value(0).isNull()
                     ? q.value(0).toLongLong()
                     : -1;
    for (int tier : {1, 2})
        m_rolledUntil[tier] = stateValue(QString::fromLatin1(RolledKeys[tier]), 0);
    setFault({});
    return true;
}

qint64 HistoryWriter::stateValue(const QString &key, qint64 fallback)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT value FROM state WHERE key = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toLongLong() : fallback;
}

bool HistoryWriter::setState(const QString &key, qint64 value)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO state (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    return q.exec() || fail(q);
}

std::optional<int> HistoryWriter::seriesId(const QByteArray &name)
{
    if (const auto it = m_series.constFind(name); it != m_series.cend())
        return it.value();
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO series (name) VALUES (?)"));
    q.addBindValue(QString::fromUtf8(name));
    if (!q.exec()) {
        fail(q);
        return std::nullopt;
    }
    const int id = q.lastInsertId().toInt();
    m_series.insert(name, id);
    return id;
}

std::optional<int> HistoryWriter::processId(const QString &name)
{
    if (const auto it = m_processNames.constFind(name); it != m_processNames.cend())
        return it.value();
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO process_names (name) VALUES (?)"));
    q.addBindValue(name);
    if (!q.exec()) {
        fail(q);
        return std::nullopt;
    }
    const int id = q.lastInsertId().toInt();
    m_processNames.insert(name, id);
    return id;
}

bool HistoryWriter::insertProcesses(qint64 ts, const Sample &sample, QSqlQuery &insert)
{
    if (!sample.processes)
        return true;
    // Processes of one name (a browser's many) count as one, as a person would read them.
    QList<QPair<QString, qint64>> byName;
    for (const ProcessShare &p : sample.processes->topCpu) {
        const qint64 cpu = toHundredths(p.cpuPercent);
        if (cpu <= 0)
            continue;
        auto it = std::find_if(byName.begin(), byName.end(), [&](const auto &e) { return e.first == p.name; });
        if (it == byName.end())
            byName.append({p.name, cpu});
        else
            it->second += cpu;
    }
    std::sort(byName.begin(), byName.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    for (qsizetype i = 0; i < qMin<qsizetype>(byName.size(), TopProcesses); ++i) {
        const auto id = processId(byName[i].first);
        if (!id)
            return false;
        insert.addBindValue(ts);
        insert.addBindValue(*id);
        insert.addBindValue(byName[i].second);
        if (!insert.exec())
            return fail(insert);
    }
    return true;
}

void HistoryWriter::record(const Sample &sample)
{
    if (m_openError == QLatin1String("locked"))
        return; // the other process records the same machine
    m_pending.push_back(sample);
    if (m_pending.size() > std::size_t(MaxPending))
        m_pending.erase(m_pending.begin(), m_pending.begin() + (m_pending.size() - MaxPending));
}

void HistoryWriter::flush()
{
    if (!m_pending.empty() || !m_db.isOpen())
        write(false);
}

void HistoryWriter::finish()
{
    m_flush.stop();
    m_retry.stop();
    if (m_db.isOpen() || !m_pending.empty())
        write(true);
    m_db.close();
    if (m_lock)
        m_lock->unlock();
}

bool HistoryWriter::insertSamples()
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO samples (ts, series, value) VALUES (?, ?, ?)"));
    QSqlQuery processes(m_db.db());
    processes.prepare(QStringLiteral("INSERT INTO sample_processes (ts, name, cpu) VALUES (?, ?, ?)"));
    qint64 newest = m_newestMs;
    qint64 behind = 0;
    bool storedAny = false;
    for (const Sample &s : m_pending) {
        const qint64 ts = s.timestampUs / 1000;
        if (ts <= newest) {
            // The clock went back (or a sample came twice): never overwrite, never reorder.
            behind = qMax(behind, newest - ts);
            continue;
        }
        for (const SeriesValue &v : seriesOf(s)) {
            const auto id = seriesId(v.name);
            if (!id)
                return false;
            q.addBindValue(ts);
            q.addBindValue(*id);
            q.addBindValue(v.hundredths);
            if (!q.exec())
                return fail(q);
        }
        if (!insertProcesses(ts, s, processes))
            return false;
        newest = ts;
        storedAny = true;
    }
    m_newestMs = newest;
    m_clockBehindMs = storedAny ? 0 : qMax(m_clockBehindMs, behind);
    return true;
}

bool HistoryWriter::rollUp(int tier, qint64 stepMs, qint64 until)
{
    const qint64 from = m_rolledUntil[tier];
    if (until <= from)
        return true;
    // From the raw samples, idempotent by watermark: a partial bucket written at a stop is
    // completed, not duplicated, by what comes after the restart.
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral(
        "INSERT INTO buckets (tier, ts, series, n, min, sum, max) "
        "SELECT ?, (ts / ?) * ?, series, COUNT(*), MIN(value), SUM(value), MAX(value) "
        "FROM samples WHERE ts >= ? AND ts < ? GROUP BY 2, 3 "
        "ON CONFLICT (tier, ts, series) DO UPDATE SET n = n + excluded.n, min = MIN(min, excluded.min), "
        "sum = sum + excluded.sum, max = MAX(max, excluded.max)"));
    for (const qint64 v : {qint64(tier), stepMs, stepMs, from, until})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);
    q.prepare(QStringLiteral(
        "INSERT INTO bucket_processes (tier, ts, name, cpu) "
        "SELECT ?, (ts / ?) * ?, name, SUM(cpu) FROM sample_processes WHERE ts >= ? AND ts < ? GROUP BY 2, 3 "
        "ON CONFLICT (tier, ts, name) DO UPDATE SET cpu = cpu + excluded.cpu"));
    for (const qint64 v : {qint64(tier), stepMs, stepMs, from, until})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);
    m_rolledUntil[tier] = until;
    return setState(QString::fromLatin1(RolledKeys[tier]), until);
}

bool HistoryWriter::write(bool final)
{
    if (!ensureOpen())
        return false;
    QSqlDatabase &db = m_db.db();
    const auto rolledBefore = m_rolledUntil;
    const qint64 newestBefore = m_newestMs;
    if (!db.transaction()) {
        setFault(QStringLiteral("history: ") + m_db.describe(db.lastError()));
        return false;
    }
    bool ok = insertSamples();
    if (ok && m_newestMs >= 0) {
        // Complete minutes and hours; at a stop, the partial ones too.
        ok = rollUp(1, MinuteMs, final ? m_newestMs + 1 : bucketStart(m_newestMs, MinuteMs))
             && rollUp(2, HourMs, final ? m_newestMs + 1 : bucketStart(m_newestMs, HourMs));
    }
    if (ok && !db.commit()) {
        setFault(QStringLiteral("history: ") + m_db.describe(db.lastError()));
        db.rollback();
        ok = false;
    }
    if (!ok) {
        m_rolledUntil = rolledBefore;
        m_newestMs = newestBefore;
        return false;
    }
    m_pending.clear();
    emit stored();
    if (m_newestMs - m_lastMaintenanceMs >= MinuteMs || final) {
        m_lastMaintenanceMs = m_newestMs;
        if (!applyRetention() || !enforceBudget())
            return false;
    }
    setFault(m_clockBehindMs > 0 ? QStringLiteral("history: the clock is %1 s behind the newest stored sample; "
                                                  "recording resumes when it catches up")
                                       .arg(m_clockBehindMs / 1000)
                                 : QString());
    return true;
}

bool HistoryWriter::applyRetention()
{
    if (m_newestMs < 0)
        return true;
    // Raw samples go only once both tiers have them.
    const qint64 rawCut = qMin(m_newestMs - m_retention.rawMs, qMin(m_rolledUntil[1], m_rolledUntil[2]));
    QSqlQuery q(m_db.db());
    for (const QString &table : {QStringLiteral("samples"), QStringLiteral("sample_processes")}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE ts < ?").arg(table));
        q.addBindValue(rawCut);
        if (!q.exec())
            return fail(q);
    }
    for (const auto &[tier, keep] : {std::pair{1, m_retention.minuteMs}, std::pair{2, m_retention.hourMs}}) {
        for (const QString &table : {QStringLiteral("buckets"), QStringLiteral("bucket_processes")}) {
            q.prepare(QStringLiteral("DELETE FROM %1 WHERE tier = ? AND ts < ?").arg(table));
            q.addBindValue(tier);
            q.addBindValue(m_newestMs - keep);
            if (!q.exec())
                return fail(q);
        }
    }
    return pruneProcesses(1, MinuteMs) && pruneProcesses(2, HourMs);
}

bool HistoryWriter::pruneProcesses(int tier, qint64 stepMs)
{
    // A bucket collects every name that was in one of its samples' top lists; once complete it
    // keeps its own top ones only.
    const QString key = QString::fromLatin1(PrunedKeys[tier]);
    const qint64 from = stateValue(key, 0);
    const qint64 until = bucketStart(m_rolledUntil[tier], stepMs); // buckets that can grow no more
    if (until <= from)
        return true;
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral(
        "DELETE FROM bucket_processes WHERE tier = ? AND ts >= ? AND ts < ? AND (ts, name) IN ("
        " SELECT ts, name FROM (SELECT ts, name, ROW_NUMBER() OVER (PARTITION BY ts ORDER BY cpu DESC) AS r"
        " FROM bucket_processes WHERE tier = ? AND ts >= ? AND ts < ?) WHERE r > ?)"));
    for (const qint64 v : {qint64(tier), from, until, qint64(tier), from, until, qint64(TopProcesses)})
        q.addBindValue(v);
    if (!q.exec())
        return fail(q);
    return setState(key, until);
}

qint64 HistoryWriter::usedBytes()
{
    QSqlQuery q(m_db.db());
    qint64 pages = 0, free = 0, size = 4096;
    if (q.exec(QStringLiteral("PRAGMA page_count")) && q.next())
        pages = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA freelist_count")) && q.next())
        free = q.value(0).toLongLong();
    if (q.exec(QStringLiteral("PRAGMA page_size")) && q.next())
        size = q.value(0).toLongLong();
    return (pages - free) * size;
}

bool HistoryWriter::enforceBudget()
{
    QSqlQuery q(m_db.db());
    bool said = false;
    for (int round = 0; round < MaxBudgetRounds; ++round) {
        const qint64 used = usedBytes();
        if (used <= m_retention.maxBytes)
            break;
        // Oldest first, from the tier that takes the most room: the coarser tiers still cover that time.
        std::array<qint64, 3> rows{};
        if (q.exec(QStringLiteral("SELECT COUNT(*) FROM samples")) && q.next())
            rows[0] = q.value(0).toLongLong();
        if (q.exec(QStringLiteral("SELECT tier, COUNT(*) FROM buckets GROUP BY tier")))
            while (q.next())
                rows[qBound(1, q.value(0).toInt(), 2)] = q.value(1).toLongLong();
        const int tier = int(std::max_element(rows.begin(), rows.end()) - rows.begin());
        const qint64 total = rows[0] + rows[1] + rows[2];
        if (rows[tier] == 0)
            break;
        // As many rows as the excess takes at the average row size, and a little more; at most
        // half of the tier at a time, so that another may be the largest next round.
        const double perRow = double(used) / double(total);
        const qint64 drop = qBound<qint64>(1, qint64(double(used - m_retention.maxBytes) / perRow * 1.05) + 1,
                                           qMax<qint64>(1, rows[tier] / 2));
        const QString table = tier == 0 ? QStringLiteral("samples") : QStringLiteral("buckets");
        const QString where = tier == 0 ? QString() : QStringLiteral(" WHERE tier = %1").arg(tier);
        q.prepare(QStringLiteral("SELECT ts FROM %1%2 ORDER BY ts LIMIT 1 OFFSET ?").arg(table, where));
        q.addBindValue(drop);
        if (!q.exec())
            return fail(q);
        qint64 cut = q.next() ? q.value(0).toLongLong() : m_newestMs + 1;
        if (tier == 0)
            cut = qMin(cut, qMin(m_rolledUntil[1], m_rolledUntil[2])); // never what is not rolled up yet
        q.prepare(QStringLiteral("DELETE FROM %1%2 ts < ?")
                      .arg(table, where.isEmpty() ? QStringLiteral(" WHERE") : where + QStringLiteral(" AND")));
        q.addBindValue(cut);
        if (!q.exec())
            return fail(q);
        const int deleted = q.numRowsAffected();
        q.prepare(QStringLiteral("DELETE FROM %1%2 ts < ?")
                      .arg(tier == 0 ? QStringLiteral("sample_processes") : QStringLiteral("bucket_processes"),
                           where.isEmpty() ? QStringLiteral(" WHERE") : where + QStringLiteral(" AND")));
        q.addBindValue(cut);
        if (!q.exec())
            return fail(q);
        if (deleted <= 0)
            break;
        if (!said && (!m_budgetSaid.isValid() || m_budgetSaid.elapsed() > 3600 * 1000)) {
            said = true;
            m_budgetSaid.start(); // once an hour: a full budget is the normal state of a long run
            qCInfo(lcStorage) << "history over its budget of" << m_retention.maxBytes / (1024 * 1024)
                              << "MiB: dropping the oldest data of the"
                              << (tier == 0 ? "raw" : tier == 1 ? "1-minute" : "1-hour") << "tier";
        }
        // Gives the freed pages back to the file system; one page per step.
        if (q.exec(QStringLiteral("PRAGMA incremental_vacuum")))
            while (q.next()) {
            }
    }
    return true;
}

} // namespace ziggie::storage
