#pragma once
// Pure parsers for Linux's /proc text, fed by tests with fixture files.

#include "sysreader.h"

#include <string_view>

namespace ziggie::sys {

// The aggregate "cpu " line of /proc/stat. Accepts 4 to 10+ columns (older kernels have
// fewer, newer ones may add more). Guest time is already inside user/nice, so it is not
// counted twice (as psutil does).
std::optional<CpuTimes> parseProcStat(std::string_view text);

// /proc/meminfo (values in kB). Without MemAvailable (kernels before 3.14) available is
// MemFree + Cached, psutil's fallback; used falls back to total - free when negative.
std::optional<MemoryInfo> parseMeminfo(std::string_view text);

// /proc/self/stat: CPU time (fields 14, 15, in clock ticks), virtual size (23, bytes) and
// resident set (24, pages). The name in parentheses may hold spaces and ')', so fields are
// counted from the last ')'.
std::optional<OwnProcess> parseOwnStat(std::string_view text, long ticksPerSecond, long pageSize);

} // namespace ziggie::sys
