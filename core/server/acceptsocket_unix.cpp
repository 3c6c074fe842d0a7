#include "acceptsocket.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ziggie {

AcceptResult acceptConnection(qintptr listener, qintptr *accepted)
{
#if defined(SOCK_CLOEXEC) // Linux, the BSDs
    const int fd = ::accept4(int(listener), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
#else // macOS
    const int fd = ::accept(int(listener), nullptr, nullptr);
    if (fd >= 0) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
#endif
    if (fd >= 0) {
        *accepted = fd;
        return AcceptResult::Accepted;
    }
    switch (errno) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
        return AcceptResult::WouldBlock;
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        return AcceptResult::OutOfDescriptors;
    default:
        return AcceptResult::Failed;
    }
}

void closeDescriptor(qintptr descriptor)
{
    ::close(int(descriptor));
}

int duplicateDescriptor(qintptr descriptor)
{
    return ::fcntl(int(descriptor), F_DUPFD_CLOEXEC, 0);
}

} // namespace ziggie
