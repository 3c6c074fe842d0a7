#pragma once
// One metric's current value at the top of the chart window: name, a large percentage,
// used/total detail and a slim meter in the metric's color. Painted by hand so the
// three cards line up and scale cleanly with the font.

#include "metricstyle.h"

#include <QWidget>

namespace ziggie::ui {

class MetricCard final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricCard)

public:
    explicit MetricCard(Metric metric, QWidget *parent = nullptr);

    void setValue(double percent, const QString &detail);
    void clear(); // no sample yet

    QString valueText() const;
    QString detailText() const { return m_detail; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    Metric m_metric;
    double m_percent = -1.0; // < 0: no value yet
    QString m_detail;
};

} // namespace ziggie::ui
