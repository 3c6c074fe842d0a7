// The history store on real SQLite files: roll-ups equal to what the samples say, retention and
// the size budget taking the oldest first, restarts, a clock going back, damaged files, a second
// process on the same file, and places it cannot write. Time is the samples' own timestamps.
#include "historystore.h"
#include "historywriter.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <map>

using namespace ziggie;
using namespace ziggie::storage;

namespace {

constexpr qint64 T0 = 1'767'225'600'000; // 2026-01-01T00:00:00Z, an hour boundary
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 3'600'000;
constexpr qint64 Day = 24 * Hour;

// A CPU reading that moves like a real one, with two decimals, from the sample's index.
double cpuAt(qint64 i)
{
    return std::round(std::fmod(double(i) * 37.77 + 13.1 * std::sin(double(i) / 7.0), 100.0) * 100.0) / 100.0;
}

Sample sampleAt(qint64 ms, double cpu)
{
    Sample s;
    s.timestampUs = ms * 1000;
    s.cpuPercent = cpu;
    s.memoryPercent = 42.5;
    s.memoryTotal = 16ULL << 30;
    s.memoryUsed = 6ULL << 30;
    s.diskPercent = 10.0;
    s.diskTotal = 512ULL << 30;
    s.diskUsed = 51ULL << 30;
    return s;
}

struct Expected
{
    qint64 n = 0;
    double min = 1e9, max = -1e9, sum = 0;
};

// The buckets of `step` computed straight from (time, value) pairs.
std::map<qint64, Expected> bucketsOf(const QList<QPair<qint64, double>> &values, qint64 step)
{
    std::map<qint64, Expected> out;
    for (const auto &[ms, v] : values) {
        Expected &e = out[ms / step * step];
        ++e.n;
        e.min = std::min(e.min, v);
        e.max = std::max(e.max, v);
        e.sum += v;
    }
    return out;
}

QByteArray answerOf(HistoryStore &store, const RangeRequest &request, RangeSource::Format format)
{
    QByteArray body;
    QEventLoop loop;
    QObject context;
    store.query(request, format, &context, [&](const QByteArray &b) {
        body = b;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    return body;
}

QJsonObject ask(HistoryStore &store, const QByteArray &range, qint64 endMs, int points, bool withProcesses = false)
{
    QString error;
    auto request = parseRangeRequest(range, {}, QByteArray::number(points), &error);
    request->endMs = endMs;
    request->withProcesses = withProcesses;
    return QJsonDocument::fromJson(answerOf(store, *request, RangeSource::Format::Message)).object();
}

Retention shortRetention()
{
    Retention r;
    r.rawMs = Hour;
    r.minuteMs = 6 * Hour;
    r.hourMs = 48 * Hour;
    return r;
}

// Opens the file beside the store, as a person with sqlite3 would look at it.
struct Peek
{
    explicit Peek(const QString &path)
        : db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek")))
    {
        db.setDatabaseName(path);
        db.open();
    }
    ~Peek()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    }
    qint64 one(const QString &sql) { return text(sql).toLongLong(); }
    QString text(const QString &sql)
    {
        QSqlQuery q(db);
        return q.exec(sql) && q.next() ? q.value(0).toString() : QStringLiteral("-1");
    }
    QSqlDatabase db;
};

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char *name = "history.sqlite") const { return m_dir.filePath(QLatin1String(name)); }

private slots:
    void anEmptyHistoryStillNamesItsColumns()
    {
        HistoryStore store(path("empty.sqlite"), shortRetention());
        store.start();
        QString error;
        const QByteArray csv = answerOf(store, *parseRangeRequest("1m", {}, {}, &error), RangeSource::Format::Csv);
        QVERIFY2(csv.startsWith("timestamp,n,cpu.usage.min,cpu.usage.avg,cpu.usage.max,"), csv.constData());
        QCOMPARE(csv.count('\n'), 1); // the header, no rows
    }

    void rollUpsEqualTheSamples()
    {
        HistoryStore store(path("rollup.sqlite"), Retention());
        store.start();
        QList<QPair<qint64, double>> cpu;
        // Three hours and a bit at 2 s, starting 17 s into the first minute.
        for (qint64 i = 0; i < 3 * 1800 + 40; ++i) {
            const qint64 ms = T0 + 17'000 + i * 2000;
            cpu.append({ms, cpuAt(i)});
            store.record(sampleAt(ms, cpuAt(i)));
        }
        store.flush();

        // (A failure inside returns from the lambda only; the count after it then fails too.)
        const auto check = [&](const QJsonObject &answer, qint64 step, qint64 from, qint64 to, int &compared) {
            const auto expected = bucketsOf(cpu, step);
            compared = 0;
            for (const QJsonValue &v : answer.value(QLatin1String("points")).toArray()) {
                const QJsonObject p = v.toObject();
                const qint64 start = QDateTime::fromString(p.value(QLatin1String("timestamp")).toString(),
                                                           Qt::ISODateWithMs).toMSecsSinceEpoch();
                if (start < from || start + step > to)
                    continue;
                const QJsonObject usage = p.value(QLatin1String("cpu")).toObject().value(QLatin1String("usage")).toObject();
                const Expected &e = expected.at(start);
                QCOMPARE(qint64(p.value(QLatin1String("n")).toInteger()), e.n);
                QCOMPARE(usage.value(QLatin1String("min")).toDouble(), e.min);
                QCOMPARE(usage.value(QLatin1String("max")).toDouble(), e.max);
                QVERIFY2(std::abs(usage.value(QLatin1String("avg")).toDouble() - e.sum / double(e.n)) <= 0.0051,
                         qPrintable(QString::number(start)));
                ++compared;
            }
        };
        int compared = 0;
        // Minute tier: two complete hours in 120 points.
        QJsonObject minutes = ask(store, "2h", T0 + 2 * Hour, 120);
        QCOMPARE(minutes.value(QLatin1String("step_s")).toInt(), 60);
        check(minutes, Minute, T0 + Minute, T0 + 2 * Hour, compared);
        QCOMPARE(compared, 119);
        // Hour tier: the two complete hours.
        QJsonObject hours = ask(store, "3h", T0 + 3 * Hour, 3);
        QCOMPARE(hours.value(QLatin1String("step_s")).toInt(), 3600);
        check(hours, Hour, T0 + Hour, T0 + 3 * Hour, compared);
        QCOMPARE(compared, 2);
        // Raw: each sample as it was.
        QJsonObject raw = ask(store, "10m", T0 + 3 * Hour, 600);
        QCOMPARE(raw.value(QLatin1String("step_s")).toInt(), 2);
        QCOMPARE(raw.value(QLatin1String("points")).toArray().size(), 300);
        const QJsonObject last = raw.value(QLatin1String("points")).toArray().last().toObject();
        QCOMPARE(last.value(QLatin1String("memory")).toObject().value(QLatin1String("total_gb")).toObject()
                     .value(QLatin1String("max")).toDouble(), 16.0);
    }

    void processesAreKeptWithEveryTier()
    {
        HistoryStore store(path("processes.sqlite"), Retention());
        store.start();
        // Two hours at 2 s: "cc1plus" busy in the first ten minutes of each hour, "make" always a
        // little, two "chrome" processes that count as one, and a sample now and then with none.
        std::map<qint64, std::map<QString, double>> perSample;
        for (qint64 i = 0; i < 3600; ++i) {
            const qint64 ms = T0 + i * 2000;
            auto table = std::make_shared<ProcessTable>();
            table->count = 200;
            if (i % 50 != 0) {
                if ((i % 1800) < 300)
                    table->topCpu.append({QStringLiteral("cc1plus"), 95.5 + double(i % 7), 400 << 20, 4711});
                table->topCpu.append({QStringLiteral("chrome"), 12.25, 300 << 20, 900});
                table->topCpu.append({QStringLiteral("chrome"), 3.5, 200 << 20, 901});
                table->topCpu.append({QStringLiteral("make"), 1.0 + double(i % 3), 10 << 20, 4700});
            }
            auto &names = perSample[ms]; // every sample counts, those with no process too
            for (const ProcessShare &p : table->topCpu)
                names[p.name] += p.cpuPercent;
            Sample s = sampleAt(ms, 50.0);
            s.processes = table;
            store.record(s);
        }
        store.stop();
        store.start();

        // The expected average percent per bucket: the sum over its samples, over its samples.
        const auto expected = [&](qint64 from, qint64 to, const QString &name) {
            double sum = 0;
            qint64 n = 0;
            for (const auto &[ms, names] : perSample) {
                if (ms < from || ms >= to)
                    continue;
                ++n;
                if (const auto it = names.find(name); it != names.end())
                    sum += std::round(it->second * 100.0) / 100.0;
            }
            return sum / double(n);
        };
        const auto topOf = [](const QJsonObject &point) {
            QMap<QString, double> out;
            for (const QJsonValue &v : point.value(QLatin1String("top_cpu")).toArray())
                out.insert(v.toObject().value(QLatin1String("name")).toString(), v.toObject().value(QLatin1String("cpu")).toDouble());
            return out;
        };
        const QJsonObject hours = ask(store, "2h", T0 + 2 * Hour, 2, true);
        const QJsonArray hourPoints = hours.value(QLatin1String("points")).toArray();
        QCOMPARE(hourPoints.size(), 2);
        for (int h = 0; h < 2; ++h) {
            const auto top = topOf(hourPoints[h].toObject());
            for (const QString &name : {QStringLiteral("cc1plus"), QStringLiteral("chrome"), QStringLiteral("make")})
                QVERIFY2(std::abs(top.value(name) - expected(T0 + h * Hour, T0 + (h + 1) * Hour, name)) <= 0.0051,
                         qPrintable(QStringLiteral("%1: %2 stored, %3 expected")
                                        .arg(name)
                                        .arg(top.value(name))
                                        .arg(expected(T0 + h * Hour, T0 + (h + 1) * Hour, name))));
        }
        // At 03 minutes past, a minute point names cc1plus first; at 30 past, chrome.
        const QJsonArray minutes = ask(store, "2h", T0 + 2 * Hour, 120, true).value(QLatin1String("points")).toArray();
        const auto firstName = [](const QJsonValue &point) {
            return point.toObject().value(QLatin1String("top_cpu")).toArray().first().toObject().value(QLatin1String("name")).toString();
        };
        QCOMPARE(firstName(minutes[3]), QStringLiteral("cc1plus"));
        QCOMPARE(firstName(minutes[30]), QStringLiteral("chrome"));
        QVERIFY(std::abs(topOf(minutes[30].toObject()).value(QStringLiteral("chrome"))
                         - expected(T0 + 30 * Minute, T0 + 31 * Minute, QStringLiteral("chrome"))) <= 0.0051);
        // A raw point is its sample's own list.
        const QJsonArray raw = ask(store, "1m", T0 + 61 * Minute, 600, true).value(QLatin1String("points")).toArray();
        QVERIFY(!raw.isEmpty());
        QCOMPARE(topOf(raw.last().toObject()).value(QStringLiteral("chrome")), 15.75);
        // Without asking for them (no token), no process name at all.
        const QJsonDocument plain(ask(store, "2h", T0 + 2 * Hour, 120, false));
        QVERIFY(!plain.toJson().contains("top_cpu"));
        QVERIFY(!plain.toJson().contains("cc1plus"));
    }

    void aFileOfTheFirstSchemaIsMigrated()
    {
        const QString file = path("schema1.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const char *sql :
                 {"CREATE TABLE series (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
                  "CREATE TABLE samples (ts INTEGER NOT NULL, series INTEGER NOT NULL, value INTEGER NOT NULL, "
                  "PRIMARY KEY (ts, series)) WITHOUT ROWID",
                  "CREATE TABLE buckets (tier INTEGER NOT NULL, ts INTEGER NOT NULL, series INTEGER NOT NULL, "
                  "n INTEGER NOT NULL, min INTEGER NOT NULL, sum INTEGER NOT NULL, max INTEGER NOT NULL, "
                  "PRIMARY KEY (tier, ts, series)) WITHOUT ROWID",
                  "CREATE TABLE state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                  "INSERT INTO series (id, name) VALUES (1, 'cpu.usage')",
                  "INSERT INTO samples VALUES (1767225600000, 1, 4242)", "PRAGMA user_version = 1"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), sql);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        HistoryStore store(file, Retention());
        store.start();
        store.record(sampleAt(T0 + 2000, 1.0));
        store.stop();
        Peek peek(file);
        QCOMPARE(peek.one(QStringLiteral("PRAGMA user_version")), qint64(2));
        QCOMPARE(peek.one(QStringLiteral("SELECT value FROM samples WHERE ts = 1767225600000")), qint64(4242));
        QCOMPARE(peek.one(QStringLiteral("SELECT COUNT(*) FROM process_names")), qint64(0));
    }

    void aGapStaysAGap()
    {
        HistoryStore store(path("gap.sqlite"), Retention());
        store.start();
        for (qint64 i = 0; i < 1200; ++i) // 20 minutes, 30 asleep, 20 more
            store.record(sampleAt(T0 + (i < 600 ? i : i + 900) * 2000, 5.0));
        store.stop();
        store.start();
        const QJsonArray points = ask(store, "70m", T0 + 70 * Minute, 70).value(QLatin1String("points")).toArray();
        QCOMPARE(points.size(), 40); // no point where no sample is
        QCOMPARE(points[19].toObject().value(QLatin1String("timestamp")).toString(), QStringLiteral("2026-01-01T00:19:00.000000Z"));
        QCOMPARE(points[20].toObject().value(QLatin1String("timestamp")).toString(), QStringLiteral("2026-01-01T00:50:00.000000Z"));
    }

    void stopAndRestartCompleteTheSameBucket()
    {
        const QString file = path("restart.sqlite");
        QList<QPair<qint64, double>> cpu;
        for (int run = 0; run < 2; ++run) {
            HistoryStore store(file, Retention());
            store.start();
            for (qint64 i = run * 15; i < (run + 1) * 15 + run * 30; ++i) {
                cpu.append({T0 + i * 2000, cpuAt(i)});
                store.record(sampleAt(T0 + i * 2000, cpuAt(i)));
            }
            store.stop(); // the partial minute is written at each stop
        }
        HistoryStore store(file, Retention());
        store.start();
        const QJsonArray points = ask(store, "2m", T0 + 2 * Minute, 2).value(QLatin1String("points")).toArray();
        QCOMPARE(points.size(), 2);
        const auto expected = bucketsOf(cpu, Minute);
        const QJsonObject first = points[0].toObject();
        QCOMPARE(qint64(first.value(QLatin1String("n")).toInteger()), qint64(30));
        const QJsonObject usage = first.value(QLatin1String("cpu")).toObject().value(QLatin1String("usage")).toObject();
        QCOMPARE(usage.value(QLatin1String("min")).toDouble(), expected.at(T0).min);
        QCOMPARE(usage.value(QLatin1String("max")).toDouble(), expected.at(T0).max);
        QVERIFY(std::abs(usage.value(QLatin1String("avg")).toDouble() - expected.at(T0).sum / 30) <= 0.0051);
        store.stop();
        Peek peek(file);
        QCOMPARE(peek.one(QStringLiteral("SELECT n FROM buckets WHERE tier = 2 AND series = 1")), qint64(60));
    }

    void retentionTakesTheOldestOfEachTier()
    {
        const QString file = path("retention.sqlite");
        {
            HistoryStore store(file, shortRetention());
            store.start();
            for (qint64 i = 0; i < 3 * 24 * 60; ++i) // three days, a sample a minute
                store.record(sampleAt(T0 + i * Minute + 500, 1.0));
            store.stop();
        }
        Peek peek(file);
        const qint64 newest = peek.one(QStringLiteral("SELECT MAX(ts) FROM samples"));
        QCOMPARE(newest, T0 + (3 * 24 * 60 - 1) * Minute + 500);
        const qint64 oldestRaw = peek.one(QStringLiteral("SELECT MIN(ts) FROM samples"));
        const qint64 oldestMinute = peek.one(QStringLiteral("SELECT MIN(ts) FROM buckets WHERE tier = 1"));
        const qint64 oldestHour = peek.one(QStringLiteral("SELECT MIN(ts) FROM buckets WHERE tier = 2"));
        QVERIFY(newest - oldestRaw <= Hour + Minute);
        QVERIFY(newest - oldestRaw >= Hour - 2 * Minute);
        QVERIFY(newest - oldestMinute <= 6 * Hour + Minute);
        QVERIFY(newest - oldestMinute >= 6 * Hour - 2 * Minute);
        QVERIFY(newest - oldestHour <= 48 * Hour + Hour);
        QVERIFY(newest - oldestHour >= 47 * Hour);
    }

    void theBudgetTakesTheOldestOfTheLargestTier()
    {
        const QString file = path("budget.sqlite");
        Retention r;
        r.maxBytes = 512 * 1024;
        {
            HistoryStore store(file, r);
            store.start();
            for (qint64 i = 0; i < 2 * 24 * 360; ++i) // two days at 10 s: far more than 512 KiB of raw samples
                store.record(sampleAt(T0 + i * 10'000, cpuAt(i)));
            store.stop();
        }
        Peek peek(file);
        const qint64 used = (peek.one(QStringLiteral("PRAGMA page_count")) - peek.one(QStringLiteral("PRAGMA freelist_count")))
                            * peek.one(QStringLiteral("PRAGMA page_size"));
        QVERIFY2(used <= r.maxBytes, qPrintable(QString::number(used)));
        const qint64 newest = peek.one(QStringLiteral("SELECT MAX(ts) FROM samples"));
        QCOMPARE(newest, T0 + (2 * 24 * 360 - 1) * 10'000);
        // What went was the oldest of the fine tiers, with no hole: each still holds one unbroken
        // run up to the newest; the hour tier, the smallest, still reaches back to the start.
        for (const auto &[table, step] : {std::pair{QStringLiteral("samples"), qint64(10'000)},
                                          std::pair{QStringLiteral("buckets WHERE tier = 1"), Minute}}) {
            const qint64 oldest = peek.one(QStringLiteral("SELECT MIN(ts) FROM ") + table);
            const qint64 rows = peek.one(QStringLiteral("SELECT COUNT(*) FROM ") + table);
            const qint64 latest = peek.one(QStringLiteral("SELECT MAX(ts) FROM ") + table);
            QVERIFY2(oldest > T0, qPrintable(table));
            QCOMPARE(rows, ((latest - oldest) / step + 1) * 7);
        }
        QCOMPARE(peek.one(QStringLiteral("SELECT MIN(ts) FROM buckets WHERE tier = 2")), T0);
    }

    void aClockGoingBackNeverOverwrites()
    {
        const QString file = path("clock.sqlite");
        HistoryStore store(file, Retention());
        QSignalSpy faults(&store, &HistoryStore::faultChanged);
        store.start();
        for (qint64 i = 0; i <= 50; ++i)
            store.record(sampleAt(T0 + i * 2000, 50.0));
        store.flush();
        for (qint64 i = 20; i < 30; ++i) // the clock was set back by 60 s
            store.record(sampleAt(T0 + i * 2000 + 1, 99.0));
        store.flush();
        QTRY_VERIFY(store.fault().contains(QLatin1String("behind")));
        store.record(sampleAt(T0 + 102'000, 7.0)); // and has caught up
        store.flush();
        QTRY_VERIFY(store.fault().isEmpty());
        store.stop();
        Peek peek(file);
        QCOMPARE(peek.one(QStringLiteral("SELECT COUNT(*) FROM samples WHERE series = 1")), qint64(52));
        QCOMPARE(peek.one(QStringLiteral("SELECT MAX(value) FROM samples WHERE series = 1")), qint64(5000));
        QVERIFY(faults.size() >= 2);
    }

    void aDamagedFileIsMovedAsideAndANewOneStarted()
    {
        const QString file = path("damaged.sqlite");
        QFile garbage(file);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, '\x5a'));
        garbage.close();
        HistoryStore store(file, Retention());
        store.start();
        store.record(sampleAt(T0, 12.0));
        store.flush();
        const QStringList aside = QDir(m_dir.path()).entryList({QStringLiteral("damaged.sqlite.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(QFileInfo(m_dir.filePath(aside.first())).size(), qint64(8192)); // kept as it was
        QVERIFY(store.fault().isEmpty());
        QCOMPARE(ask(store, "1m", T0 + Minute, 60).value(QLatin1String("points")).toArray().size(), 1);
    }

    void aSecondStoreOnTheFileOnlyReads()
    {
        const QString file = path("shared.sqlite");
        HistoryStore first(file, Retention());
        HistoryStore second(file, Retention());
        first.start();
        first.flush(); // the first has the file before the second comes
        second.start();
        for (qint64 i = 0; i < 30; ++i) {
            first.record(sampleAt(T0 + i * 2000, 10.0));
            second.record(sampleAt(T0 + i * 2000 + 700, 90.0));
        }
        first.flush();
        second.flush();
        QVERIFY(first.fault().isEmpty() && second.fault().isEmpty());
        // The second sees what the first wrote, and wrote nothing itself.
        const QJsonArray points = ask(second, "1m", T0 + Minute, 600).value(QLatin1String("points")).toArray();
        QCOMPARE(points.size(), 30);
        for (const QJsonValue &p : points)
            QCOMPARE(p.toObject().value(QLatin1String("cpu")).toObject().value(QLatin1String("usage")).toObject()
                         .value(QLatin1String("max")).toDouble(), 10.0);
    }

    void anUnwritablePlaceIsAFaultAndRecordingResumes()
    {
        // A file where the folder should be: nothing can be created there, not even by root.
        const QString blocker = m_dir.filePath(QStringLiteral("blocked"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const QString file = blocker + QStringLiteral("/history.sqlite");
        HistoryStore store(file, Retention());
        store.start();
        store.record(sampleAt(T0, 33.0));
        store.flush();
        QTRY_VERIFY(!store.fault().isEmpty());
        QVERIFY2(store.fault().contains(QLatin1String("blocked")), qPrintable(store.fault()));
        store.record(sampleAt(T0 + 2000, 34.0));
        QVERIFY(QFile::remove(blocker));
        QVERIFY(QDir().mkpath(blocker));
        store.flush();
        QTRY_VERIFY(store.fault().isEmpty());
        // What came during the outage waited in memory and is stored now.
        QCOMPARE(ask(store, "1m", T0 + Minute, 600).value(QLatin1String("points")).toArray().size(), 2);
    }

    void aFullDiskIsAFaultAndRecordingResumes()
    {
        const QString mount = m_dir.filePath(QStringLiteral("small"));
        QDir().mkpath(mount);
        if (QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                         QStringLiteral("size=160k"), QStringLiteral("tmpfs"), mount}) != 0)
            QSKIP("needs root to mount a small tmpfs");
        const auto unmount = qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {mount}); });
        {
            HistoryStore store(mount + QStringLiteral("/history.sqlite"), Retention());
            store.start();
            qint64 i = 0;
            for (int round = 0; round < 200 && store.fault().isEmpty(); ++round) {
                for (int k = 0; k < 100; ++k, ++i)
                    store.record(sampleAt(T0 + i * 2000, cpuAt(i)));
                store.flush();
                QCoreApplication::processEvents();
            }
            QTRY_VERIFY(!store.fault().isEmpty());
            QVERIFY2(store.fault().contains(QLatin1String("full")), qPrintable(store.fault()));
            QCOMPARE(QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,size=8m"), mount}), 0);
            store.record(sampleAt(T0 + i * 2000, 1.0));
            store.flush();
            QTRY_VERIFY(store.fault().isEmpty());
            store.stop();
        }
        Peek peek(mount + QStringLiteral("/history.sqlite"));
        QVERIFY(peek.one(QStringLiteral("SELECT COUNT(*) FROM samples")) > 0);
        QCOMPARE(peek.text(QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
