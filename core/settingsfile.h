#pragma once
// Whether the file at the settings path may be handed to QSettings at all, decided before
// QSettings opens it: QSettings blocks forever reading a FIFO, and on sync() it rewrites a
// file it could not parse with only the part it understood, so a settings path holding
// someone's binary file or a half-edited INI would be destroyed by storing a token into it.

#include <QByteArrayView>
#include <QString>

namespace ziggie {

// Empty when nothing is at the path yet, or when it is a regular file of INI text that
// QSettings reads in full; else why not, e.g. "it is a directory, not a file".
QString settingsFileProblem(const QString &path);

// Empty when the bytes are UTF-8 INI text: blank lines, comments (; or #), [section]
// lines and key=value lines (a trailing backslash continues a value). Else what is wrong,
// e.g. "line 3 is neither [section] nor key=value".
QString iniSyntaxProblem(QByteArrayView bytes);

} // namespace ziggie
