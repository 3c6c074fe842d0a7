#pragma once
// Where StatsSampler gets its raw numbers. OsSystemSource asks the operating system
// (sysreader.h); tests substitute their own source to inject values and faults.

#include "sysreader.h"

#include <memory>

namespace ziggie {

class SystemSource
{
public:
    virtual ~SystemSource() = default;
    virtual std::optional<sys::CpuTimes> cpuTimes(std::string &error) = 0;
    virtual std::optional<sys::MemoryInfo> memory(std::string &error) = 0;
    virtual std::optional<sys::DiskInfo> disk(const std::string &path, std::string &error) = 0;
};

class OsSystemSource final : public SystemSource
{
public:
    std::optional<sys::CpuTimes> cpuTimes(std::string &error) override { return sys::readCpuTimes(error); }
    std::optional<sys::MemoryInfo> memory(std::string &error) override { return sys::readMemory(error); }
    std::optional<sys::DiskInfo> disk(const std::string &path, std::string &error) override
    {
        return sys::readDisk(path, error);
    }
};

} // namespace ziggie
