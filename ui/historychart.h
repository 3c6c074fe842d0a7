#pragma once
// The chart window's view of a stored range: for CPU, memory and disk the average as a line and
// min–max as a band on a time axis, a run of series per stretch of recorded time so that a gap
// (the machine asleep, the program stopped) stays a gap, and a read-out of the point under the
// pointer (time, min/avg/max of each). It only draws what it is given; the chart window asks the
// engine for the range.

#include "metricstyle.h"
#include "rangeanswer.h"

#include <QWidget>

#include <array>

class QAreaSeries;
class QChart;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace ziggie::ui {

class HistoryChartView;

class HistoryChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryChart)

public:
    explicit HistoryChart(QWidget *parent = nullptr);
    ~HistoryChart() override;

    void setAnswer(const RangeAnswer &answer);
    void showMessage(const QString &message); // instead of a chart: "Loading…", an error

    // For the read-out and for tests: runs of recorded time, and what a time reads.
    int segmentCount() const { return int(m_runs.size()); }
    int pointCount() const { return int(m_answer.points.size()); }
    QList<QLineSeries *> averageSeries(Metric metric) const;
    QString readoutAt(qint64 ms) const;

signals:
    void hovered(const QString &readout);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void hoverAt(qint64 ms);
    std::optional<double> statOf(const RangePoint &p, Metric metric, int which) const;

    RangeAnswer m_answer;
    std::vector<std::pair<std::size_t, std::size_t>> m_runs; // [first, last] point indexes
    std::array<int, 3> m_column{-1, -1, -1}; // metric -> index into m_answer.series
    std::array<QList<QLineSeries *>, 3> m_averages; // per metric, one per run
    QChart *m_chart = nullptr;
    QDateTimeAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    HistoryChartView *m_view = nullptr;
    QLabel *m_readout = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace ziggie::ui
