#pragma once
// Draws the tray icon from one sample: three bars (CPU, memory, disk) on a neutral
// track, laid out on whole pixels at each size a panel may ask for, so the icon stays
// sharp at 16 px and on HiDPI panels and readable on light and dark themes. While a fleet
// alert is active a red dot with a light ring sits in the top-right corner.

#include "sample.h"

#include <QColor>
#include <QIcon>
#include <QImage>

#include <QList>

#include <array>
#include <memory>
#include <optional>

namespace ziggie::ui {

// What the icon shows, reduced to what is drawn: each bar's filled height in whole pixels
// at each size, and the alert dot. Two samples with equal faces draw identical icons, so
// the tray only needs a new icon (a panel re-reads every pixmap of it) when the face changes.
struct TrayIconFace
{
    QList<int> fills; // CPU, memory, disk at each size in turn; empty before the first sample
    bool alert = false;
    bool operator==(const TrayIconFace &) const = default;
};

// The pixel sizes one tray entry's icons have been drawn at: a panel may ask for a size of
// its own (an XEmbed tray paints at its slot's size), which then counts for the face too.
using DrawnSizes = std::shared_ptr<QList<int>>;

class TrayIconRenderer final
{
public:
    // The pixel sizes put into every icon (panels ask for 16-24 logical px, times the scale).
    static constexpr std::array<int, 7> Sizes = {16, 22, 24, 32, 44, 48, 64};

    // An empty sample (before the first tick) draws the tracks only.
    static QImage render(const std::optional<Sample> &sample, int size, bool alert = false);
    // Drawn on demand at whatever size is asked for (see TrayIconEngine); Sizes are advertised.
    // With drawn, every size the icon is drawn at is added to it.
    static QIcon icon(const std::optional<Sample> &sample, bool alert = false, const DrawnSizes &drawn = {});
    // The face at Sizes and at every size in drawn.
    static TrayIconFace face(const std::optional<Sample> &sample, bool alert, const DrawnSizes &drawn = {});
    // How many pixels of a bar a percentage fills at this icon size (at least one above zero).
    static int filledPixels(double percent, int size);
    // The alert dot's fill, for tests and the legend in docs.
    static QColor alertColor();
};

} // namespace ziggie::ui
