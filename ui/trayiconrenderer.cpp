#include "trayiconrenderer.h"

#include "metricstyle.h"
#include "trayiconengine.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ziggie::ui {

namespace {

int marginFor(int size)
{
    return std::max(1, size / 16);
}

} // namespace

int TrayIconRenderer::filledPixels(double percent, int size)
{
    const int height = size - 2 * marginFor(size);
    const double clamped = std::clamp(percent, 0.0, 100.0);
    const int filled = static_cast<int>(std::lround(clamped / 100.0 * height));
    return clamped > 0.0 ? std::max(filled, 1) : filled; // anything above zero stays visible
}

TrayIconFace TrayIconRenderer::face(const std::optional<Sample> &sample, bool alert, const DrawnSizes &drawn)
{
    TrayIconFace face;
    face.alert = alert;
    if (!sample)
        return face;
    QList<int> sizes(Sizes.begin(), Sizes.end());
    if (drawn) {
        for (int size : std::as_const(*drawn)) {
            if (!sizes.contains(size))
                sizes.append(size);
        }
    }
    face.fills.reserve(sizes.size() * qsizetype(AllMetrics.size()));
    for (int size : std::as_const(sizes)) {
        for (Metric metric : AllMetrics)
            face.fills.append(filledPixels(metricPercent(*sample, metric), size));
    }
    return face;
}

QImage TrayIconRenderer::render(const std::optional<Sample> &sample, int size, bool alert)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);

    // Whole-pixel layout: margin, three bars and two gaps fill the width exactly or
    // leave at most two pixels, split around the bars.
    const int margin = marginFor(size);
    const int gap = std::max(1, size / 16);
    const int barWidth = (size - 2 * margin - 2 * gap) / 3;
    const int left = (size - 3 * barWidth - 2 * gap) / 2;
    const int top = margin;
    const int height = size - 2 * margin;
    const double radius = size >= 32 ? size / 32.0 : 0.0;

    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, radius > 0);
    painter.setPen(Qt::NoPen);

    // A mid-grey track reads as a lighter shape on dark panels and a darker one on light panels.
    const QColor track(128, 128, 128, 120);

    int x = left;
    for (Metric metric : AllMetrics) {
        const QRectF trackRect(x, top, barWidth, height);
        painter.setBrush(track);
        painter.drawRoundedRect(trackRect, radius, radius);
        if (sample) {
            const int filled = filledPixels(metricPercent(*sample, metric), size);
            if (filled > 0) {
                painter.setBrush(metricColor(metric));
                painter.drawRoundedRect(QRectF(x, top + height - filled, barWidth, filled), radius, radius);
            }
        }
        x += barWidth + gap;
    }
    if (alert) {
        // A dot of ~40 % of the icon with a light ring, so it reads on dark and light panels.
        const int diameter = std::max(6, (size * 2) / 5);
        const int ring = std::max(1, size / 22);
        const QRectF outer(size - diameter, 0, diameter, diameter);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setBrush(QColor(255, 255, 255, 230));
        painter.drawEllipse(outer);
        painter.setBrush(alertColor());
        painter.drawEllipse(outer.adjusted(ring, ring, -ring, -ring));
    }
    return image;
}

QIcon TrayIconRenderer::icon(const std::optional<Sample> &sample, bool alert, const DrawnSizes &drawn)
{
    return QIcon(new TrayIconEngine(sample, alert, drawn));
}

QColor TrayIconRenderer::alertColor()
{
    return QColor(220, 38, 38);
}

} // namespace ziggie::ui
