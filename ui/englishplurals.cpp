#include "englishplurals.h"

#include <QByteArrayView>

#include <array>
#include <utility>

namespace ziggie::ui {

namespace {

// Each counted source text of ui/ beside its English singular; a count that reads the same
// either way ("%n not reachable") needs no row.
constexpr std::array<std::pair<QByteArrayView, const char *>, 3> Singulars{{
    {"%n dashboards connected", "%n dashboard connected"},
    {"%n logical CPUs", "%n logical CPU"},
    {"%n machines", "%n machine"},
}};

} // namespace

EnglishPlurals::EnglishPlurals(QObject *parent)
    : QTranslator(parent)
{
}

QString EnglishPlurals::translate(const char *, const char *sourceText, const char *, int n) const
{
    if (n != 1 || !sourceText)
        return {}; // null: the source text stands, and Qt puts the count in for %n
    for (const auto &[plural, singular] : Singulars) {
        if (plural == QByteArrayView(sourceText))
            return QString::fromUtf8(singular);
    }
    return {};
}

} // namespace ziggie::ui
