#pragma once
// The fleet at a glance: one small-multiple tile per machine (this one first, then every
// remote host) in a grid that reflows with the width and scrolls, so ten hosts stay
// readable. A summary line says how many are down or alerting. It follows FleetModel and
// rebuilds its tiles only when the list of hosts changes.

#include <QList>
#include <QWidget>

class QGridLayout;
class QLabel;
class QScrollArea;

namespace ziggie {
class FleetModel;
}

namespace ziggie::ui {

class FleetHostTile;

class FleetView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetView)

public:
    explicit FleetView(FleetModel &fleet, QWidget *parent = nullptr);

    int tileCount() const { return int(m_tiles.size()); }
    const FleetHostTile *tile(int index) const { return m_tiles.value(index); }
    QString summaryText() const;
    int columns() const { return m_columns; }

signals:
    void editHostsRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void relayout();
    void updateSummary();

    FleetModel &m_fleet;
    QLabel *m_summary;
    QScrollArea *m_scroll;
    QWidget *m_grid;
    QGridLayout *m_layout;
    QList<FleetHostTile *> m_tiles;
    int m_columns = 0;
};

} // namespace ziggie::ui
