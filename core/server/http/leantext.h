#pragma once
// The dashboard's scripts and styles as they go on the wire: the same code without the lines
// that hold only a comment (// …, or a /* … */ block that starts and ends a line) and without
// blank lines. Comments are for the source in the repository; a browser only downloads them.
// Line-based on purpose: nothing inside a line is touched, so no string or template literal
// can be cut. Pure, so it is tested on its own.

#include <QByteArray>
#include <QByteArrayView>

namespace ziggie {

QByteArray withoutCommentLines(QByteArrayView source);

} // namespace ziggie
