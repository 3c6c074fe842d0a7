#include "historydatabase.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

namespace ziggie::storage {

namespace {

constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADatabase = 26;

// Each step takes the file from version i to i + 1; nothing already stored is rewritten.
const char *const Migrations[] = {
    // 1: series by name; raw samples; per tier buckets of count, min, sum (exact to merge; the
    // average is sum / n) and max; rollup watermarks.
    "CREATE TABLE series (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE samples (ts INTEGER NOT NULL, series INTEGER NOT NULL, value INTEGER NOT NULL,"
    " PRIMARY KEY (ts, series)) WITHOUT ROWID;"
    "CREATE TABLE buckets (tier INTEGER NOT NULL, ts INTEGER NOT NULL, series INTEGER NOT NULL,"
    " n INTEGER NOT NULL, min INTEGER NOT NULL, sum INTEGER NOT NULL, max INTEGER NOT NULL,"
    " PRIMARY KEY (tier, ts, series)) WITHOUT ROWID;"
    "CREATE TABLE state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);",
    // 2: the processes with the most CPU time: per raw sample its top 5 (hundredths of a percent
    // of one CPU), per bucket the sum of those over its samples (the average is sum / n).
    "CREATE TABLE process_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE sample_processes (ts INTEGER NOT NULL, name INTEGER NOT NULL, cpu INTEGER NOT NULL,"
    " PRIMARY KEY (ts, name)) WITHOUT ROWID;"
    "CREATE TABLE bucket_processes (tier INTEGER NOT NULL, ts INTEGER NOT NULL, name INTEGER NOT NULL,"
    " cpu INTEGER NOT NULL, PRIMARY KEY (tier, ts, name)) WITHOUT ROWID;",
};
static_assert(std::size(Migrations) == HistoryDatabase::SchemaVersion);

} // namespace

HistoryDatabase::HistoryDatabase(QString connectionName)
    : m_name(std::move(connectionName))
{
}

HistoryDatabase::~HistoryDatabase()
{
    close();
}

void HistoryDatabase::close()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
}

bool HistoryDatabase::isCorruption(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == SqliteCorrupt || code == SqliteNotADatabase;
}

QString HistoryDatabase::describe(const QSqlError &error) const
{
    const QString why = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(m_path), why);
}

bool HistoryDatabase::exec(const char *sql, QString *error)
{
    QSqlQuery q(m_db);
    for (const QString &statement : QString::fromLatin1(sql).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (statement.trimmed().isEmpty())
            continue;
        if (!q.exec(statement)) {
            if (error)
                *error = describe(q.lastError());
            return false;
        }
    }
    return true;
}

bool HistoryDatabase::connect(const QString &path, Mode mode, QString *error)
{
    close();
    m_path = path;
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(mode == Mode::Read ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000")
                                              : QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
    if (!m_db.open()) {
        if (error)
            *error = describe(m_db.lastError());
        return false;
    }
    return true;
}

bool HistoryDatabase::migrate(QString *error)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        if (error)
            *error = describe(q.lastError());
        return false;
    }
    const int version = q.value(0).toInt();
    q.finish();
    if (version > SchemaVersion) {
        if (error)
            *error = QStringLiteral("%1 was written by a newer Ziggie (schema %2; this one knows %3); not touching it")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(version)
                         .arg(SchemaVersion);
        return false;
    }
    for (int v = version; v < SchemaVersion; ++v) {
        if (!exec("BEGIN", error) || !exec(Migrations[v], error)
            || !exec(QStringLiteral("PRAGMA user_version = %1").arg(v + 1).toLatin1().constData(), error)
            || !exec("COMMIT", error)) {
            exec("ROLLBACK", nullptr);
            return false;
        }
    }
    return true;
}

bool HistoryDatabase::open(const QString &path, Mode mode, QString *error, QString *movedAside)
{
    if (mode == Mode::Read) {
        if (!QFileInfo::exists(path)) {
            if (error)
                *error = QStringLiteral("%1 does not exist yet").arg(QDir::toNativeSeparators(path));
            return false;
        }
        return connect(path, mode, error);
    }

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool fresh = !QFileInfo::exists(path);
        QString why;
        QSqlError failure;
        bool damaged = false;
        // One pragma; its first value, or nothing with `failure` set.
        const auto run = [&](const QString &sql) -> std::optional<QString> {
            QSqlQuery q(m_db);
            if (!q.exec(sql)) {
                failure = q.lastError();
                return std::nullopt;
            }
            return q.next() ? q.value(0).toString() : QString();
        };
        bool ok = connect(path, mode, &why);
        if (ok && fresh)
            ok = run(QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL")).has_value(); // only before any table
        if (ok)
            ok = run(QStringLiteral("PRAGMA journal_mode = WAL")) == QStringLiteral("wal");
        if (ok) // WAL: a crash (not a power cut) loses no commit without an fsync per commit
            ok = run(QStringLiteral("PRAGMA synchronous = NORMAL")) && run(QStringLiteral("PRAGMA cache_size = -1024"));
        if (ok) {
            const auto check = run(QStringLiteral("PRAGMA quick_check(1)"));
            damaged = check && *check != QLatin1String("ok");
            ok = check && !damaged;
        }
        if (ok && migrate(&why))
            return true;
        if (why.isEmpty())
            why = damaged ? QStringLiteral("%1 is damaged").arg(QDir::toNativeSeparators(path)) : describe(failure);
        close();
        if (!(damaged || isCorruption(failure)) || attempt > 0) {
            if (error)
                *error = why;
            return false;
        }
        // Not a database, or a damaged one: keep it for whoever wants to look, start anew.
        const QString aside =
            path + QStringLiteral(".corrupt-") + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            if (QFileInfo::exists(path + suffix))
                QFile::rename(path + suffix, aside + suffix);
        if (movedAside)
            *movedAside = aside;
    }
    return false;
}

} // namespace ziggie::storage
