#pragma once
// Records samples into the history file, on its own thread: raw samples in batches (a
// transaction every FlushMs, so a crash loses at most that), the 1-minute and 1-hour buckets
// rolled up from them as each minute and hour completes, retention per tier and the size budget.
// One writer per file: a second process finds the lock taken and only reads. Faults — a folder
// it cannot write, a full disk — are reported and retried; the samples of a short outage wait
// in memory.

#include "historydatabase.h"
#include "sample.h"

#include <QElapsedTimer>
#include <QHash>
#include <QLockFile>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class QSqlQuery;

namespace ziggie::storage {

struct Retention
{
    qint64 rawMs = 24LL * 3600 * 1000;
    qint64 minuteMs = 90LL * 24 * 3600 * 1000;
    qint64 hourMs = 5LL * 365 * 24 * 3600 * 1000;
    qint64 maxBytes = 64LL * 1024 * 1024;
    bool operator==(const Retention &) const = default;
};

class HistoryWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryWriter)

public:
    static constexpr int FlushMs = 2000;
    static constexpr int RetryMs = 10 * 1000;
    static constexpr int MaxPending = 20000; // samples kept through an outage (over 10 min at 0.1 s)
    static constexpr int TopProcesses = 5;    // kept per sample and per bucket

    HistoryWriter(QString path, Retention retention, QObject *parent = nullptr);
    ~HistoryWriter() override;

    // All run on the writer's thread (queued from the store).
    void start();
    void record(const ziggie::Sample &sample);
    // Writes everything, partial minute and hour included, and closes the file.
    void finish();
    // Writes what is waiting now (the timer does this every FlushMs).
    void flush();

    bool isWriter() const { return m_lock && m_lock->isLocked(); }

signals:
    void faultChanged(const QString &fault); // empty once fine again
    void stored();                           // new data is in the file
    void fileReplaced();                     // a corrupt file was moved aside: readers reopen

private:
    bool ensureOpen();
    bool write(bool final);
    bool insertSamples();
    bool rollUp(int tier, qint64 stepMs, qint64 until);
    bool applyRetention();
    bool enforceBudget();
    qint64 usedBytes();
    std::optional<int> seriesId(const QByteArray &name);
    std::optional<int> processId(const QString &name);
    bool insertProcesses(qint64 ts, const Sample &sample, QSqlQuery &insert);
    bool pruneProcesses(int tier, qint64 stepMs);
    qint64 stateValue(const QString &key, qint64 fallback);
    bool setState(const QString &key, qint64 value);
    void setFault(const QString &fault);
    bool fail(const QSqlQuery &query);

    QString m_path;
    Retention m_retention;
    std::unique_ptr<QLockFile> m_lock;
    HistoryDatabase m_db;
    QTimer m_flush;
    QTimer m_retry;
    QElapsedTimer m_budgetSaid;
    std::vector<Sample> m_pending;
    QHash<QByteArray, int> m_series;
    QHash<QString, int> m_processNames;
    qint64 m_newestMs = -1;        // newest stored sample
    std::array<qint64, 3> m_rolledUntil{}; // per tier: raw samples before this are in its buckets
    qint64 m_lastMaintenanceMs = -1;
    qint64 m_clockBehindMs = 0;    // set while samples older than the newest stored are dropped
    QString m_fault;
    QString m_openError;
};

} // namespace ziggie::storage
