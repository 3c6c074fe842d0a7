#pragma once
// What a socket still holds for its peer: for TLS also the encrypted bytes, which QSslSocket
// keeps apart from its plain-text buffer. The measure of every per-connection output cap.

#include <QtGlobal>

class QTcpSocket;

namespace ziggie {

qint64 unsentBytes(const QTcpSocket *socket);

} // namespace ziggie
