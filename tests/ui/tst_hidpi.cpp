// Run with QT_SCALE_FACTOR=2 (set by ctest): the tray icon, the window icon and the chart
// window are drawn at device pixels, never drawn at 1x and scaled up (which blurs them).
#include "chartwindow.h"
#include "desktopapp.h"
#include "engine.h"
#include "history.h"
#include "settings.h"
#include "trayiconrenderer.h"

#include <QApplication>
#include <QLabel>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

Sample busySample()
{
    Sample s;
    s.timestampUs = 1'700'000'000'000'000;
    s.cpuPercent = 37.0;
    s.memoryPercent = 58.0;
    s.memoryUsed = 9ull << 30;
    s.memoryTotal = 16ull << 30;
    s.diskPercent = 81.0;
    s.diskUsed = 400ull << 30;
    s.diskTotal = 512ull << 30;
    return s;
}

// The pixels alone: the ratio is checked on the pixmaps themselves.
QImage argb(const QImage &image)
{
    QImage out = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(1.0);
    return out;
}

} // namespace

class TestHiDpi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(qFuzzyCompare(qApp->devicePixelRatio(), 2.0), "run with QT_SCALE_FACTOR=2");
    }

    // A panel asks for 22 logical pixels: it gets 44 device pixels drawn at 44.
    void trayIconPixmapAtDevicePixels()
    {
        const QIcon icon = TrayIconRenderer::icon(busySample());
        const QPixmap pixmap = icon.pixmap(QSize(22, 22));
        QCOMPARE(pixmap.size(), QSize(44, 44));
        QCOMPARE(pixmap.devicePixelRatio(), 2.0);
        QCOMPARE(argb(pixmap.toImage()), TrayIconRenderer::render(busySample(), 44));
    }

    // An XEmbed tray paints the icon into its 22 px slot on a 2x surface.
    void trayIconPaintedAtDevicePixels()
    {
        const QIcon icon = TrayIconRenderer::icon(busySample());
        QPixmap slot(QSize(44, 44));
        slot.setDevicePixelRatio(2.0);
        slot.fill(Qt::transparent);
        QPainter painter(&slot);
        icon.paint(&painter, QRect(0, 0, 22, 22));
        painter.end();
        QCOMPARE(argb(slot.toImage()), TrayIconRenderer::render(busySample(), 44));
    }

    // The task bar's 32 px icon comes from the 64 px rendering, not from 32 px scaled up.
    void windowIconAtDevicePixels()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("hidpi.ini")));
        Engine engine;
        DesktopApp desktop(engine, settings);
        const QPixmap pixmap = QApplication::windowIcon().pixmap(QSize(32, 32));
        QCOMPARE(pixmap.size(), QSize(64, 64));
        QCOMPARE(pixmap.devicePixelRatio(), 2.0);
        QCOMPARE(argb(pixmap.toImage()), argb(QImage(QStringLiteral(":/icons/64/ziggie.png"))));
    }

    void chartWindowAtDevicePixels()
    {
        History history;
        history.append(busySample());
        ChartWindow window(history);
        window.setServing(QUrl(QStringLiteral("http://127.0.0.1:54112/")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.devicePixelRatio(), 2.0);
        const QPixmap grab = window.grab();
        QCOMPARE(grab.devicePixelRatio(), 2.0);
        QCOMPARE(grab.size(), window.size() * 2);

        // The status dot is drawn for the screen's ratio too.
        bool sawDot = false;
        for (const QLabel *label : window.findChildren<QLabel *>()) {
            const QPixmap dot = label->pixmap();
            if (dot.isNull())
                continue;
            sawDot = true;
            QCOMPARE(dot.devicePixelRatio(), 2.0);
            QCOMPARE(dot.size(), (dot.deviceIndependentSize() * 2).toSize());
        }
        QVERIFY(sawDot);
    }
};

QTEST_MAIN(TestHiDpi)
#include "tst_hidpi.moc"
