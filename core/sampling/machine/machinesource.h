#pragma once
// Where MachineReader gets its raw counters. makeOsMachineSource() asks this operating system
// (machinesource_linux.cpp, _windows.cpp, _macos.cpp, chosen by CMake); tests substitute their
// own source to inject counters, resets and failures.

#include "machinetypes.h"

#include <memory>
#include <string>

namespace ziggie::machine {

class MachineSource
{
public:
    virtual ~MachineSource() = default;
    // One reading of every counter, taken as close together as the OS allows.
    virtual MachineCounters read() = 0;
};

struct OsSourceOptions
{
    // Linux only (ignored elsewhere): where procfs and sysfs are mounted, for tests and for
    // reading a host's from inside a container (/host/proc, /host/sys).
    std::string procRoot = "/proc";
    std::string sysRoot = "/sys";
};

std::unique_ptr<MachineSource> makeOsMachineSource(const OsSourceOptions &options = {});

} // namespace ziggie::machine
