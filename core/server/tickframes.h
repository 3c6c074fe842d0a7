#pragma once
// One tick's frames: the sample, and the system_stats frame of each subscription (a MetricSet
// and an ExtraSet) built the first time a client with it is served: once per subscription per
// tick, however many clients and however many fan-out threads ask. Immutable but for that
// cache, which a mutex guards.

#include "extra.h"
#include "metricset.h"
#include "sample.h"

#include <QByteArray>
#include <QHash>

#include <mutex>

namespace ziggie {

class TickFrames
{
public:
    explicit TickFrames(Sample sample)
        : m_sample(std::move(sample))
    {
    }
    TickFrames(const TickFrames &) = delete;
    TickFrames &operator=(const TickFrames &) = delete;

    const Sample &sample() const { return m_sample; }
    // One number per subscription, the same the Qt path indexes its frames by.
    static int key(MetricSet metrics, ExtraSet extras) { return extras.index() * MetricSet::Count + metrics.index(); }
    // The whole WebSocket frame for clients subscribed to `metrics` and `extras`.
    QByteArray frame(MetricSet metrics, ExtraSet extras) const;

private:
    Sample m_sample;
    mutable std::mutex m_mutex;
    mutable QHash<int, QByteArray> m_frames; // by key()
};

} // namespace ziggie
