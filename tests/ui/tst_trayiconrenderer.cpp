#include "metricstyle.h"
#include "trayiconrenderer.h"

#include <QDir>
#include <QPainter>
#include <QTest>

#include <cmath>

using namespace ziggie;
using namespace ziggie::ui;

class TestTrayIconRenderer : public QObject
{
    Q_OBJECT

private:
    static Sample sample(double cpu, double memory, double disk)
    {
        Sample s;
        s.cpuPercent = cpu;
        s.memoryPercent = memory;
        s.diskPercent = disk;
        return s;
    }

    // Colors down the middle of each bar, top to bottom.
    static QList<QRgb> column(const QImage &image, int bar)
    {
        // Find the bar's columns: scan the bottom row for opaque runs.
        const int y = image.height() - 1 - std::max(1, image.height() / 16);
        QList<int> starts;
        bool inside = false;
        for (int x = 0; x < image.width(); ++x) {
            const bool opaque = qAlpha(image.pixel(x, y)) > 0;
            if (opaque && !inside)
                starts.append(x);
            inside = opaque;
        }
        if (starts.size() != 3)
            return {};
        const int barWidth = (image.width() - 2 * std::max(1, image.width() / 16) - 2 * std::max(1, image.width() / 16)) / 3;
        const int x = starts[bar] + barWidth / 2;
        QList<QRgb> colors;
        for (int row = 0; row < image.height(); ++row)
            colors.append(image.pixel(x, row));
        return colors;
    }

    static bool isColor(QRgb pixel, const QColor &color)
    {
        return qAlpha(pixel) == 255 && qRed(pixel) == color.red() && qGreen(pixel) == color.green()
               && qBlue(pixel) == color.blue();
    }

private slots:
    void sizesAreExact_data()
    {
        QTest::addColumn<int>("size");
        for (int size : TrayIconRenderer::Sizes)
            QTest::addRow("%d", size) << size;
    }

    void sizesAreExact()
    {
        QFETCH(int, size);
        const QImage image = TrayIconRenderer::render(sample(100, 50, 0), size);
        QCOMPARE(image.size(), QSize(size, size));

        const QList<QRgb> cpu = column(image, 0);
        const QList<QRgb> memory = column(image, 1);
        const QList<QRgb> disk = column(image, 2);
        QCOMPARE(cpu.size(), size); // three separate bars were found
        const int margin = std::max(1, size / 16);
        const int height = size - 2 * margin;
        const int middle = margin + height / 2;

        // 100 %: full bar in the CPU color (away from rounded ends).
        for (int row = margin + 2; row < size - margin - 2; ++row)
            QVERIFY2(isColor(cpu[row], metricColor(Metric::Cpu)), qPrintable(QString::number(row)));
        // 50 %: memory color in the lower half only.
        QVERIFY(isColor(memory[size - margin - 2], metricColor(Metric::Memory)));
        QVERIFY(!isColor(memory[middle - 2], metricColor(Metric::Memory)));
        // 0 %: only the neutral track.
        for (int row = 0; row < size; ++row)
            QVERIFY(!isColor(disk[row], metricColor(Metric::Disk)));
        QVERIFY(qAlpha(disk[middle]) > 0);
        // Transparent outside the margin: nothing bleeds into the panel.
        QCOMPARE(qAlpha(image.pixel(size / 2, 0)), 0);
    }

    void tinyValuesStayVisible()
    {
        const QImage image = TrayIconRenderer::render(sample(0.4, 0, 0), 16);
        const QList<QRgb> cpu = column(image, 0);
        QCOMPARE(cpu.size(), 16);
        QVERIFY(isColor(cpu[14], metricColor(Metric::Cpu)));
    }

    void noSampleDrawsTracksOnly()
    {
        const QImage image = TrayIconRenderer::render(std::nullopt, 22);
        for (int y = 0; y < 22; ++y) {
            for (int x = 0; x < 22; ++x) {
                for (Metric metric : AllMetrics)
                    QVERIFY(!isColor(image.pixel(x, y), metricColor(metric)));
            }
        }
    }

    // A fleet alert puts a red dot in the top-right corner and leaves the bars' bottoms alone.
    void alertDotMarksTopRightCorner_data()
    {
        QTest::addColumn<int>("size");
        for (int size : TrayIconRenderer::Sizes)
            QTest::addRow("%d", size) << size;
    }

    void alertDotMarksTopRightCorner()
    {
        QFETCH(int, size);
        const QImage plain = TrayIconRenderer::render(sample(30, 40, 50), size);
        const QImage alert = TrayIconRenderer::render(sample(30, 40, 50), size, true);
        QVERIFY(plain != alert);
        const int diameter = std::max(6, size * 2 / 5);
        const QPoint centre(size - diameter / 2 - 1, diameter / 2);
        QCOMPARE(alert.pixel(centre), TrayIconRenderer::alertColor().rgba());
        QVERIFY(plain.pixel(centre) != alert.pixel(centre));
        // The dot stays in its corner: the lower half of the icon is unchanged.
        QCOMPARE(alert.copy(0, size / 2, size, size - size / 2), plain.copy(0, size / 2, size, size - size / 2));
    }

    // Every part of the icon stands out from both a white and a black panel.
    void readableOnLightAndDarkPanels()
    {
        const QImage icon = TrayIconRenderer::render(sample(100, 50, 0), 22);
        const auto luminance = [](QRgb c) { return 0.299 * qRed(c) + 0.587 * qGreen(c) + 0.114 * qBlue(c); };
        for (const QColor &panel : {QColor(Qt::white), QColor(Qt::black), QColor(0xef, 0xf0, 0xf1), QColor(0x23, 0x26, 0x29)}) {
            QImage onPanel(icon.size(), QImage::Format_ARGB32_Premultiplied);
            onPanel.fill(panel);
            QPainter(&onPanel).drawImage(0, 0, icon);
            for (int bar = 0; bar < 3; ++bar) {
                const QList<QRgb> colors = column(icon, bar);
                QCOMPARE(colors.size(), 22);
                // Sample the filled bottom and the track-only top of each bar.
                for (int row : {3, 19}) {
                    const int x = [&] {
                        for (int cx = 0; cx < 22; ++cx) {
                            if (icon.pixel(cx, row) == colors[row])
                                return cx;
                        }
                        return -1;
                    }();
                    QVERIFY(x >= 0);
                    const double contrast = std::abs(luminance(onPanel.pixel(x, row)) - luminance(panel.rgb()));
                    QVERIFY2(contrast >= 40, qPrintable(QStringLiteral("bar %1 row %2 on %3: %4")
                                                            .arg(bar).arg(row).arg(panel.name()).arg(contrast)));
                }
            }
        }
    }

    // With ZIGGIE_SCREENSHOT_DIR set, saves the icon on a light and a dark panel, enlarged, for the docs.
    void picture()
    {
        const QString dir = qEnvironmentVariable("ZIGGIE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("ZIGGIE_SCREENSHOT_DIR not set");
        const QList<Sample> samples{sample(12, 48, 71), sample(87, 63, 71), sample(35, 91, 20)};
        const int cell = 32;
        QImage strip(cell * samples.size(), cell * 2, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&strip);
        painter.fillRect(0, 0, strip.width(), cell, QColor(0xef, 0xf0, 0xf1));
        painter.fillRect(0, cell, strip.width(), cell, QColor(0x23, 0x26, 0x29));
        for (int i = 0; i < samples.size(); ++i) {
            const QImage icon = TrayIconRenderer::render(samples[i], 22);
            painter.drawImage(i * cell + 5, 5, icon);
            painter.drawImage(i * cell + 5, cell + 5, icon);
        }
        painter.end();
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(strip.scaled(strip.size() * 6).save(dir + QStringLiteral("/tray-icon.png")));
    }

    void iconCarriesEverySize()
    {
        const QIcon icon = TrayIconRenderer::icon(sample(10, 20, 30));
        const QList<QSize> sizes = icon.availableSizes();
        for (int size : TrayIconRenderer::Sizes)
            QVERIFY(sizes.contains(QSize(size, size)));
    }
};

QTEST_MAIN(TestTrayIconRenderer)
#include "tst_trayiconrenderer.moc"
