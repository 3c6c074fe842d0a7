#pragma once
// Pure parsers for the per-process files of Linux's /proc, fed by tests with fixtures.

#include <cstdint>
#include <optional>
#include <string_view>

namespace ziggie::processes {

// What a scan needs from /proc/[pid]/stat (proc(5) field numbers in brackets).
struct ProcessStat
{
    std::uint32_t pid = 0;           // [1]
    std::string_view comm;           // [2] without the parentheses, at most 15 bytes
    char state = '?';                // [3] R, S, D, Z, T, I, ...
    std::uint32_t flags = 0;         // [9] PF_* flags
    std::uint64_t utime = 0;         // [14] clock ticks, all threads
    std::uint64_t stime = 0;         // [15]
    std::uint64_t startTime = 0;     // [22] clock ticks after boot: tells a reused pid apart
    std::uint64_t residentPages = 0; // [24]
};

// The kernel's flag for its own threads (kthreadd and its children): no cmdline, no memory.
inline constexpr std::uint32_t KernelThreadFlag = 0x00200000; // PF_KTHREAD

// The kernel cuts comm to 15 bytes (TASK_COMM_LEN - 1): a comm this long may be cut.
inline constexpr std::size_t CommMaxLength = 15;

// One /proc/[pid]/stat line. The comm may hold spaces, parentheses and ")" itself, so
// it runs from the first "(" to the LAST ")", and the other fields are counted from there.
std::optional<ProcessStat> parseProcessStat(std::string_view text);

// The name shown for a process, like top's default COMMAND: comm, which the kernel sets
// from the executed file's name (or the process via PR_SET_NAME). argv[0] is only used
// to undo the kernel's 15-byte cut: when comm is 15 bytes long and the basename of
// argv[0] starts with it, that basename is the full name ("gnome-shell-cal" ->
// "gnome-shell-calendar-server"). argv[0] is not trusted beyond that, since processes
// rewrite it freely ("sshd: alice [priv]", "-bash", flags after the path). `cmdline` is
// /proc/[pid]/cmdline as read (NUL-separated argv, maybe cut short); empty for kernel
// threads and zombies, and then comm is the name.
std::string_view chooseDisplayName(std::string_view comm, std::string_view cmdline);

// A /proc directory entry that names a process ("1234"); nothing for "self", "sys", ...
std::optional<std::uint32_t> parsePid(std::string_view name);

// What a failed open() or read() of a process's file means: the process is gone
// (ENOENT, ESRCH: it exited during the scan, skip it) or it exists but cannot be read
// (EACCES and anything else: count it, do not measure it).
enum class ReadFailure { Vanished, Unreadable };
ReadFailure classifyReadError(int error);

} // namespace ziggie::processes
