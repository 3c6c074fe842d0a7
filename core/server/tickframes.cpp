#include "tickframes.h"

#include "statsmessage.h"
#include "websocket/wsframe.h"

namespace ziggie {

QByteArray TickFrames::frame(MetricSet metrics, ExtraSet extras) const
{
    const int k = key(metrics, extras);
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_frames.find(k);
    if (it == m_frames.end())
        it = m_frames.insert(k, ws::frame(ws::Text, message::systemStats(m_sample, metrics, extras)));
    return it.value(); // shared, not copied
}

} // namespace ziggie
