#include "historychart.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>
#include <QVBoxLayout>

namespace ziggie::ui {

namespace {
const char *const SeriesOf[] = {"cpu.usage", "memory.percent", "disk.percent"};
} // namespace

// A chart view that says which time the pointer is over.
class HistoryChartView final : public QChartView
{
public:
    HistoryChartView(QChart *chart, HistoryChart *owner, std::function<void(qint64)> hover)
        : QChartView(chart, owner)
        , m_hover(std::move(hover))
    {
        setMouseTracking(true);
    }

protected:
    void mouseMoveEvent(QMouseEvent *event) override
    {
        const QPointF value = chart()->mapToValue(event->position());
        if (chart()->plotArea().contains(event->position()))
            m_hover(qint64(value.x()));
        QChartView::mouseMoveEvent(event);
    }

private:
    std::function<void(qint64)> m_hover;
};

HistoryChart::HistoryChart(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_chart = new QChart;
    m_chart->setBackgroundVisible(false);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setMargins(QMargins(0, 4, 12, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_axisY = new QValueAxis(m_chart);
    m_axisY->setRange(0, 100);
    m_axisY->setTickCount(6);
    m_axisY->setLabelFormat(QStringLiteral("%.0f %%"));
    m_axisX = new QDateTimeAxis(m_chart);
    m_axisX->setTickCount(6);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    m_view = new HistoryChartView(m_chart, this, [this](qint64 ms) { hoverAt(ms); });
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setBackgroundBrush(Qt::NoBrush);
    m_view->setStyleSheet(QStringLiteral("background: transparent"));
    m_view->setAccessibleName(tr("Stored history"));
    m_view->setAccessibleDescription(tr("CPU, memory and disk over the span chosen: the average as a line, "
                                        "the lowest and highest as a band"));
    m_view->setFocusPolicy(Qt::NoFocus); // nothing to do there by keyboard: no Tab stop
    layout->addWidget(m_view, 1);
    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_message, 1);
    m_readout = new QLabel(this);
    m_readout->setTextFormat(Qt::PlainText);
    m_readout->setAccessibleName(tr("Reading at the pointer"));
    layout->addWidget(m_readout);
}

HistoryChart::~HistoryChart() = default;

void HistoryChart::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->show();
    m_view->hide();
    m_readout->clear();
}

void HistoryChart::setAnswer(const RangeAnswer &answer)
{
    m_answer = answer;
    for (Metric metric : AllMetrics)
        m_column[std::size_t(metric)] = int(answer.series.indexOf(QByteArray(SeriesOf[int(metric)])));
    // Runs: consecutive points no further apart than 1.5 steps.
    m_runs.clear();
    for (std::size_t i = 0; i < answer.points.size(); ++i) {
        if (i > 0 && answer.points[i].startMs - answer.points[i - 1].startMs <= answer.stepMs * 3 / 2)
            m_runs.back().second = i;
        else
            m_runs.emplace_back(i, i);
    }
    rebuild();
    m_message->setVisible(answer.points.empty());
    m_message->setText(tr("Nothing was recorded in this range."));
    m_view->setVisible(!answer.points.empty());
}

void HistoryChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && !m_answer.points.empty())
        rebuild(); // the metric colours are shaded for the palette
    QWidget::changeEvent(event);
}

std::optional<double> HistoryChart::statOf(const RangePoint &p, Metric metric, int which) const
{
    const int column = m_column[std::size_t(metric)];
    if (column < 0 || std::size_t(column) >= p.values.size() || !p.values[std::size_t(column)])
        return std::nullopt;
    const SeriesStats &s = *p.values[std::size_t(column)];
    return double(which == 0 ? s.min : which == 1 ? s.avg : s.max) / 100.0;
}

void HistoryChart::rebuild()
{
    m_chart->removeAllSeries();
    for (auto &list : m_averages)
        list.clear();
    const qint64 span = m_answer.toMs - m_answer.fromMs;
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(m_answer.fromMs), QDateTime::fromMSecsSinceEpoch(m_answer.toMs));
    constexpr qint64 Day = 86400LL * 1000;
    m_axisX->setFormat(span <= Day / 12 ? QStringLiteral("HH:mm")
                       : span <= 2 * Day ? QStringLiteral("ddd HH:mm")
                       : span <= 60 * Day ? QStringLiteral("d MMM")
                                                   : QStringLiteral("MMM yyyy"));
    for (Metric metric : AllMetrics) {
        bool named = false;
        for (const auto &[first, last] : m_runs) {
            auto *low = new QLineSeries;
            auto *high = new QLineSeries;
            auto *average = new QLineSeries;
            for (std::size_t i = first; i <= last; ++i) {
                const RangePoint &p = m_answer.points[i];
                const auto mn = statOf(p, metric, 0), av = statOf(p, metric, 1), mx = statOf(p, metric, 2);
                if (!av)
                    continue;
                // A lone point is drawn across its own step, so it can be seen at all.
                const qint64 t = p.startMs + (first == last ? 0 : m_answer.stepMs / 2);
                for (qint64 x : first == last ? std::vector<qint64>{t, t + m_answer.stepMs} : std::vector<qint64>{t}) {
                    low->append(double(x), *mn);
                    high->append(double(x), *mx);
                    average->append(double(x), *av);
                }
            }
            auto *band = new QAreaSeries(high, low);
            high->setParent(band); // an area series draws its edges but does not own them
            low->setParent(band);
            const QColor color = metricColor(metric, palette());
            QColor tint = color;
            tint.setAlphaF(0.22);
            band->setBrush(tint);
            band->setPen(Qt::NoPen);
            m_chart->addSeries(band);
            QPen pen(color, 2.0);
            pen.setCapStyle(Qt::RoundCap);
            average->setPen(pen);
            average->setName(metricName(metric));
            m_chart->addSeries(average);
            m_averages[std::size_t(metric)].append(average);
            for (QAbstractSeries *s : {static_cast<QAbstractSeries *>(band), static_cast<QAbstractSeries *>(average)}) {
                s->attachAxis(m_axisX);
                s->attachAxis(m_axisY);
            }
            for (QLegendMarker *marker : m_chart->legend()->markers(band))
                marker->setVisible(false);
            for (QLegendMarker *marker : m_chart->legend()->markers(average)) {
                marker->setVisible(!named); // one entry per metric, however many runs
                marker->setShape(QLegend::MarkerShapeCircle);
            }
            named = true;
        }
    }
}

QList<QLineSeries *> HistoryChart::averageSeries(Metric metric) const
{
    return m_averages[std::size_t(metric)];
}

QString HistoryChart::readoutAt(qint64 ms) const
{
    if (m_answer.points.empty())
        return {};
    // The point whose step holds the time, or none in a gap.
    const RangePoint *hit = nullptr;
    for (const RangePoint &p : m_answer.points)
        if (ms >= p.startMs && ms < p.startMs + m_answer.stepMs)
            hit = &p;
    if (!hit)
        return tr("%1: nothing recorded").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat));
    QStringList parts{QLocale().toString(QDateTime::fromMSecsSinceEpoch(hit->startMs), QLocale::ShortFormat)};
    for (Metric metric : AllMetrics) {
        const auto mn = statOf(*hit, metric, 0), av = statOf(*hit, metric, 1), mx = statOf(*hit, metric, 2);
        if (av)
            parts << tr("%1 %2 / %3 / %4 %").arg(metricName(metric)).arg(*mn, 0, 'f', 1).arg(*av, 0, 'f', 1).arg(*mx, 0, 'f', 1);
    }
    // Who used the CPU then: the top three of the point, in percent of one CPU.
    QStringList who;
    for (std::size_t i = 0; i < std::min<std::size_t>(hit->topCpu.size(), 3); ++i)
        who << tr("%1 %2 %").arg(QString::fromUtf8(hit->topCpu[i].name)).arg(double(hit->topCpu[i].cpu) / 100.0, 0, 'f', 0);
    if (!who.isEmpty())
        parts << tr("top: %1").arg(who.join(QStringLiteral(", ")));
    return parts.join(QStringLiteral("  ·  "));
}

void HistoryChart::hoverAt(qint64 ms)
{
    const QString text = readoutAt(ms);
    m_readout->setText(text.isEmpty() ? QString() : tr("min / avg / max — %1").arg(text));
    emit hovered(text);
}

} // namespace ziggie::ui
