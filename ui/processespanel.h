#pragma once
// The chart window's "Processes" panel: the processes using the most CPU and the most memory
// at the latest tick, in one table sortable by CPU or memory (click a column header). It reads
// the engine's History and follows History::appended(); it never scans anything itself.

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace ziggie {
class History;
struct Sample;
}

namespace ziggie::ui {

class ProcessesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProcessesPanel)

public:
    enum Column { Name, Pid, Cpu, Memory };

    explicit ProcessesPanel(History &history, QWidget *parent = nullptr);
    ~ProcessesPanel() override;

    QTreeWidget *table() const { return m_table; }
    void sortBy(Column column); // highest first

private:
    void show(const Sample &sample);

    QLabel *m_title = nullptr;
    QTreeWidget *m_table = nullptr;
};

} // namespace ziggie::ui
