#pragma once
// Draws the tray icon on demand, at exactly the size and pixel ratio the panel asks for.
// A new QIcon built from pixmaps every tick would leave a scaled copy of each in Qt's
// global pixmap cache, so memory would climb with every tick until that cache is full;
// this engine keeps nothing but the sample it draws (and whether a fleet alert is on).

#include "sample.h"
#include "trayiconrenderer.h"

#include <QIconEngine>

#include <optional>

namespace ziggie::ui {

class TrayIconEngine final : public QIconEngine
{
public:
    // drawn, when given, collects every pixel size this icon is drawn at.
    explicit TrayIconEngine(const std::optional<Sample> &sample, bool alert = false, DrawnSizes drawn = {});

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override;
    QIconEngine *clone() const override;
    QString key() const override;

private:
    void noteDrawn(int pixels);

    std::optional<Sample> m_sample;
    bool m_alert = false;
    DrawnSizes m_drawn;
};

} // namespace ziggie::ui
