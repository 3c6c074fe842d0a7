// Windows reader: one Toolhelp snapshot lists every process with its executable's name;
// then per process one handle with the least rights that give its times and working set.
// Plain Win32 so it cross-compiles with mingw-w64 and runs under Wine (tests/windows).
#include "processreader.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#ifndef PSAPI_VERSION
#define PSAPI_VERSION 2 // GetProcessMemoryInfo from kernel32, no psapi.dll to link
#endif
#include <psapi.h>
#include <tlhelp32.h>

#include <string>

namespace ziggie::processes {

namespace {

std::uint64_t fromFileTime(const FILETIME &ft)
{
    return (std::uint64_t(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

class Handle final
{
public:
    explicit Handle(HANDLE handle) : m_handle(handle) {}
    ~Handle()
    {
        if (valid())
            CloseHandle(m_handle);
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;

    bool valid() const { return m_handle != nullptr && m_handle != INVALID_HANDLE_VALUE; }
    HANDLE get() const { return m_handle; }

private:
    HANDLE m_handle;
};

class WindowsProcessReader final : public ProcessReader
{
public:
    std::uint64_t cpuTimeUnitsPerSecond() const override { return 10'000'000; } // FILETIME: 100 ns

    bool forEachProcess(ProcessVisitor &visitor, std::string &error) override
    {
        const Handle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
        if (!snapshot.valid()) {
            error = "CreateToolhelp32Snapshot failed (error " + std::to_string(GetLastError()) + ")";
            return false;
        }
        PROCESSENTRY32W entry{};
        entry.dwSize = sizeof entry;
        if (!Process32FirstW(snapshot.get(), &entry)) {
            error = "Process32FirstW failed (error " + std::to_string(GetLastError()) + ")";
            return false;
        }
        do {
            // Pid 0 is the System Idle Process: its "CPU time" is the machine's idle time.
            if (entry.th32ProcessID != 0)
                visit(entry, visitor);
        } while (Process32NextW(snapshot.get(), &entry));
        return true;
    }

    std::string_view displayName(const ProcessRecord &record, std::span<char>) override
    {
        return record.shortName;
    }

private:
    static void visit(const PROCESSENTRY32W &entry, ProcessVisitor &visitor)
    {
        // GetProcessMemoryInfo is documented to need PROCESS_VM_READ as well; protected
        // processes refuse that, and still give their times to the limited right alone.
        HANDLE raw = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE, entry.th32ProcessID);
        if (!raw && GetLastError() == ERROR_ACCESS_DENIED)
            raw = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, entry.th32ProcessID);
        const DWORD openError = raw ? ERROR_SUCCESS : GetLastError();
        const Handle process(raw);
        if (!process.valid()) {
            // ERROR_INVALID_PARAMETER: no such pid any more, it exited after the snapshot.
            if (openError != ERROR_INVALID_PARAMETER)
                visitor.unreadable();
            return;
        }
        FILETIME created{}, exited{}, kernel{}, user{};
        if (!GetProcessTimes(process.get(), &created, &exited, &kernel, &user)) {
            visitor.unreadable();
            return;
        }
        PROCESS_MEMORY_COUNTERS memory{};
        memory.cb = sizeof memory;
        const bool haveMemory = GetProcessMemoryInfo(process.get(), &memory, sizeof memory) != 0;

        // MAX_PATH UTF-16 units are at most 3 bytes of UTF-8 each.
        char name[MAX_PATH * 3];
        int length = WideCharToMultiByte(CP_UTF8, 0, entry.szExeFile, -1, name, int(sizeof name), nullptr, nullptr);
        length = length > 0 ? length - 1 : 0; // without the terminating NUL

        ProcessRecord record;
        record.pid = entry.th32ProcessID;
        record.startTime = fromFileTime(created);
        record.cpuTime = fromFileTime(kernel) + fromFileTime(user);
        record.residentBytes = haveMemory ? std::uint64_t(memory.WorkingSetSize) : 0;
        record.shortName = std::string_view(name, std::size_t(length));
        visitor.process(record);
    }
};

} // namespace

std::unique_ptr<ProcessReader> systemProcessReader()
{
    return std::make_unique<WindowsProcessReader>();
}

} // namespace ziggie::processes
