// Windows backend of the sysreader interface. Plain Win32 so it cross-compiles with
// mingw-w64 and runs under Wine in the test suite (tests/windows); definitions follow
// psutil's Windows module so numbers match the backend this program replaces.
#include "sysreader.h"

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

#include <new>

namespace ziggie::sys {

namespace {

std::uint64_t fromFileTime(const FILETIME &ft)
{
    return (std::uint64_t(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

// Pass GetLastError() as the argument so it is read before anything else can reset it.
std::string lastErrorText(const char *call, DWORD code)
{
    return std::string(call) + " failed (error " + std::to_string(code) + ")";
}

// UTF-8 → UTF-16; empty on invalid input.
std::wstring toWide(const std::string &utf8)
{
    if (utf8.empty())
        return {};
    const int size = int(utf8.size());
    const int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), size, nullptr, 0);
    if (length <= 0)
        return {};
    std::wstring wide(std::size_t(length), L'\0');
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), size, wide.data(), length) != length)
        return {};
    return wide;
}

std::string toUtf8(const std::wstring &wide)
{
    if (wide.empty())
        return {};
    const int size = int(wide.size());
    const int length = WideCharToMultiByte(CP_UTF8, 0, wide.data(), size, nullptr, 0, nullptr, nullptr);
    if (length <= 0)
        return {};
    std::string utf8(std::size_t(length), '\0');
    if (WideCharToMultiByte(CP_UTF8, 0, wide.data(), size, utf8.data(), length, nullptr, nullptr) != length)
        return {};
    return utf8;
}

} // namespace

std::optional<CpuTimes> readCpuTimes(std::string &error)
{
    FILETIME idle{}, kernel{}, user{};
    if (!GetSystemTimes(&idle, &kernel, &user)) {
        error = lastErrorText("GetSystemTimes", GetLastError());
        return std::nullopt;
    }
    // Kernel time includes idle time, so kernel + user is every state of every CPU.
    const std::uint64_t total = fromFileTime(kernel) + fromFileTime(user);
    const std::uint64_t idleTime = fromFileTime(idle);
    if (idleTime > total) {
        error = "GetSystemTimes reported more idle than total time";
        return std::nullopt;
    }
    return CpuTimes{total - idleTime, total};
}

std::optional<MemoryInfo> readMemory(std::string &error)
{
    MEMORYSTATUSEX status{};
    status.dwLength = sizeof(status);
    if (!GlobalMemoryStatusEx(&status)) {
        error = lastErrorText("GlobalMemoryStatusEx", GetLastError());
        return std::nullopt;
    }
    const std::uint64_t total = status.ullTotalPhys;
    if (total == 0) {
        error = "GlobalMemoryStatusEx reported no physical memory";
        return std::nullopt;
    }
    const std::uint64_t available = status.ullAvailPhys < total ? status.ullAvailPhys : total;
    // psutil on Windows: used = total - available (no buffers/cache split exists here).
    return MemoryInfo{total, available, total - available};
}

std::optional<DiskInfo> readDisk(const std::string &path, std::string &error)
{
    try {
        const std::wstring widePath = toWide(path);
        if (widePath.empty()) {
            error = path.empty() ? "empty disk path" : "disk path is not valid UTF-8";
            return std::nullopt;
        }
        ULARGE_INTEGER availableToCaller{}, total{}, totalFree{};
        if (!GetDiskFreeSpaceExW(widePath.c_str(), &availableToCaller, &total, &totalFree)) {
            error = lastErrorText("GetDiskFreeSpaceExW", GetLastError()) + " for " + path;
            return std::nullopt;
        }
        const std::uint64_t totalBytes = total.QuadPart;
        const std::uint64_t freeBytes = totalFree.QuadPart < totalBytes ? totalFree.QuadPart : totalBytes;
        // psutil: used = total - all free space; the caller's share may be smaller (quotas).
        return DiskInfo{totalBytes, totalBytes - freeBytes, availableToCaller.QuadPart};
    } catch (const std::bad_alloc &) {
        error = "out of memory";
        return std::nullopt;
    }
}

std::optional<OwnProcess> readOwnProcess(std::string &error)
{
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) {
        error = lastErrorText("GetProcessTimes", GetLastError());
        return std::nullopt;
    }
    PROCESS_MEMORY_COUNTERS_EX memory{};
    memory.cb = sizeof(memory);
    if (!GetProcessMemoryInfo(GetCurrentProcess(), reinterpret_cast<PROCESS_MEMORY_COUNTERS *>(&memory),
                              sizeof(memory))) {
        error = lastErrorText("GetProcessMemoryInfo", GetLastError());
        return std::nullopt;
    }
    OwnProcess own;
    own.cpuSeconds = double(fromFileTime(kernel) + fromFileTime(user)) / 1e7; // 100 ns units
    own.residentBytes = memory.WorkingSetSize;
    own.virtualBytes = memory.PrivateUsage;
    DWORD handles = 0;
    if (GetProcessHandleCount(GetCurrentProcess(), &handles))
        own.openFds = handles;
    return own;
}

std::string systemDiskPath()
{
    const std::string fallback = "C:\\";
    try {
        wchar_t buffer[MAX_PATH + 1] = {};
        const UINT length = GetSystemWindowsDirectoryW(buffer, MAX_PATH + 1);
        if (length < 2 || length > MAX_PATH || buffer[1] != L':')
            return fallback;
        // "C:\Windows" → "C:\": the root of the drive that holds Windows.
        const std::string root = toUtf8(std::wstring(buffer, 2)) + "\\";
        return root.size() == 3 ? root : fallback;
    } catch (const std::bad_alloc &) {
        return fallback;
    }
}

} // namespace ziggie::sys
