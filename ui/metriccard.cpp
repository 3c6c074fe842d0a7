#include "metriccard.h"

#include <QEvent>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace ziggie::ui {

namespace {

QFont scaledFont(const QFont &base, double factor, QFont::Weight weight)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}

} // namespace

MetricCard::MetricCard(Metric metric, QWidget *parent)
    : QWidget(parent)
    , m_metric(metric)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(metricName(metric));
}

void MetricCard::setValue(double percent, const QString &detail)
{
    percent = std::clamp(percent, 0.0, 100.0);
    if (percent == m_percent && detail == m_detail)
        return;
    m_percent = percent;
    m_detail = detail;
    setAccessibleDescription(valueText() + u' ' + m_detail);
    update();
}

void MetricCard::clear()
{
    m_percent = -1.0;
    m_detail.clear();
    update();
}

QString MetricCard::valueText() const
{
    if (m_percent < 0.0)
        return QStringLiteral("–");
    return QStringLiteral("%1 %").arg(m_percent, 0, 'f', 1);
}

QSize MetricCard::sizeHint() const
{
    const QFontMetrics small(scaledFont(font(), 0.9, QFont::DemiBold));
    const QFontMetrics large(scaledFont(font(), 2.0, QFont::Light));
    const int padding = small.height() * 3 / 4;
    const int height = padding + small.height() + large.height() + small.height() + padding / 2 + 4 + padding;
    return {large.horizontalAdvance(QStringLiteral("100.0 %")) + 2 * padding + small.height(), height};
}

QSize MetricCard::minimumSizeHint() const
{
    return sizeHint();
}

void MetricCard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void MetricCard::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    const QFont nameFont = scaledFont(font(), 0.9, QFont::DemiBold);
    const QFont valueFont = scaledFont(font(), 2.0, QFont::Light);
    const QFont detailFont = scaledFont(font(), 0.9, QFont::Normal);
    const QFontMetrics nameMetrics(nameFont);
    const int padding = nameMetrics.height() * 3 / 4;
    const QPalette &pal = palette();
    const QColor color = metricColor(m_metric, pal);

    // Card: the base color, a hairline border, rounded like native group boxes.
    const QRectF card = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QColor border = pal.color(QPalette::WindowText);
    border.setAlphaF(0.12);
    p.setPen(QPen(border, 1));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(card, 6, 6);

    const QRect inner = rect().adjusted(padding, padding * 2 / 3, -padding, -padding);
    int y = inner.top();

    // Name with a color dot.
    const int dot = nameMetrics.ascent() * 2 / 3;
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(inner.left(), y + (nameMetrics.height() - dot) / 2.0, dot, dot));
    p.setFont(nameFont);
    QColor muted = pal.color(QPalette::WindowText);
    muted.setAlphaF(0.7);
    p.setPen(muted);
    p.drawText(QRect(inner.left() + dot + dot / 2 + 2, y, inner.width(), nameMetrics.height()),
               Qt::AlignLeft | Qt::AlignVCenter, metricName(m_metric).toUpper());
    y += nameMetrics.height();

    p.setFont(valueFont);
    p.setPen(pal.color(QPalette::WindowText));
    const QFontMetrics valueMetrics(valueFont);
    p.drawText(QRect(inner.left(), y, inner.width(), valueMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               valueText());
    y += valueMetrics.height();

    p.setFont(detailFont);
    p.setPen(muted);
    const QFontMetrics detailMetrics(detailFont);
    p.drawText(QRect(inner.left(), y, inner.width(), detailMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               detailMetrics.elidedText(m_detail.isEmpty() ? QStringLiteral(" ") : m_detail, Qt::ElideRight,
                                        inner.width()));
    y += detailMetrics.height() + padding / 2;

    // Meter.
    const QRectF meter(inner.left(), y, inner.width(), 4);
    QColor track = pal.color(QPalette::WindowText);
    track.setAlphaF(0.10);
    p.setPen(Qt::NoPen);
    p.setBrush(track);
    p.drawRoundedRect(meter, 2, 2);
    if (m_percent > 0.0) {
        QRectF fill = meter;
        fill.setWidth(std::max(4.0, meter.width() * m_percent / 100.0));
        p.setBrush(color);
        p.drawRoundedRect(fill, 2, 2);
    }
}

} // namespace ziggie::ui
