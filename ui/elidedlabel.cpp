#include "elidedlabel.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QResizeEvent>

#include <cmath>

namespace ziggie::ui {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
}

void ElidedLabel::setFullText(const QString &text)
{
    if (text == m_fullText)
        return;
    m_fullText = text;
    setAccessibleName(text);
    updateShownText();
    updateGeometry();
}

QSize ElidedLabel::sizeHint() const
{
    // Rounded up, plus one: elidedText() measures with fractional advances.
    const int textWidth = int(std::ceil(QFontMetricsF(font()).horizontalAdvance(m_fullText))) + 1;
    const QMargins margins = contentsMargins();
    return QSize(textWidth + margins.left() + margins.right() + 2 * margin(), QLabel::sizeHint().height());
}

QSize ElidedLabel::minimumSizeHint() const
{
    return QSize(fontMetrics().averageCharWidth() * 12, QLabel::minimumSizeHint().height());
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateShownText();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateShownText();
}

void ElidedLabel::updateShownText()
{
    const QString shown = fontMetrics().elidedText(m_fullText, Qt::ElideRight, contentsRect().width() - 2 * margin());
    m_elided = shown != m_fullText;
    setToolTip(m_elided ? m_fullText : QString());
    if (shown != text())
        setText(shown);
}

} // namespace ziggie::ui
