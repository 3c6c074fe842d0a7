#pragma once
// One tick's frames: the sample, and the system_stats frame of each subscription set built the
// first time a client with that set is served — once per set per tick, however many clients and
// however many fan-out threads ask. Immutable but for that cache, which a mutex guards.

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
    // The whole WebSocket frame for clients subscribed to `metrics`.
    QByteArray frame(quint32 metrics) const;

private:
    Sample m_sample;
    mutable std::mutex m_mutex;
    mutable QHash<quint32, QByteArray> m_frames;
};

} // namespace ziggie
