#pragma once
// One machine in the fleet view: its name and connection state, the current CPU, memory
// and disk values, and their last History::Capacity samples as three small lines on a
// shared 0–100 % scale. Painted by hand so ten of them stay light and line up.

#include <QWidget>

namespace ziggie {
class History;
class RemoteHost;
}

namespace ziggie::ui {

class FleetHostTile final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetHostTile)

public:
    // remote null = this machine (always "local").
    FleetHostTile(const QString &name, History &history, RemoteHost *remote, QWidget *parent = nullptr);

    QString name() const { return m_name; }
    QString stateText() const;  // "local", "connected", "disconnected", ...
    QString detailText() const; // why it is not connected, or when it retries

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void reconnectRequested();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    QColor stateColor() const;

    QString m_name;
    History &m_history;
    RemoteHost *m_remote;
};

} // namespace ziggie::ui
