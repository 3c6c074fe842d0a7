#include "processparse.h"

#include <cerrno>
#include <charconv>

namespace ziggie::processes {

namespace {

template<typename T>
bool parseUnsigned(std::string_view field, T &out)
{
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
    return ec == std::errc() && end == field.data() + field.size() && !field.empty();
}

// Fields are separated by single spaces; a plain loop, since this runs for every
// process on every tick and find_first_of() calls memchr once per byte.
std::string_view nextField(std::string_view &rest)
{
    std::size_t begin = 0;
    while (begin < rest.size() && rest[begin] == ' ')
        ++begin;
    std::size_t end = begin;
    while (end < rest.size() && rest[end] != ' ' && rest[end] != '\n')
        ++end;
    const std::string_view field = rest.substr(begin, end - begin);
    rest.remove_prefix(end);
    return field;
}

std::string_view basename(std::string_view path)
{
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace

std::optional<ProcessStat> parseProcessStat(std::string_view text)
{
    const auto open = text.find('(');
    const auto close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return std::nullopt;

    ProcessStat stat;
    std::string_view pidField = text.substr(0, open);
    while (!pidField.empty() && pidField.back() == ' ')
        pidField.remove_suffix(1);
    if (!parseUnsigned(pidField, stat.pid))
        return std::nullopt;
    stat.comm = text.substr(open + 1, close - open - 1);

    std::string_view rest = text.substr(close + 1);
    const std::string_view state = nextField(rest);
    if (state.size() != 1)
        return std::nullopt;
    stat.state = state.front();
    // Fields 4 to 24; some of those skipped are signed (tty_pgrp is -1 without a tty).
    for (int number = 4; number <= 24; ++number) {
        const std::string_view field = nextField(rest);
        if (field.empty())
            return std::nullopt;
        bool ok = true;
        switch (number) {
        case 9: ok = parseUnsigned(field, stat.flags); break;
        case 14: ok = parseUnsigned(field, stat.utime); break;
        case 15: ok = parseUnsigned(field, stat.stime); break;
        case 22: ok = parseUnsigned(field, stat.startTime); break;
        case 24: ok = parseUnsigned(field, stat.residentPages); break;
        default: break;
        }
        if (!ok)
            return std::nullopt;
    }
    return stat;
}

std::string_view chooseDisplayName(std::string_view comm, std::string_view cmdline)
{
    const std::string_view argv0 = cmdline.substr(0, cmdline.find('\0'));
    if (comm.empty())
        return basename(argv0.substr(0, argv0.find(' ')));
    if (comm.size() < CommMaxLength || argv0.empty())
        return comm;
    // A path may hold spaces ("/opt/My Tools/long-program-name"), and a rewritten
    // argv[0] may hold the flags after the path ("/usr/bin/long-program-name --flag=/x"):
    // try the whole argv[0] first, then its first word.
    for (const std::string_view candidate : {argv0, argv0.substr(0, argv0.find(' '))}) {
        std::string_view base = basename(candidate);
        if (base.size() > comm.size() && base.starts_with(comm))
            return base.substr(0, base.find(' ', comm.size()));
    }
    return comm;
}

std::optional<std::uint32_t> parsePid(std::string_view name)
{
    std::uint32_t pid = 0;
    if (name.empty() || name.front() < '1' || name.front() > '9' || !parseUnsigned(name, pid))
        return std::nullopt;
    return pid;
}

ReadFailure classifyReadError(int error)
{
    return error == ENOENT || error == ESRCH ? ReadFailure::Vanished : ReadFailure::Unreadable;
}

} // namespace ziggie::processes
