#include "leantext.h"

#include <QList>

namespace ziggie {

QByteArray withoutCommentLines(QByteArrayView source)
{
    const QList<QByteArray> lines = source.toByteArray().split('\n');
    QByteArray out;
    out.reserve(source.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith("//"))
            continue;
        if (line.startsWith("/*")) {
            // A block that ends a line of its own, here or further down; anything else stays.
            qsizetype end = i;
            while (end < lines.size() && !lines[end].contains("*/"))
                ++end;
            if (end < lines.size() && lines[end].trimmed().endsWith("*/")
                && lines[end].indexOf("*/") == lines[end].lastIndexOf("*/")) {
                i = end;
                continue;
            }
        }
        out += lines[i];
        out += '\n';
    }
    return out;
}

} // namespace ziggie
