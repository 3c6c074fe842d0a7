// The chart window's processes panel: the top by CPU and by memory in one table, each process
// once, sortable as numbers (by CPU, by memory), following every tick, empty without a table.
#include "history.h"
#include "processespanel.h"

#include <QLabel>
#include <QTest>
#include <QTreeWidget>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

Sample tick(qint64 t, double buildCpu)
{
    Sample s;
    s.timestampUs = t;
    auto table = std::make_shared<ProcessTable>();
    table->count = 214;
    table->topCpu = {{QStringLiteral("cc1plus"), buildCpu, 300u << 20, 4711}, {QStringLiteral("make"), 9.5, 8u << 20, 4700}};
    table->topMemory = {{QStringLiteral("firefox"), 2.0, quint64(3) << 30, 100}, {QStringLiteral("cc1plus"), buildCpu, 300u << 20, 4711}};
    s.processes = table;
    return s;
}

QStringList column(QTreeWidget *t, int c)
{
    QStringList out;
    for (int i = 0; i < t->topLevelItemCount(); ++i)
        out << t->topLevelItem(i)->text(c);
    return out;
}

} // namespace

class TestProcessesPanel : public QObject
{
    Q_OBJECT

private slots:
    void theTopListsAreOneSortableTable()
    {
        History history;
        ProcessesPanel panel(history);
        QCOMPARE(panel.table()->topLevelItemCount(), 0);
        history.append(tick(1, 71.25));
        QCOMPARE(panel.table()->topLevelItemCount(), 3); // cc1plus once
        QCOMPARE(column(panel.table(), ProcessesPanel::Name),
                 (QStringList{QStringLiteral("cc1plus"), QStringLiteral("make"), QStringLiteral("firefox")}));
        QCOMPARE(panel.table()->topLevelItem(0)->text(ProcessesPanel::Cpu), QStringLiteral("71.3"));
        panel.sortBy(ProcessesPanel::Memory);
        QCOMPARE(column(panel.table(), ProcessesPanel::Name).first(), QStringLiteral("firefox"));
        QCOMPARE(panel.table()->topLevelItem(0)->text(ProcessesPanel::Memory), QStringLiteral("3.0 GiB"));
        QCOMPARE(panel.table()->topLevelItem(1)->text(ProcessesPanel::Memory), QStringLiteral("300 MiB"));
        // 9.5 sorts below 71 as a number ("9.5" > "71" as text).
        panel.sortBy(ProcessesPanel::Cpu);
        QCOMPARE(column(panel.table(), ProcessesPanel::Name),
                 (QStringList{QStringLiteral("cc1plus"), QStringLiteral("make"), QStringLiteral("firefox")}));
        QVERIFY(panel.findChild<QLabel *>()->text().contains(QStringLiteral("214")));
    }

    void itFollowsEveryTick()
    {
        History history;
        ProcessesPanel panel(history);
        history.append(tick(1, 71.0));
        history.append(tick(2, 3.0));
        QCOMPARE(column(panel.table(), ProcessesPanel::Name).first(), QStringLiteral("make"));
        Sample none;
        none.timestampUs = 3;
        history.append(none);
        QCOMPARE(panel.table()->topLevelItemCount(), 0);
    }
};

QTEST_MAIN(TestProcessesPanel)
#include "tst_processespanel.moc"
