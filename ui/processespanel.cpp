#include "processespanel.h"

#include "history.h"

#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ziggie::ui {

namespace {

// Numbers sort as numbers, not as text.
class ProcessItem final : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (column == ProcessesPanel::Name)
            return text(column).compare(other.text(column), Qt::CaseInsensitive) < 0;
        return data(column, Qt::UserRole).toDouble() < other.data(column, Qt::UserRole).toDouble();
    }
};

} // namespace

ProcessesPanel::ProcessesPanel(History &history, QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_table(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title->setText(tr("Processes"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);

    m_table->setColumnCount(4);
    m_table->setHeaderLabels({tr("Process"), tr("PID"), tr("CPU %"), tr("Memory")});
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setSortingEnabled(true);
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(Name, QHeaderView::Stretch);
    for (int c : {Pid, Cpu, Memory})
        m_table->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->setAccessibleName(tr("Processes using the most CPU and memory"));
    m_table->setAccessibleDescription(tr("Click a column header to sort by it"));
    m_title->setBuddy(m_table);
    layout->addWidget(m_table, 1);
    sortBy(Cpu);

    if (const auto latest = history.latest())
        show(*latest);
    connect(&history, &History::appended, this, &ProcessesPanel::show);
}

ProcessesPanel::~ProcessesPanel() = default;

void ProcessesPanel::sortBy(Column column)
{
    m_table->sortByColumn(column, column == Name ? Qt::AscendingOrder : Qt::DescendingOrder);
}

void ProcessesPanel::show(const Sample &sample)
{
    if (!sample.processes) {
        m_title->setText(tr("Processes"));
        m_table->clear();
        return;
    }
    const ProcessTable &t = *sample.processes;
    m_title->setText(tr("Processes — %n running", nullptr, int(t.count)));
    // The top by CPU and the top by memory in one list, each process once.
    QList<ProcessShare> rows;
    QSet<quint32> seen;
    for (const QList<ProcessShare> *list : {&t.topCpu, &t.topMemory})
        for (const ProcessShare &p : *list)
            if (!seen.contains(p.pid)) {
                seen.insert(p.pid);
                rows.append(p);
            }
    m_table->setUpdatesEnabled(false);
    m_table->setSortingEnabled(false); // refilled, then sorted once
    m_table->clear();
    for (const ProcessShare &p : rows) {
        auto *item = new ProcessItem(m_table);
        item->setText(Name, p.name);
        item->setText(Pid, QString::number(p.pid));
        item->setData(Pid, Qt::UserRole, double(p.pid));
        item->setText(Cpu, QString::number(p.cpuPercent, 'f', 1));
        item->setData(Cpu, Qt::UserRole, p.cpuPercent);
        const double mib = double(p.residentBytes) / (1024.0 * 1024.0);
        item->setText(Memory, mib >= 1024 ? tr("%1 GiB").arg(mib / 1024.0, 0, 'f', 1) : tr("%1 MiB").arg(mib, 0, 'f', 0));
        item->setData(Memory, Qt::UserRole, mib);
        for (int c : {Pid, Cpu, Memory})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_table->setSortingEnabled(true);
    m_table->setUpdatesEnabled(true);
}

} // namespace ziggie::ui
