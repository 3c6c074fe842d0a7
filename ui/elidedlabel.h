#pragma once
// A one-line label that fits any width: narrower than its text, it shows the text elided
// at the end ("… (0 public, 0 authenticated)" becomes "… (0 pu…") and the whole text as its
// tooltip and accessible name. Its size hint is the whole text, so a layout gives it room
// when there is some, and its minimum is a few characters, so it never holds a window wide.
// The chart window's status line uses it.

#include <QLabel>

namespace ziggie::ui {

class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_fullText; }
    bool isElided() const { return m_elided; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateShownText();

    QString m_fullText;
    bool m_elided = false;
};

} // namespace ziggie::ui
