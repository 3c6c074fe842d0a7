#pragma once
// Durable history, as the rest of the program sees it: record() each sample, ask for ranges,
// hear about faults. Writing and answering happen on two threads of their own, so neither a
// slow disk nor a heavy query ever holds up a tick; stop() writes everything before it returns.
// Identical questions asked within one tick (many dashboards opening at once) cost one query.

#include "rangeanswer.h"
#include "rangesource.h"
#include "sample.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

class QThread;

namespace ziggie::storage {

class HistoryReader;
class HistoryWriter;
struct Retention;

class HistoryStore final : public QObject, public RangeSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryStore)

public:
    using Clock = std::function<qint64()>; // UTC milliseconds

    HistoryStore(const QString &path, const Retention &retention, QObject *parent = nullptr);
    ~HistoryStore() override; // stops

    QString path() const { return m_path; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setRawStepMs(int ms) { m_rawStepMs = ms; }

    void start();
    void record(const ziggie::Sample &sample);
    // Everything recorded so far is in the file when this returns; the file is closed.
    void stop();
    // Makes the writer write what waits now (tests; the writer does this every 2 s).
    void flush();

    // The answer reaches `answer` on this thread, unless `context` is gone by then.
    void query(const RangeRequest &request, Format format, const QObject *context, Answer answer) override;
    // The same as data, for the chart window.
    void queryAnswer(const RangeRequest &request, const QObject *context,
                     std::function<void(const RangeAnswer &)> answer);

    QString fault() const { return m_fault; }

signals:
    void faultChanged(const QString &fault);

private:
    struct Waiting
    {
        QPointer<const QObject> context;
        Answer answer;
    };

    QString m_path;
    Clock m_clock;
    int m_rawStepMs = 2000;
    QThread *m_writerThread;
    QThread *m_readerThread;
    HistoryWriter *m_writer;
    HistoryReader *m_reader;
    QString m_fault;
    bool m_running = false;
    QHash<QByteArray, std::vector<Waiting>> m_inFlight; // one query per distinct question
    QHash<QByteArray, QByteArray> m_answered;           // answers of this tick, by question
};

} // namespace ziggie::storage
