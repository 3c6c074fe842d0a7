#include "apitoken.h"

#include <QByteArray>
#include <QRandomGenerator>

namespace ziggie {

QString generateApiToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool constantTimeEquals(QByteArrayView expected, QByteArrayView given)
{
    // Walk all of `expected` whatever `given` holds, so timing reveals neither content nor prefix length.
    unsigned char diff = expected.size() == given.size() ? 0 : 1;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        diff |= static_cast<unsigned char>(expected[i]) ^ g;
    }
    return diff == 0 && !expected.isEmpty();
}

} // namespace ziggie
