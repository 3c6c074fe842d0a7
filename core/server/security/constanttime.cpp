#include "constanttime.h"

namespace ziggie {

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
