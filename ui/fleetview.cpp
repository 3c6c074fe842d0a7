#include "fleetview.h"

#include "fleethosttile.h"
#include "fleetmodel.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace ziggie::ui {

FleetView::FleetView(FleetModel &fleet, QWidget *parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_summary(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_grid(new QWidget)
    , m_layout(new QGridLayout(m_grid))
{
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    auto *edit = new QPushButton(tr("Remote hosts…"), this);
    edit->setObjectName(QStringLiteral("editHosts"));
    edit->setAccessibleDescription(tr("Add, change or remove the other machines shown here"));
    top->addWidget(edit);
    connect(edit, &QPushButton::clicked, this, &FleetView::editHostsRequested);

    m_layout->setContentsMargins(0, 0, 0, 0);
    const int gap = fontMetrics().height() / 2;
    m_layout->setSpacing(gap);
    m_scroll->setWidget(m_grid);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(gap, gap, gap, gap);
    layout->setSpacing(gap);
    layout->addLayout(top);
    layout->addWidget(m_scroll, 1);

    connect(&m_fleet, &FleetModel::hostsChanged, this, &FleetView::rebuild);
    connect(&m_fleet, &FleetModel::hostStateChanged, this, &FleetView::updateSummary);
    connect(&m_fleet, &FleetModel::alertsChanged, this, &FleetView::updateSummary);
    rebuild();
}

QString FleetView::summaryText() const
{
    return m_summary->text();
}

void FleetView::rebuild()
{
    qDeleteAll(m_tiles);
    m_tiles.clear();
    m_tiles.append(new FleetHostTile(m_fleet.localName(), m_fleet.localHistory(), nullptr, m_grid));
    for (RemoteHost *host : m_fleet.hosts())
        m_tiles.append(new FleetHostTile(host->name(), host->history(), host, m_grid));
    m_columns = 0;
    relayout();
    updateSummary();
}

void FleetView::relayout()
{
    if (m_tiles.isEmpty())
        return;
    const int margins = layout() ? layout()->contentsMargins().left() + layout()->contentsMargins().right() : 0;
    const int available = width() - margins - m_scroll->verticalScrollBar()->sizeHint().width();
    const int tileWidth = m_tiles.first()->sizeHint().width() + m_layout->spacing();
    const int columns = qBound(1, available / qMax(1, tileWidth), 4);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (FleetHostTile *tile : std::as_const(m_tiles))
        m_layout->removeWidget(tile);
    for (int i = 0; i < m_layout->columnCount(); ++i)
        m_layout->setColumnStretch(i, 0);
    for (int i = 0; i < m_tiles.size(); ++i)
        m_layout->addWidget(m_tiles.at(i), i / columns, i % columns);
    for (int i = 0; i < columns; ++i)
        m_layout->setColumnStretch(i, 1);
    m_layout->setRowStretch(int((m_tiles.size() + columns - 1) / columns), 1);
    m_layout->activate();
}

void FleetView::updateSummary()
{
    const int machines = m_fleet.hostCount() + 1;
    const int down = m_fleet.downCount();
    const QStringList alerts = m_fleet.activeAlerts();
    QStringList parts;
    if (machines == 1)
        parts << tr("This machine only — add remote hosts to watch a fleet.");
    else
        parts << tr("%n machines", nullptr, machines)
              << (down == 0 ? tr("all reachable") : tr("%n not reachable", nullptr, down));
    if (const int cpuAlerts = m_fleet.cpuAlertCount(); cpuAlerts > 0)
        parts << tr("%n over the CPU threshold", nullptr, cpuAlerts);
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    m_summary->setToolTip(alerts.join(u'\n'));
}

void FleetView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

} // namespace ziggie::ui
