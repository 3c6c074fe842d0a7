#include "trayiconengine.h"

#include "trayiconrenderer.h"

#include <QPainter>
#include <QPaintDevice>

#include <algorithm>
#include <cmath>

namespace ziggie::ui {

TrayIconEngine::TrayIconEngine(const std::optional<Sample> &sample, bool alert, DrawnSizes drawn)
    : m_sample(sample)
    , m_alert(alert)
    , m_drawn(std::move(drawn))
{
}

void TrayIconEngine::noteDrawn(int pixels)
{
    if (m_drawn && !m_drawn->contains(pixels))
        m_drawn->append(pixels);
}

void TrayIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode, QIcon::State)
{
    // Render on the device's pixel grid, then place the square centered in the rect.
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const int side = std::min(rect.width(), rect.height());
    const int pixels = std::max(1, static_cast<int>(std::lround(side * dpr)));
    noteDrawn(pixels);
    QImage image = TrayIconRenderer::render(m_sample, pixels, m_alert);
    image.setDevicePixelRatio(dpr);
    const QPoint topLeft(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2);
    painter->drawImage(QRect(topLeft, QSize(side, side)), image);
}

QPixmap TrayIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1.0);
}

// As QIcon::pixmap() calls it, size is already in device pixels; scale only labels the result.
QPixmap TrayIconEngine::scaledPixmap(const QSize &size, QIcon::Mode, QIcon::State, qreal scale)
{
    const QSize pixels = size;
    QImage canvas(pixels, QImage::Format_ARGB32_Premultiplied);
    canvas.fill(Qt::transparent);
    const int side = std::min(pixels.width(), pixels.height());
    if (side > 0) {
        noteDrawn(side);
        QPainter painter(&canvas);
        painter.drawImage(QPoint((pixels.width() - side) / 2, (pixels.height() - side) / 2),
                          TrayIconRenderer::render(m_sample, side, m_alert));
    }
    QPixmap pixmap = QPixmap::fromImage(canvas);
    pixmap.setDevicePixelRatio(scale);
    return pixmap;
}

QSize TrayIconEngine::actualSize(const QSize &size, QIcon::Mode, QIcon::State)
{
    return size;
}

QList<QSize> TrayIconEngine::availableSizes(QIcon::Mode, QIcon::State)
{
    QList<QSize> sizes;
    for (int size : TrayIconRenderer::Sizes)
        sizes.append(QSize(size, size));
    return sizes;
}

QIconEngine *TrayIconEngine::clone() const
{
    return new TrayIconEngine(m_sample, m_alert, m_drawn);
}

QString TrayIconEngine::key() const
{
    return QStringLiteral("ziggie-tray");
}

} // namespace ziggie::ui
