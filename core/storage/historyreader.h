#pragma once
// Answers range queries from the history file on a thread of its own, with a read-only
// connection (WAL lets it read while the writer writes), so that no query ever holds up a tick.

#include "historydatabase.h"
#include "rangeanswer.h"
#include "rangerequest.h"
#include "tierplan.h"

#include <QHash>
#include <QObject>

namespace ziggie::storage {

class HistoryReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryReader)

public:
    explicit HistoryReader(QString path, QObject *parent = nullptr);
    ~HistoryReader() override;

    // Both on the reader's thread. `nowMs` is the end when the request names none; `rawStepMs`
    // the sampling interval.
    RangeAnswer answer(const RangeRequest &request, qint64 nowMs, qint64 rawStepMs);
    void reopen(); // the writer replaced the file

private:
    bool ensureOpen();
    void loadSeries();
    void addProcesses(RangeAnswer &answer, const TierPlan &plan, qint64 first);

    QString m_path;
    HistoryDatabase m_db;
    QHash<int, int> m_column;  // series id -> index into m_names
    QList<QByteArray> m_names; // in the order of a system_stats message
};

} // namespace ziggie::storage
