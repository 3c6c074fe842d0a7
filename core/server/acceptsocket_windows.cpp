#include "acceptsocket.h"

#include <winsock2.h>

namespace ziggie {

AcceptResult acceptConnection(qintptr listener, qintptr *accepted)
{
    const SOCKET s = ::accept(SOCKET(listener), nullptr, nullptr);
    if (s != INVALID_SOCKET) {
        u_long nonBlocking = 1;
        ::ioctlsocket(s, FIONBIO, &nonBlocking);
        *accepted = qintptr(s);
        return AcceptResult::Accepted;
    }
    switch (::WSAGetLastError()) {
    case WSAEWOULDBLOCK:
        return AcceptResult::WouldBlock;
    case WSAEMFILE:
    case WSAENOBUFS:
        return AcceptResult::OutOfDescriptors;
    default:
        return AcceptResult::Failed;
    }
}

void closeDescriptor(qintptr descriptor)
{
    ::closesocket(SOCKET(descriptor));
}

int duplicateDescriptor(qintptr)
{
    return -1;
}

} // namespace ziggie
