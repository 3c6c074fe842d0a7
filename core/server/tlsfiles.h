#pragma once
// The server's certificate chain and private key from PEM files, as a TLS configuration.

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace ziggie {

// Nothing and a message naming the file when it holds no usable certificate or RSA/EC key.
std::optional<QSslConfiguration> loadTlsFiles(const QString &certificateFile, const QString &keyFile, QString *error);

} // namespace ziggie
