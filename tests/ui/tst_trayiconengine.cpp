#include "trayiconengine.h"
#include "trayiconrenderer.h"

#include <QIcon>
#include <QPainter>
#include <QTest>

using namespace ziggie;
using namespace ziggie::ui;

class TestTrayIconEngine : public QObject
{
    Q_OBJECT

private:
    static Sample sample()
    {
        Sample s;
        s.cpuPercent = 70;
        s.memoryPercent = 40;
        s.diskPercent = 90;
        return s;
    }

private slots:
    void pixmapMatchesTheRendererAtEachSize_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {16, 22, 24, 32, 44})
            QTest::addRow("%d", size) << size;
    }

    void pixmapMatchesTheRendererAtEachSize()
    {
        QFETCH(int, size);
        const QIcon icon(new TrayIconEngine(sample()));
        const QImage drawn = icon.pixmap(QSize(size, size), 1.0).toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(drawn, TrayIconRenderer::render(sample(), size));
    }

    void hiDpiIsDrawnAtDevicePixels()
    {
        const QIcon icon(new TrayIconEngine(sample()));
        const QPixmap pixmap = icon.pixmap(QSize(22, 22), 2.0);
        QCOMPARE(pixmap.size(), QSize(44, 44));
        QCOMPARE(pixmap.devicePixelRatio(), 2.0);
        QImage expected = TrayIconRenderer::render(sample(), 44);
        expected.setDevicePixelRatio(2.0);
        QCOMPARE(pixmap.toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied), expected);
    }

    void nonSquareRectGetsACenteredSquare()
    {
        // An XEmbed tray slot is often taller than wide (22 x 26 under trayer).
        const QIcon icon(new TrayIconEngine(sample()));
        QImage slot(22, 26, QImage::Format_ARGB32_Premultiplied);
        slot.fill(Qt::transparent);
        QPainter painter(&slot);
        icon.paint(&painter, slot.rect());
        painter.end();
        QCOMPARE(slot.copy(0, 2, 22, 22), TrayIconRenderer::render(sample(), 22));
        for (int x = 0; x < 22; ++x) {
            QCOMPARE(qAlpha(slot.pixel(x, 0)), 0);
            QCOMPARE(qAlpha(slot.pixel(x, 25)), 0);
        }
    }

    void advertisesEverySize()
    {
        const QIcon icon(new TrayIconEngine(std::nullopt));
        QCOMPARE(icon.availableSizes().size(), int(TrayIconRenderer::Sizes.size()));
        QCOMPARE(icon.actualSize(QSize(37, 37)), QSize(37, 37));
        QVERIFY(!icon.isNull());
    }
};

QTEST_MAIN(TestTrayIconEngine)
#include "tst_trayiconengine.moc"
