#pragma once
// WCAG 2.1 contrast: relative luminance, the ratio of two colours, and the shade of a colour
// that reaches a ratio on a window's backgrounds. The metric colours keep their hue everywhere
// and are only darkened on a light palette, lightened on a dark one, as far as AA needs.

#include <QColor>
#include <QList>
#include <QPalette>

namespace ziggie::ui::contrast {

constexpr double Text = 4.5;     // WCAG 1.4.3: text of normal size
constexpr double Graphics = 3.0; // WCAG 1.4.11: lines, dots, meters, focus rings

double relativeLuminance(const QColor &color);
double ratio(const QColor &a, const QColor &b); // 1 to 21, whichever is lighter

// `top` (with its alpha) painted over an opaque `background`.
QColor over(const QColor &top, const QColor &background);

// `color` when it reaches `minimum` against every background; otherwise mixed towards black
// (on light backgrounds) or white (on dark ones), in small steps, until it does.
QColor readable(const QColor &color, const QList<QColor> &backgrounds, double minimum);

// `palette` with its window text in `color`, shaded to text contrast on its window: for a
// label that speaks in colour (an error in red) whatever the palette, light or dark.
QPalette withTextColor(QPalette palette, const QColor &color);

} // namespace ziggie::ui::contrast
