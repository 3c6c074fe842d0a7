#include "settingsfile.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace ziggie {

namespace {
// Ours are a few hundred bytes; anything this large was never one.
constexpr qint64 MaxSettingsBytes = 1024 * 1024;
} // namespace

QString settingsFileProblem(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink() && !info.exists())
        return QStringLiteral("it is a symbolic link to nothing");
    if (!info.exists())
        return {};
    if (info.isDir())
        return QStringLiteral("it is a directory, not a file");
    if (!info.isFile())
        return QStringLiteral("it is not a regular file");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("it cannot be read (%1)").arg(file.errorString());
    if (file.size() > MaxSettingsBytes)
        return QStringLiteral("it is larger than 1 MiB, too large to be a settings file");
    const QString syntax = iniSyntaxProblem(file.readAll());
    return syntax.isEmpty() ? QString() : QStringLiteral("it is not INI text: ") + syntax;
}

QString iniSyntaxProblem(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return QStringLiteral("not UTF-8");
    bool continued = false; // the previous line ended in a backslash
    int number = 0;
    for (QStringView line : QStringView(text).split(u'\n')) {
        ++number;
        for (const QChar ch : line) {
            if (ch.category() == QChar::Other_Control && ch != u'\t' && ch != u'\r')
                return QStringLiteral("line %1 holds control characters (binary data?)").arg(number);
        }
        if (number == 1 && line.startsWith(QChar(0xfeff)))
            line = line.mid(1);
        line = line.trimmed();
        const bool wasContinued = continued;
        continued = line.endsWith(u'\\');
        if (wasContinued || line.isEmpty() || line.startsWith(u';') || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']'))
                return QStringLiteral("line %1 opens a [section] and does not close it").arg(number);
            continue;
        }
        if (line.indexOf(u'=') < 1)
            return QStringLiteral("line %1 is neither [section] nor key=value").arg(number);
    }
    return {};
}

} // namespace ziggie
