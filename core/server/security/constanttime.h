#pragma once
// Comparison of secrets (the API token, a JWT's signature) in a time that reveals nothing
// of what was guessed.

#include <QByteArrayView>

namespace ziggie {

// True when both are equal; the time taken depends only on the length of `expected`.
bool constantTimeEquals(QByteArrayView expected, QByteArrayView given);

} // namespace ziggie
