#include "contrast.h"

#include <algorithm>
#include <cmath>

namespace ziggie::ui::contrast {

namespace {

double linear(double channel)
{
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

QColor mixed(const QColor &from, const QColor &to, double t)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * t),
                            float(from.greenF() + (to.greenF() - from.greenF()) * t),
                            float(from.blueF() + (to.blueF() - from.blueF()) * t));
}

} // namespace

double relativeLuminance(const QColor &color)
{
    const QColor c = color.toRgb();
    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF());
}

double ratio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor over(const QColor &top, const QColor &background)
{
    return mixed(background, QColor(top.rgb()), top.alphaF());
}

QColor readable(const QColor &color, const QList<QColor> &backgrounds, double minimum)
{
    if (backgrounds.isEmpty())
        return color;
    double luminance = 0;
    for (const QColor &b : backgrounds)
        luminance += relativeLuminance(b);
    // Towards black when the backgrounds are nearer white than black in contrast terms.
    const bool light = luminance / double(backgrounds.size()) > 0.18;
    const QColor target = light ? QColor(Qt::black) : QColor(Qt::white);
    for (int step = 0; step <= 50; ++step) {
        const QColor candidate = step == 0 ? color : mixed(color, target, step / 50.0);
        if (std::all_of(backgrounds.begin(), backgrounds.end(),
                        [&](const QColor &b) { return ratio(candidate, b) >= minimum; }))
            return candidate;
    }
    return target;
}

QPalette withTextColor(QPalette palette, const QColor &color)
{
    palette.setColor(QPalette::WindowText, readable(color, {palette.color(QPalette::Window)}, Text));
    return palette;
}

} // namespace ziggie::ui::contrast
