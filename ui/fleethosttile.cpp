#include "fleethosttile.h"

#include "history.h"
#include "metricstyle.h"
#include "remotehost.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace ziggie::ui {

FleetHostTile::FleetHostTile(const QString &name, History &history, RemoteHost *remote, QWidget *parent)
    : QWidget(parent)
    , m_name(name)
    , m_history(history)
    , m_remote(remote)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(name);
    connect(&m_history, &History::appended, this, [this] { update(); });
    if (m_remote) {
        connect(m_remote, &RemoteHost::stateChanged, this, [this] {
            setAccessibleDescription(stateText());
            update();
        });
        connect(m_remote, &RemoteHost::retryScheduled, this, [this] { update(); });
        setToolTip(m_remote->url().toDisplayString() + u'\n' + tr("Double-click to reconnect now."));
        connect(this, &FleetHostTile::reconnectRequested, m_remote, &RemoteHost::reconnect);
    }
    setAccessibleDescription(stateText());
}

QString FleetHostTile::stateText() const
{
    if (!m_remote)
        return tr("this machine");
    switch (m_remote->state()) {
    case RemoteHost::State::Connecting:
        return tr("connecting");
    case RemoteHost::State::Connected:
        return tr("connected");
    case RemoteHost::State::Disconnected:
        return tr("disconnected");
    case RemoteHost::State::Unauthorized:
        return tr("unauthorized");
    }
    return {};
}

QString FleetHostTile::detailText() const
{
    if (!m_remote || m_remote->state() == RemoteHost::State::Connected)
        return {};
    QString text = m_remote->message();
    const qint64 next = m_remote->nextRetryMs();
    if (next >= 0)
        text += QStringLiteral(" · ") + tr("retry %1 of %2").arg(m_remote->retry()).arg(RemoteHost::MaxRetries);
    return text;
}

QColor FleetHostTile::stateColor() const
{
    if (!m_remote)
        return QColor(0x2e, 0xa0, 0x43);
    switch (m_remote->state()) {
    case RemoteHost::State::Connected:
        return QColor(0x2e, 0xa0, 0x43); // green
    case RemoteHost::State::Connecting:
        return QColor(0x9a, 0xa0, 0xa6); // grey
    case RemoteHost::State::Disconnected:
        return QColor(0xd9, 0x30, 0x25); // red
    case RemoteHost::State::Unauthorized:
        return QColor(0xe3, 0x8b, 0x00); // amber
    }
    return {};
}

QSize FleetHostTile::sizeHint() const
{
    const int line = fontMetrics().height();
    return {22 * line, 11 * line};
}

QSize FleetHostTile::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {16 * line, 11 * line};
}

void FleetHostTile::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (m_remote)
        emit reconnectRequested();
    QWidget::mouseDoubleClickEvent(event);
}

void FleetHostTile::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const int line = fontMetrics().height();
    const int pad = line * 2 / 3;

    // Card.
    const QRectF card = QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5);
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(card, 8, 8);

    // Header: state dot, name, state.
    QFont bold = font();
    bold.setWeight(QFont::DemiBold);
    bold.setPointSizeF(font().pointSizeF() * 1.1);
    const QFontMetrics boldMetrics(bold);
    const int headerY = pad;
    const int dot = line / 2;
    p.setPen(Qt::NoPen);
    // The state is a word too: its colour reaches text contrast on the tile (WCAG 2.1 AA).
    const QColor stateInk = contrast::readable(stateColor(), {pal.color(QPalette::Base)}, contrast::Text);
    p.setBrush(stateInk);
    p.drawEllipse(QRectF(pad, headerY + (boldMetrics.height() - dot) / 2.0, dot, dot));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    const QFontMetrics smallMetrics(small);
    const QString state = stateText();
    const int stateWidth = smallMetrics.horizontalAdvance(state);
    p.setFont(bold);
    p.setPen(pal.color(QPalette::Text));
    const int nameX = pad + dot + line / 2;
    const QString name = boldMetrics.elidedText(m_name, Qt::ElideRight, width() - nameX - stateWidth - 2 * pad);
    p.drawText(QRect(nameX, headerY, width(), boldMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter, name);
    p.setFont(small);
    p.setPen(stateInk);
    p.drawText(QRect(0, headerY, width() - pad, boldMetrics.height()), Qt::AlignRight | Qt::AlignVCenter, state);

    // Current values, one column per metric.
    const QList<Sample> samples = m_history.samples();
    const bool live = !m_remote || m_remote->state() == RemoteHost::State::Connected;
    const int valuesY = headerY + boldMetrics.height() + line / 3;
    const int colWidth = (width() - 2 * pad) / 3;
    QFont value = font();
    value.setPointSizeF(font().pointSizeF() * 1.35);
    const QFontMetrics valueMetrics(value);
    for (int i = 0; i < 3; ++i) {
        const Metric metric = AllMetrics[size_t(i)];
        const int x = pad + i * colWidth;
        p.setFont(small);
        p.setPen(metricColor(metric, pal, contrast::Text)); // a name, so text contrast
        p.drawText(QRect(x, valuesY, colWidth, smallMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   metricName(metric));
        p.setFont(value);
        // Old readings are greyed, never below text contrast.
        p.setPen(live ? pal.color(QPalette::Text)
                      : contrast::readable(contrast::over(pal.color(QPalette::PlaceholderText), pal.color(QPalette::Base)),
                                           {pal.color(QPalette::Base)}, contrast::Text));
        const QString text = samples.isEmpty()
                                 ? QStringLiteral("–")
                                 : QStringLiteral("%1 %").arg(metricPercent(samples.last(), metric), 0, 'f', 0);
        p.drawText(QRect(x, valuesY + smallMetrics.height(), colWidth, valueMetrics.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, text);
    }

    // Plot: three lines over the last Capacity samples, newest at the right edge.
    const QString detail = detailText();
    const int footer = detail.isEmpty() ? 0 : smallMetrics.height() + line / 4;
    const QRectF plot(pad, valuesY + smallMetrics.height() + valueMetrics.height() + line / 2, width() - 2 * pad,
                      height() - pad - footer - (valuesY + smallMetrics.height() + valueMetrics.height() + line / 2));
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(90);
    p.setPen(QPen(grid, 1, Qt::DotLine));
    for (int i = 0; i <= 2; ++i) {
        const double y = plot.top() + plot.height() * i / 2.0;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    if (samples.size() >= 2 && plot.height() > 4) {
        const double step = plot.width() / (History::Capacity - 1);
        const qsizetype offset = History::Capacity - samples.size();
        for (const Metric metric : AllMetrics) {
            QPainterPath path;
            for (qsizetype i = 0; i < samples.size(); ++i) {
                const double v = std::clamp(metricPercent(samples.at(i), metric), 0.0, 100.0);
                const QPointF pt(plot.left() + double(offset + i) * step, plot.bottom() - plot.height() * v / 100.0);
                if (i == 0)
                    path.moveTo(pt);
                else
                    path.lineTo(pt);
            }
            QColor color = metricColor(metric, pal);
            if (!live)
                color.setAlpha(110);
            if (metric == Metric::Cpu) { // the busiest line gets a soft area under it
                QPainterPath area = path;
                area.lineTo(path.currentPosition().x(), plot.bottom());
                area.lineTo(plot.left() + double(offset) * step, plot.bottom());
                area.closeSubpath();
                QLinearGradient fill(0, plot.top(), 0, plot.bottom());
                QColor top = color;
                top.setAlpha(live ? 70 : 30);
                QColor bottom = color;
                bottom.setAlpha(0);
                fill.setColorAt(0, top);
                fill.setColorAt(1, bottom);
                p.fillPath(area, fill);
            }
            p.setPen(QPen(color, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
    } else if (plot.height() > 4) {
        p.setFont(small);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("No data yet"));
    }

    if (!detail.isEmpty()) {
        p.setFont(small);
        p.setPen(pal.color(QPalette::PlaceholderText));
        const QRect footerRect(pad, height() - pad - smallMetrics.height(), width() - 2 * pad, smallMetrics.height());
        p.drawText(footerRect, Qt::AlignLeft | Qt::AlignVCenter,
                   smallMetrics.elidedText(detail, Qt::ElideRight, footerRect.width()));
    }
}

} // namespace ziggie::ui
