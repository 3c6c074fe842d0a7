#include "historystore.h"

#include "historyreader.h"
#include "historywriter.h"

#include <QDateTime>
#include <QThread>

namespace ziggie::storage {

HistoryStore::HistoryStore(const QString &path, const Retention &retention, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_writerThread(new QThread(this))
    , m_readerThread(new QThread(this))
    , m_writer(new HistoryWriter(path, retention))
    , m_reader(new HistoryReader(path))
{
    m_writerThread->setObjectName(QStringLiteral("history writer"));
    m_readerThread->setObjectName(QStringLiteral("history reader"));
    m_writer->moveToThread(m_writerThread);
    m_reader->moveToThread(m_readerThread);
    connect(m_writer, &HistoryWriter::faultChanged, this, [this](const QString &fault) {
        m_fault = fault;
        emit faultChanged(fault);
    });
    connect(m_writer, &HistoryWriter::fileReplaced, m_reader, &HistoryReader::reopen);
}

HistoryStore::~HistoryStore()
{
    stop();
    delete m_writer; // their threads have ended: nothing else touches them
    delete m_reader;
}

void HistoryStore::start()
{
    if (m_running)
        return;
    m_running = true;
    m_writerThread->start(QThread::LowPriority);
    m_readerThread->start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_writer, &HistoryWriter::start, Qt::QueuedConnection);
}

void HistoryStore::record(const Sample &sample)
{
    m_answered.clear(); // a new tick: answers ending "now" are out of date
    if (m_running)
        QMetaObject::invokeMethod(m_writer, [writer = m_writer, sample] { writer->record(sample); },
                                  Qt::QueuedConnection);
}

void HistoryStore::flush()
{
    if (m_running)
        QMetaObject::invokeMethod(m_writer, &HistoryWriter::flush, Qt::BlockingQueuedConnection);
}

void HistoryStore::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QMetaObject::invokeMethod(m_writer, &HistoryWriter::finish, Qt::BlockingQueuedConnection);
    m_writerThread->quit();
    m_readerThread->quit();
    m_writerThread->wait();
    m_readerThread->wait();
}

void HistoryStore::queryAnswer(const RangeRequest &request, const QObject *context,
                               std::function<void(const RangeAnswer &)> answer)
{
    if (!m_running)
        return;
    const qint64 now = m_clock();
    QMetaObject::invokeMethod(m_reader, [this, reader = m_reader, request, now, step = m_rawStepMs,
                                         context = QPointer<const QObject>(context), answer = std::move(answer)] {
        RangeAnswer a = reader->answer(request, now, step);
        QMetaObject::invokeMethod(this, [context, answer, a = std::move(a)] {
            if (context)
                answer(a);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void HistoryStore::query(const RangeRequest &request, Format format, const QObject *context, Answer answer)
{
    const QByteArray key = QByteArray::number(request.rangeMs) + '|'
                           + (request.endMs ? QByteArray::number(*request.endMs) : QByteArray("now")) + '|'
                           + QByteArray::number(request.points) + (request.withProcesses ? "|p" : "")
                           + (format == Format::Csv ? "|csv" : "|json");
    if (const auto it = m_answered.constFind(key); it != m_answered.cend()) {
        QMetaObject::invokeMethod(this, [context = QPointer<const QObject>(context), answer, body = it.value()] {
            if (context)
                answer(body);
        }, Qt::QueuedConnection);
        return;
    }
    auto &waiting = m_inFlight[key];
    waiting.push_back({context, std::move(answer)});
    if (waiting.size() > 1 || !m_running)
        return; // asked already: one query answers all
    const qint64 now = m_clock();
    QMetaObject::invokeMethod(m_reader, [this, reader = m_reader, request, now, step = m_rawStepMs, format, key] {
        const RangeAnswer a = reader->answer(request, now, step);
        QByteArray body = format == Format::Csv ? historyRangeCsv(a) : historyRangeMessage(a);
        QMetaObject::invokeMethod(this, [this, key, body = std::move(body)] {
            m_answered.insert(key, body);
            for (const Waiting &w : m_inFlight.take(key))
                if (w.context)
                    w.answer(body);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

} // namespace ziggie::storage
