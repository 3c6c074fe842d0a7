#include "socketbytes.h"

#include <QSslSocket>

namespace ziggie {

qint64 unsentBytes(const QTcpSocket *socket)
{
    const qint64 plain = socket->bytesToWrite();
    const auto *tls = qobject_cast<const QSslSocket *>(socket);
    return tls ? plain + tls->encryptedBytesToWrite() : plain;
}

} // namespace ziggie
