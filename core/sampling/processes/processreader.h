#pragma once
// The operating system's process table, read in one pass per tick: one implementation
// per OS (processreader_linux.cpp, _windows.cpp, _macos.cpp), chosen by CMake. Plain C++,
// no Qt, so the Windows reader cross-compiles and runs under Wine in the tests.
//
// A reader only reports what the OS counts; ProcessScanner keeps what is needed between
// passes (previous CPU time per pid) and turns it into per-interval figures.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace ziggie::processes {

// One process as one pass sees it. Views are valid only during ProcessVisitor::process().
struct ProcessRecord
{
    std::uint32_t pid = 0;
    // With the pid, the process's identity: the same pid with another start time is a new
    // process (pid reuse). Any unit (clock ticks since boot, FILETIME); 0 where unknown.
    std::uint64_t startTime = 0;
    // User + system time since the process started, all threads, in
    // ProcessReader::cpuTimeUnitsPerSecond() units.
    std::uint64_t cpuTime = 0;
    std::uint64_t residentBytes = 0;
    // The name the pass met anyway (Linux comm, Windows szExeFile, macOS pbi_name).
    std::string_view shortName;
};

class ProcessVisitor
{
public:
    // A process that was read.
    virtual void process(const ProcessRecord &record) = 0;
    // A process that exists but could not be read (permission denied, a protected
    // process): counted, not measured.
    virtual void unreadable() = 0;

protected:
    ~ProcessVisitor() = default;
};

class ProcessReader
{
public:
    virtual ~ProcessReader() = default;

    // Clock ticks per second on Linux (USER_HZ), 10^7 on Windows (100 ns), Mach ticks on macOS.
    virtual std::uint64_t cpuTimeUnitsPerSecond() const = 0;

    // One pass over the table, calling the visitor once per process in any order.
    // Processes that exit during the pass are left out silently. Fails (false and a short
    // reason in `error`) only when the table itself cannot be listed.
    virtual bool forEachProcess(ProcessVisitor &visitor, std::string &error) = 0;

    // The name to show for a process met for the first time. Called by the scanner from
    // inside ProcessVisitor::process() with the record it was given, at most once per
    // process (pid + start time), so it may cost a read. Returns a view into `scratch` or
    // into the record.
    virtual std::string_view displayName(const ProcessRecord &record, std::span<char> scratch) = 0;
};

// This machine's process table (/proc, Toolhelp snapshot or libproc).
std::unique_ptr<ProcessReader> systemProcessReader();

} // namespace ziggie::processes
