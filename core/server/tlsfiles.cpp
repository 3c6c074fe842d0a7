#include "tlsfiles.h"

#include <QFile>
#include <QSslKey>

namespace ziggie {

std::optional<QSslConfiguration> loadTlsFiles(const QString &certificateFile, const QString &keyFile, QString *error)
{
    QFile certFile(certificateFile);
    QFile keyIn(keyFile);
    const auto certs = certFile.open(QIODevice::ReadOnly) ? QSslCertificate::fromData(certFile.readAll(), QSsl::Pem)
                                                         : QList<QSslCertificate>();
    QSslKey key;
    if (keyIn.open(QIODevice::ReadOnly)) {
        const QByteArray pem = keyIn.readAll();
        key = QSslKey(pem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    }
    if (certs.isEmpty() || key.isNull()) {
        if (error)
            *error = certs.isEmpty() ? QStringLiteral("no PEM certificate in %1").arg(certificateFile)
                                     : QStringLiteral("no RSA or EC PEM private key in %1").arg(keyFile);
        return std::nullopt;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certs.first());
    tls.setLocalCertificateChain(certs);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

} // namespace ziggie
