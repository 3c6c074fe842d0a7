#pragma once
// accept() on a listening socket, for the Listener: Qt's QTcpServer treats running out of file
// descriptors as a temporary error and retries at once, spinning a core; this says which it
// was so that accepting can pause instead. One implementation per OS, chosen by CMake.

#include <QtGlobal>

namespace ziggie {

enum class AcceptResult {
    Accepted,
    WouldBlock,       // nothing is waiting
    OutOfDescriptors, // EMFILE, ENFILE, ENOBUFS, ENOMEM: wait for some to be freed
    Failed,           // this one connection failed (aborted by the peer, ...): try the next
};

// A non-blocking, close-on-exec descriptor in `accepted` when the result is Accepted.
AcceptResult acceptConnection(qintptr listener, qintptr *accepted);
// For a descriptor no socket object took.
void closeDescriptor(qintptr descriptor);
// A second descriptor of the same connection (close-on-exec), for the lean fan-out to keep
// once the socket object is gone; -1 where that is not done (Windows).
int duplicateDescriptor(qintptr descriptor);

} // namespace ziggie
