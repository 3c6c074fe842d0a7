#pragma once
// Draws the tray icon from one sample: three bars (CPU, memory, disk) on a neutral
// track, laid out on whole pixels at each size a panel may ask for, so the icon stays
// sharp at 16 px and on HiDPI panels and readable on light and dark themes. While a fleet
// alert is active a red dot with a light ring sits in the top-right corner.

#include "sample.h"

#include <QColor>
#include <QIcon>
#include <QImage>

#include <array>
#include <optional>

namespace ziggie::ui {

class TrayIconRenderer final
{
public:
    // The pixel sizes put into every icon (panels ask for 16-24 logical px, times the scale).
    static constexpr std::array<int, 7> Sizes = {16, 22, 24, 32, 44, 48, 64};

    // An empty sample (before the first tick) draws the tracks only.
    static QImage render(const std::optional<Sample> &sample, int size, bool alert = false);
    // Drawn on demand at whatever size is asked for (see TrayIconEngine); Sizes are advertised.
    static QIcon icon(const std::optional<Sample> &sample, bool alert = false);
    // The alert dot's fill, for tests and the legend in docs.
    static QColor alertColor();
};

} // namespace ziggie::ui
