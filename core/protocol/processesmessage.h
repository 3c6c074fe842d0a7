#pragma once
// Which processes use the machine, on the wire: the "processes" object a subscribed frame
// carries (the top 5 by CPU and by memory) and the /api/system/processes answer (the top 10).
// Names are served only where credentials allow it; these functions only write them.

#include "sample.h"

#include <QByteArray>

namespace ziggie::message {

inline constexpr int FrameProcesses = 5; // per list in a system_stats frame
inline constexpr int RestProcesses = 10; // per list in /api/system/processes

// ,"processes":{"count":312,"top_cpu":[{"pid":4711,"name":"cc1plus","cpu":71.2,"rss_mb":412.5},…],
// "top_memory":[…]} — nothing when the sample has no process table.
void appendProcesses(QByteArray &out, const Sample &sample, int perList);
// {"type":"processes","timestamp":…,"count":…,"top_cpu":[…],"top_memory":[…]}
QByteArray processes(const Sample &sample);

} // namespace ziggie::message
