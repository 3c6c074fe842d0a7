#include "tickframes.h"

#include "statsmessage.h"
#include "websocket/wsframe.h"

namespace ziggie {

QByteArray TickFrames::frame(quint32 metrics) const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_frames.find(metrics);
    if (it == m_frames.end())
        it = m_frames.insert(metrics, ws::frame(ws::Text, message::systemStats(m_sample, quint8(metrics))));
    return it.value(); // shared, not copied
}

} // namespace ziggie
