#include "chartwindow.h"

#include "elidedlabel.h"
#include "history.h"
#include "metriccard.h"
#include "processespanel.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCloseEvent>
#include <QDateTime>
#include <QLocale>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLinearGradient>
#include <QPainter>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ziggie::ui {

namespace {

constexpr int index(Metric metric)
{
    return static_cast<int>(metric);
}

QString detailFor(const Sample &sample, Metric metric)
{
    switch (metric) {
    case Metric::Cpu: {
        return ChartWindow::tr("%n logical CPUs", nullptr, QThread::idealThreadCount());
    }
    case Metric::Memory:
        return ChartWindow::tr("%1 of %2 GB used")
            .arg(toGb(sample.memoryUsed), 0, 'f', 1)
            .arg(toGb(sample.memoryTotal), 0, 'f', 1);
    case Metric::Disk:
        return ChartWindow::tr("%1 of %2 GB used")
            .arg(toGb(sample.diskUsed), 0, 'f', 1)
            .arg(toGb(sample.diskTotal), 0, 'f', 1);
    }
    return {};
}

} // namespace

ChartWindow::ChartWindow(History &history, QWidget *parent)
    : QMainWindow(parent)
    , m_history(history)
{
    setWindowTitle(tr("Ziggie Control Center"));
    setObjectName(QStringLiteral("ChartWindow"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    const int spacing = fontMetrics().height() * 3 / 4;
    layout->setContentsMargins(spacing, spacing, spacing, spacing / 2);
    layout->setSpacing(spacing);

    auto *cards = new QHBoxLayout;
    cards->setSpacing(spacing);
    for (Metric metric : AllMetrics) {
        auto *card = new MetricCard(metric, central);
        m_cards[index(metric)] = card;
        cards->addWidget(card);
    }
    layout->addLayout(cards);

    m_chart = new QChart;
    m_chart->setBackgroundVisible(false);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setMargins(QMargins(0, 4, 12, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);

    m_axisY = new QValueAxis(m_chart);
    m_axisY->setRange(0, 100);
    m_axisY->setTickCount(6);
    m_axisY->setLabelFormat(QStringLiteral("%.0f %%"));
    m_axisX = new QValueAxis(m_chart);
    m_axisX->setReverse(true); // newest on the right, like every system monitor
    m_axisX->setLabelFormat(tr("%.0f s"));
    m_axisX->setTitleText(tr("seconds ago"));
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    // A faint area under each line first, so the lines are drawn over all of them.
    for (Metric metric : AllMetrics) {
        auto *outline = new QLineSeries(m_chart);
        auto *area = new QAreaSeries(outline);
        area->setPen(Qt::NoPen); // its fill follows the palette (applyPalette)
        m_chart->addSeries(area);
        area->attachAxis(m_axisX);
        area->attachAxis(m_axisY);
        m_fills[index(metric)] = outline;
        m_areas[index(metric)] = area;
        for (QLegendMarker *marker : m_chart->legend()->markers(area))
            marker->setVisible(false);
    }
    for (Metric metric : AllMetrics) {
        auto *series = new QLineSeries(m_chart);
        series->setName(metricName(metric));
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        m_series[index(metric)] = series;
    }
    for (QLegendMarker *marker : m_chart->legend()->markers())
        marker->setShape(QLegend::MarkerShapeCircle);

    auto *view = new QChartView(m_chart, central);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->setMinimumHeight(fontMetrics().height() * 14);
    view->setBackgroundBrush(Qt::NoBrush);
    view->setStyleSheet(QStringLiteral("background: transparent"));
    view->setAccessibleName(tr("Live chart"));
    view->setAccessibleDescription(tr("CPU, memory and disk usage over the last minutes, newest on the right"));
    view->setFocusPolicy(Qt::NoFocus); // nothing to do there by keyboard: no Tab stop
    // The live page: the chart and, under it, what the pointer is over.
    auto *live = new QWidget(central);
    auto *liveLayout = new QVBoxLayout(live);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    liveLayout->addWidget(view, 1);
    m_liveReadout = new QLabel(live);
    m_liveReadout->setTextFormat(Qt::PlainText);
    m_liveReadout->setAccessibleName(tr("Reading at the pointer"));
    m_liveReadout->setMinimumHeight(fontMetrics().height()); // no jump when it fills
    liveLayout->addWidget(m_liveReadout);
    for (QLineSeries *series : m_series)
        connect(series, &QLineSeries::hovered, this, [this](const QPointF &point, bool inside) {
            m_liveReadout->setText(inside ? liveReadoutAt(point.x()) : QString());
        });
    m_historyPanel = new HistoryPanel(live, central);
    m_processesPanel = new ProcessesPanel(m_history, central);
    auto *split = new QSplitter(Qt::Vertical, central);
    split->setChildrenCollapsible(false);
    split->addWidget(m_historyPanel);
    split->addWidget(m_processesPanel);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setCentralWidget(central);

    m_statusDot = new QLabel(this);
    statusBar()->addWidget(m_statusDot);
    m_status = new ElidedLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleDescription(tr("Where the server listens and how many dashboards are connected"));
    statusBar()->addWidget(m_status, 1);
    auto *dashboard = new QToolButton(this);
    dashboard->setObjectName(QStringLiteral("openDashboard"));
    dashboard->setText(tr("Open Dashboard"));
    dashboard->setAccessibleDescription(tr("Open the web dashboard in the browser"));
    dashboard->setAutoRaise(true);
    dashboard->setFocusPolicy(Qt::StrongFocus);
    connect(dashboard, &QToolButton::clicked, this, &ChartWindow::dashboardRequested);
    statusBar()->addPermanentWidget(dashboard);
    auto *settings = new QToolButton(this);
    settings->setObjectName(QStringLiteral("openSettings"));
    settings->setText(tr("Settings…"));
    settings->setAccessibleDescription(tr("Interval, disk, server address, access token and remote hosts"));
    settings->setAutoRaise(true);
    settings->setFocusPolicy(Qt::StrongFocus);
    connect(settings, &QToolButton::clicked, this, &ChartWindow::settingsRequested);
    statusBar()->addPermanentWidget(settings);
    statusBar()->setSizeGripEnabled(false);

    applyPalette();
    setIntervalMs(m_intervalMs);
    updateStatus();
    refresh();
    connect(&m_history, &History::appended, this, &ChartWindow::refresh);
    resize(defaultWidth(), fontMetrics().height() * 38);
}

// Wide enough for the status line as it usually reads (a loopback URL, up to hundreds of
// dashboards) next to its buttons; anything longer, or a narrower window, elides it.
int ChartWindow::defaultWidth()
{
    statusBar()->ensurePolished(); // the style's fonts and margins, as they will be shown
    const QString current = m_status->fullText();
    m_status->setFullText(statusLine(QStringLiteral("http://127.0.0.1:54112/"), 100, 100));
    // Not shown yet, so the status bar's layouts were not told that the label grew.
    for (QLayout *layout : statusBar()->findChildren<QLayout *>())
        layout->invalidate();
    const int fitting = statusBar()->sizeHint().width();
    m_status->setFullText(current);
    return std::max(fontMetrics().height() * 44, fitting);
}

ChartWindow::~ChartWindow() = default;

void ChartWindow::setIntervalMs(int ms)
{
    m_intervalMs = std::max(1, ms);
    const double span = (History::Capacity - 1) * m_intervalMs / 1000.0;
    m_axisX->setRange(0, span);
    m_axisX->applyNiceNumbers();
    refresh();
}

void ChartWindow::setServing(const QUrl &url, const QString &error)
{
    m_url = url;
    m_servingError = error;
    updateStatus();
}

void ChartWindow::setClientCounts(int publicClients, int authenticatedClients)
{
    m_publicClients = publicClients;
    m_authenticatedClients = authenticatedClients;
    updateStatus();
}

void ChartWindow::setHistoryQuery(HistoryPanel::Query query)
{
    m_historyPanel->setQuery(std::move(query));
}

QLineSeries *ChartWindow::series(Metric metric) const
{
    return m_series[index(metric)];
}

const MetricCard *ChartWindow::card(Metric metric) const
{
    return m_cards[index(metric)];
}

void ChartWindow::setFleetView(QWidget *fleetView)
{
    if (m_fleetView || !fleetView)
        return;
    m_fleetView = fleetView;
    QWidget *local = takeCentralWidget();
    auto *tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->setAccessibleName(tr("Machines"));
    tabs->addTab(local, tr("This machine"));
    tabs->addTab(fleetView, tr("Fleet"));
    setCentralWidget(tabs);
}

QString ChartWindow::statusText() const
{
    return m_status->fullText();
}

void ChartWindow::refresh()
{
    // Rebuilt from the history each tick: at most Capacity points per series, whatever the uptime.
    const QList<Sample> samples = m_history.samples();
    const qint64 newest = samples.isEmpty() ? 0 : samples.last().timestampUs;
    for (Metric metric : AllMetrics) {
        QList<QPointF> points;
        points.reserve(samples.size());
        for (const Sample &sample : samples)
            points.append(QPointF((newest - sample.timestampUs) / 1e6, metricPercent(sample, metric)));
        m_series[index(metric)]->replace(points);
        m_fills[index(metric)]->replace(points);
    }
    // Keep the oldest point in view when ticks arrive later than the interval says.
    if (!samples.isEmpty()) {
        const double oldest = (newest - samples.first().timestampUs) / 1e6;
        if (oldest > m_axisX->max()) {
            m_axisX->setMax(oldest);
            m_axisX->applyNiceNumbers();
        }
    }
    updateCards();
}

QString ChartWindow::liveReadoutAt(double secondsAgo) const
{
    const QList<Sample> samples = m_history.samples();
    if (samples.isEmpty())
        return {};
    const qint64 newest = samples.last().timestampUs;
    const Sample *hit = &samples.last();
    for (const Sample &s : samples)
        if (std::abs((newest - s.timestampUs) / 1e6 - secondsAgo) < std::abs((newest - hit->timestampUs) / 1e6 - secondsAgo))
            hit = &s;
    QStringList parts{QLocale().toString(QDateTime::fromMSecsSinceEpoch(hit->timestampUs / 1000).time(), QLocale::LongFormat)};
    for (Metric metric : AllMetrics)
        parts << tr("%1 %2 %").arg(metricName(metric)).arg(metricPercent(*hit, metric), 0, 'f', 1);
    if (hit->processes && !hit->processes->topCpu.isEmpty()) {
        QStringList who;
        for (qsizetype i = 0; i < std::min<qsizetype>(3, hit->processes->topCpu.size()); ++i)
            who << tr("%1 %2 %").arg(hit->processes->topCpu[i].name).arg(std::lround(hit->processes->topCpu[i].cpuPercent));
        parts << tr("top: %1").arg(who.join(QStringLiteral(", ")));
    }
    return parts.join(QStringLiteral("  ·  "));
}

QString ChartWindow::liveReadout() const
{
    return m_liveReadout->text();
}

void ChartWindow::updateCards()
{
    const std::optional<Sample> latest = m_history.latest();
    for (Metric metric : AllMetrics) {
        if (latest)
            m_cards[index(metric)]->setValue(metricPercent(*latest, metric), detailFor(*latest, metric));
        else
            m_cards[index(metric)]->clear();
    }
}

void ChartWindow::updateStatus()
{
    const qreal dpr = devicePixelRatioF();
    const int size = fontMetrics().height() / 2;
    QPixmap dot(QSize(size, size) * dpr);
    dot.setDevicePixelRatio(dpr);
    dot.fill(Qt::transparent);
    QPainter painter(&dot);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    const QColor state = m_url.isEmpty() ? QColor(0xda, 0x44, 0x53) : QColor(0x27, 0xae, 0x60);
    painter.setBrush(contrast::readable(state, {palette().color(QPalette::Window)}, contrast::Graphics));
    painter.drawEllipse(QRectF(0, 0, size, size));
    painter.end();
    m_statusDot->setPixmap(dot);
    m_statusDot->setContentsMargins(size / 2, 0, 0, 0);

    if (m_url.isEmpty()) {
        m_status->setFullText(m_servingError.isEmpty() ? tr("Not serving") : tr("Not serving: %1").arg(m_servingError));
        return;
    }
    m_status->setFullText(statusLine(m_url.toString(), m_publicClients, m_authenticatedClients));
}

QString ChartWindow::statusLine(const QString &url, int publicClients, int authenticatedClients) const
{
    const QString dashboards = tr("%n dashboards connected", nullptr, publicClients + authenticatedClients);
    return tr("Serving %1  ·  %2 (%3 public, %4 authenticated)")
        .arg(url, dashboards, QString::number(publicClients), QString::number(authenticatedClients));
}

void ChartWindow::applyPalette()
{
    const QPalette &pal = palette();
    QColor text = pal.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.65);
    QColor grid = text;
    grid.setAlphaF(0.10);
    QColor line = text;
    line.setAlphaF(0.25);
    for (QValueAxis *axis : {m_axisX, m_axisY}) {
        axis->setLabelsBrush(muted);
        axis->setTitleBrush(muted);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
        axis->setMinorGridLineVisible(false);
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.9);
        axis->setLabelsFont(small);
        axis->setTitleFont(small);
    }
    m_chart->legend()->setLabelColor(text);

    // The metric colours, shaded for this palette's contrast; a faint area under each line.
    for (Metric metric : AllMetrics) {
        const QColor color = metricColor(metric, pal);
        QPen pen(color, 2.0);
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        m_series[index(metric)]->setPen(pen);
        QLinearGradient fill(0, 0, 0, 1); // fades out towards the baseline
        fill.setCoordinateMode(QGradient::ObjectBoundingMode);
        QColor tint = color;
        for (const auto &[position, alpha] : {std::pair{0.0, 0.16}, {0.45, 0.04}, {1.0, 0.0}}) {
            tint.setAlphaF(alpha);
            fill.setColorAt(position, tint);
        }
        m_areas[index(metric)]->setBrush(fill);
    }
}

void ChartWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        if (m_status)
            updateStatus(); // its dot is shaded for the palette
    }
    QMainWindow::changeEvent(event);
}

void ChartWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    refresh();
}

void ChartWindow::closeEvent(QCloseEvent *event)
{
    emit closing();
    QMainWindow::closeEvent(event);
}

} // namespace ziggie::ui
