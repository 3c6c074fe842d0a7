// The desktop as a screen reader and a keyboard meet it: every control of the chart window
// (with its Fleet tab), the settings dialog and the remote hosts dialog has an accessible name
// of its own; the chart window is worked by Tab, Space and Enter alone; the metric colours reach
// WCAG 2.1 AA on light and dark palettes.

#include "apitoken.h"
#include "chartwindow.h"
#include "contrast.h"
#include "darkpalette.h"
#include "fleetmodel.h"
#include "fleetview.h"
#include "history.h"
#include "processespanel.h"
#include "remotehostsdialog.h"
#include "settings.h"
#include "settingsdialog.h"

#include <QAccessible>
#include <QApplication>
#include <QGroupBox>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <set>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

// Roles a person acts on: each must say what it is.
const std::set<QAccessible::Role> Interactive{
    QAccessible::PushButton, QAccessible::CheckBox,  QAccessible::RadioButton, QAccessible::ComboBox,
    QAccessible::EditableText, QAccessible::SpinBox, QAccessible::Slider,      QAccessible::Dial,
    QAccessible::PageTab,    QAccessible::ButtonMenu, QAccessible::ButtonDropDown, QAccessible::Table,
    QAccessible::List,       QAccessible::Tree};

QString describe(QAccessibleInterface *iface)
{
    const QObject *object = iface->object();
    return QStringLiteral("%1 (role %2, object \"%3\")")
        .arg(object ? QString::fromLatin1(object->metaObject()->className()) : QStringLiteral("?"))
        .arg(int(iface->role()))
        .arg(object ? object->objectName() : QString());
}

// Qt names a control without a name of its own after the group box around it; that says
// nothing about the control ("Sampling" for the disk field).
bool namedOnlyAfterItsGroup(QAccessibleInterface *iface, const QString &name)
{
    const auto *widget = qobject_cast<const QWidget *>(iface->object());
    for (const QWidget *w = widget ? widget->parentWidget() : nullptr; w; w = w->parentWidget())
        if (const auto *group = qobject_cast<const QGroupBox *>(w))
            return widget->accessibleName().isEmpty() && QString(group->title()).remove(u'&') == name;
    return false;
}

// Every interactive control under `root` without a usable name, walking the accessibility
// tree the way AT-SPI does (child by child). The parts of a spin box or combo box (its line
// edit, its arrows) speak for the control, which is checked itself.
void collectUnnamed(QAccessibleInterface *iface, QStringList *unnamed, int *controls, int depth = 0)
{
    if (!iface || depth > 40)
        return;
    if (Interactive.count(iface->role())) {
        ++*controls;
        const QString name = iface->text(QAccessible::Name).trimmed();
        if (name.isEmpty())
            unnamed->append(describe(iface));
        else if (namedOnlyAfterItsGroup(iface, name))
            unnamed->append(describe(iface) + QStringLiteral(" named only after its group \"%1\"").arg(name));
    }
    if (iface->role() == QAccessible::SpinBox || iface->role() == QAccessible::ComboBox)
        return;
    for (int i = 0; i < iface->childCount(); ++i)
        collectUnnamed(iface->child(i), unnamed, controls, depth + 1);
}

void verifyAllNamed(QWidget *root, int atLeast)
{
    QStringList unnamed;
    int controls = 0;
    collectUnnamed(QAccessible::queryAccessibleInterface(root), &unnamed, &controls);
    QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("without a name: ") + unnamed.join(QStringLiteral("; "))));
    QVERIFY2(controls >= atLeast, qPrintable(QStringLiteral("only %1 controls found").arg(controls)));
}

QPalette breezeLight()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0xef, 0xf0, 0xf1));
    palette.setColor(QPalette::WindowText, QColor(0x23, 0x26, 0x29));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, QColor(0x23, 0x26, 0x29));
    return palette;
}

RangeAnswer anHour()
{
    RangeAnswer a;
    a.toMs = 1'767'225'600'000;
    a.fromMs = a.toMs - 3600'000;
    a.stepMs = 6000;
    a.series = {"cpu.usage", "memory.percent", "disk.percent"};
    for (int i = 0; i < 10; ++i) {
        RangePoint p;
        p.startMs = a.fromMs + i * a.stepMs;
        p.n = 3;
        p.values = {SeriesStats{100, 2000, 9000}, SeriesStats{4000, 4100, 4200}, SeriesStats{5000, 5000, 5000}};
        a.points.push_back(p);
    }
    return a;
}

Sample aSample()
{
    Sample s;
    s.timestampUs = 1'700'000'000'000'000;
    s.cpuPercent = 12;
    s.memoryPercent = 40;
    s.memoryTotal = 16ull << 30;
    s.diskPercent = 60;
    s.diskTotal = 512ull << 30;
    return s;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // Tab from whatever has focus; what has it next.
    static QWidget *tab()
    {
        QWidget *from = QApplication::focusWidget();
        QTest::keyClick(from ? from : QApplication::activeWindow(), Qt::Key_Tab);
        return QApplication::focusWidget();
    }

private slots:
    void initTestCase()
    {
        QAccessible::setActive(true);
        QVERIFY(m_dir.isValid());
    }

    void chartWindowControlsAreNamed()
    {
        History history;
        history.append(aSample());
        Settings settings(m_dir.filePath(QStringLiteral("fleet.conf")));
        FleetModel fleet(settings, history);
        ChartWindow window(history);
        window.setHistoryQuery([](const RangeRequest &, const QObject *, HistoryPanel::Answer answer) { answer(anHour()); });
        window.setFleetView(new FleetView(fleet));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        verifyAllNamed(&window, 10); // six spans, two tabs, the status bar's two buttons, ...
        window.historyPanel()->selectSpan(1); // Export CSV shows only for a stored span
        verifyAllNamed(&window, 11);
        QCOMPARE(QAccessible::queryAccessibleInterface(window.historyPanel()->spanButton(2))->text(QAccessible::Name),
                 QStringLiteral("24 hours"));
        QVERIFY(!QAccessible::queryAccessibleInterface(window.historyPanel()->spanButton(2))
                     ->text(QAccessible::Description)
                     .isEmpty());
    }

    void dialogControlsAreNamed()
    {
        Config config;
        config.token = generateApiToken();
        SettingsDialog settings(config, nullptr);
        settings.show();
        QVERIFY(QTest::qWaitForWindowExposed(&settings));
        verifyAllNamed(&settings, 12);

        RemoteHostsDialog hosts({{QStringLiteral("build"), QUrl(QStringLiteral("http://192.168.1.20:54112")), QString()}},
                                {80.0, 30000, true});
        hosts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&hosts));
        verifyAllNamed(&hosts, 12);
    }

    void chartWindowWorksByKeyboard()
    {
        History history;
        history.append(aSample());
        ChartWindow window(history);
        window.setHistoryQuery([](const RangeRequest &, const QObject *, HistoryPanel::Answer answer) { answer(anHour()); });
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        HistoryPanel *panel = window.historyPanel();
        auto *exportCsv = panel->findChild<QToolButton *>(QStringLiteral("exportCsv"));
        auto *dashboard = window.findChild<QToolButton *>(QStringLiteral("openDashboard"));
        auto *settings = window.findChild<QToolButton *>(QStringLiteral("openSettings"));
        QVERIFY(exportCsv && dashboard && settings);

        // Live: the spans are one stop, at the span chosen (as radio buttons are), then the
        // processes table (scrolled and sorted by keyboard), the status bar's buttons; the charts
        // are no stop. The cycle comes round to the spans.
        QWidget *processes = window.processesPanel()->table();
        const QList<QWidget *> expected{panel->spanButton(0), processes, dashboard, settings, panel->spanButton(0)};
        QList<QWidget *> seen;
        for (int i = 0; i < 12 && seen.size() < expected.size(); ++i) {
            QWidget *now = tab();
            if (now == expected.first() || !seen.isEmpty())
                seen << now;
        }
        QCOMPARE(seen, expected);

        // The arrow keys move between the spans and choose.
        QTest::keyClick(panel->spanButton(0), Qt::Key_Right);
        QCOMPARE(QApplication::focusWidget(), panel->spanButton(1));
        QCOMPARE(panel->span(), 1);
        QTest::keyClick(panel->spanButton(1), Qt::Key_Right);
        QCOMPARE(panel->span(), 2);
        QTest::keyClick(panel->spanButton(2), Qt::Key_Left);
        QCOMPARE(panel->span(), 1);

        // Space presses a span; Tab then reaches Export CSV before the status bar.
        panel->spanButton(3)->setFocus(Qt::TabFocusReason);
        QTest::keyClick(panel->spanButton(3), Qt::Key_Space);
        QCOMPARE(panel->span(), 3);
        QVERIFY(panel->spanButton(3)->isChecked());
        QVERIFY(exportCsv->isVisible() && exportCsv->isEnabled());
        QCOMPARE(tab(), exportCsv);
        QCOMPARE(tab(), processes);
        QCOMPARE(tab(), dashboard);
        QCOMPARE(tab(), settings);
        QCOMPARE(tab(), panel->spanButton(3)); // round again, to the span chosen

        // Enter and Return press a span too; Live takes Export CSV out of the Tab order again.
        QTest::keyClick(panel->spanButton(5), Qt::Key_Return);
        QCOMPARE(panel->span(), 5);
        QTest::keyClick(panel->spanButton(0), Qt::Key_Enter);
        QCOMPARE(panel->span(), 0);
        QVERIFY(!exportCsv->isVisible());
        QCOMPARE(tab(), processes);
    }

    void contrastFormulaMatchesWcag()
    {
        QCOMPARE(qRound(contrast::ratio(Qt::black, Qt::white) * 100), 2100);
        QCOMPARE(qRound(contrast::ratio(Qt::white, Qt::white) * 100), 100);
        // The usual reference pair: #767676 is the lightest grey with 4.5:1 on white.
        QVERIFY(contrast::ratio(QColor(0x76, 0x76, 0x76), Qt::white) >= 4.5);
        QVERIFY(contrast::ratio(QColor(0x77, 0x77, 0x77), Qt::white) < 4.5);
        QCOMPARE(qRound(contrast::ratio(QColor(0x00, 0x00, 0xff), Qt::white) * 100), 859);
        QCOMPARE(contrast::over(QColor(0, 0, 0, 128), Qt::white).red(), 127);
    }

    void coloursMeetAaInLightAndDark_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("application default") << QApplication::palette();
        QTest::newRow("light") << breezeLight();
        QTest::newRow("dark") << darkPalette();
    }

    void coloursMeetAaInLightAndDark()
    {
        QFETCH(QPalette, palette);
        History history;
        history.append(aSample());
        ChartWindow window(history);
        window.setPalette(palette);
        const QPalette &pal = window.palette();
        const QColor background = pal.color(QPalette::Window), base = pal.color(QPalette::Base);
        for (Metric metric : AllMetrics) {
            const QString what = metricName(metric);
            // The line as the window draws it, against the window; its dot and meter on a card.
            const QColor line = window.series(metric)->pen().color();
            QVERIFY2(contrast::ratio(line, background) >= contrast::Graphics,
                     qPrintable(QStringLiteral("%1 line %2: %3:1").arg(what, line.name()).arg(contrast::ratio(line, background))));
            QVERIFY2(contrast::ratio(line, base) >= contrast::Graphics, qPrintable(what));
            // Names written in the metric's colour (fleet tiles) on a card.
            const QColor text = metricColor(metric, pal, contrast::Text);
            QVERIFY2(contrast::ratio(text, base) >= contrast::Text,
                     qPrintable(QStringLiteral("%1 text %2: %3:1").arg(what, text.name()).arg(contrast::ratio(text, base))));
        }
        // The muted words: axis labels (65 %) on the window, card names and details (70 %) on a card.
        QColor axis = pal.color(QPalette::WindowText);
        axis.setAlphaF(0.65);
        QVERIFY(contrast::ratio(contrast::over(axis, background), background) >= contrast::Text);
        QColor muted = pal.color(QPalette::WindowText);
        muted.setAlphaF(0.7);
        QVERIFY(contrast::ratio(contrast::over(muted, base), base) >= contrast::Text);
        // An error in red stays readable whatever the window's colour.
        const QPalette error = contrast::withTextColor(pal, QColor(0xda, 0x44, 0x53));
        QVERIFY(contrast::ratio(error.color(QPalette::WindowText), background) >= contrast::Text);
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
