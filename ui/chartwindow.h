#pragma once
// The window behind "Show charts": current values, the last History::Capacity samples of
// CPU, memory and disk as three lines, and a status line saying where the server listens
// and who is connected. It reads the engine's History and follows History::appended();
// it never samples anything itself. DesktopApp owns it and tells it what the Engine serves.

#include "historypanel.h"
#include "metricstyle.h"

#include <QMainWindow>
#include <QUrl>

#include <array>

class QAreaSeries;
class QChart;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace ziggie {
class History;
}

namespace ziggie::ui {

class ElidedLabel;
class MetricCard;
class ProcessesPanel;

class ChartWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartWindow)

public:
    explicit ChartWindow(History &history, QWidget *parent = nullptr);
    ~ChartWindow() override;

    void setIntervalMs(int ms);
    // url empty = not serving; error then says why.
    void setServing(const QUrl &url, const QString &error = QString());
    void setClientCounts(int publicClients, int authenticatedClients);

    // Puts this machine's charts and the fleet view in two tabs; the window owns the view.
    void setFleetView(QWidget *fleetView);
    QWidget *fleetView() const { return m_fleetView; }

    // Offers the stored spans (1 h … 1 y) beside Live; an empty query offers Live only.
    void setHistoryQuery(HistoryPanel::Query query);
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    ProcessesPanel *processesPanel() const { return m_processesPanel; }

    // The read-out under the live chart for the sample nearest `secondsAgo`: its time, the three
    // figures and the processes with the most CPU then. What hovering the chart shows.
    QString liveReadoutAt(double secondsAgo) const;
    QString liveReadout() const;

    QLineSeries *series(Metric metric) const;
    const MetricCard *card(Metric metric) const;
    QString statusText() const;

signals:
    void settingsRequested();
    void dashboardRequested();
    void closing(); // before the window hides on close: a moment to save its geometry

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void updateCards();
    void updateStatus();
    QString statusLine(const QString &url, int publicClients, int authenticatedClients) const;
    int defaultWidth();
    void applyPalette();

    History &m_history;
    int m_intervalMs = 2000;
    QUrl m_url;
    QString m_servingError;
    int m_publicClients = 0;
    int m_authenticatedClients = 0;

    QChart *m_chart = nullptr;
    QValueAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    std::array<QLineSeries *, 3> m_series{};
    std::array<QLineSeries *, 3> m_fills{}; // outline of each series' translucent area
    std::array<QAreaSeries *, 3> m_areas{};
    QLabel *m_statusDot = nullptr;
    std::array<MetricCard *, 3> m_cards{};
    ElidedLabel *m_status = nullptr;
    QLabel *m_liveReadout = nullptr;
    QWidget *m_fleetView = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    ProcessesPanel *m_processesPanel = nullptr;
};

} // namespace ziggie::ui
