#include "chartwindow.h"
#include "desktopapp.h"
#include "engine.h"
#include "history.h"
#include "settings.h"
#include "settingsdialog.h"
#include "statssampler.h"
#include "statsserver.h"

#include <QApplication>
#include <QLineSeries>
#include <QSystemTrayIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;
using namespace ziggie::ui;

namespace {

Config testConfig(quint16 port)
{
    Config config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.token = QStringLiteral("0123456789abcdef0123456789abcdef0123456789a");
    return config;
}

QMessageBox *visibleMessageBox()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *box = qobject_cast<QMessageBox *>(widget); box && box->isVisible())
            return box;
    }
    return nullptr;
}

} // namespace

// The offscreen platform has no system tray, so these runs take the no-tray path.
class TestDesktopApp : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void withoutTrayTheWindowIsTheApp()
    {
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        Settings settings(m_dir.filePath(QStringLiteral("a.ini")));
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(0), &error), qPrintable(error));
        DesktopApp desktop(engine, settings);
        desktop.start(QString());

        QVERIFY(!desktop.trayIcon());
        // The application icon is embedded at the sizes a window manager asks for.
        const QList<QSize> iconSizes = QApplication::windowIcon().availableSizes();
        for (int size : {16, 32, 48, 256})
            QVERIFY(iconSizes.contains(QSize(size, size)));
        QCOMPARE(QGuiApplication::desktopFileName(), QStringLiteral("io.ziggie.Ziggie"));
        QCOMPARE(QGuiApplication::applicationDisplayName(), QStringLiteral("Ziggie Control Center"));
        QVERIFY(desktop.chartWindow()->isVisible());
        QVERIFY(QApplication::quitOnLastWindowClosed());
        QVERIFY(desktop.chartWindow()->statusText().contains(engine.dashboardUrl().toString()));
        // Full at once: the engine's first sample is already plotted.
        QCOMPARE(desktop.chartWindow()->series(Metric::Cpu)->count(), engine.history().size());
        QVERIFY(engine.history().size() >= 1);
        QVERIFY(!visibleMessageBox());

        desktop.toggleWindow();
        QVERIFY(!desktop.chartWindow()->isVisible());
        desktop.raiseWindow();
        QVERIFY(desktop.chartWindow()->isVisible());
        engine.shutdown();
    }

    void geometryIsRemembered()
    {
        const QString file = m_dir.filePath(QStringLiteral("geometry.ini"));
        QRect remembered;
        {
            Settings settings(file);
            Engine engine;
            DesktopApp desktop(engine, settings);
            desktop.start(QString());
            desktop.chartWindow()->setGeometry(100, 120, 700, 480);
            remembered = desktop.chartWindow()->geometry();
            desktop.chartWindow()->close();
            QVERIFY(!settings.value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
        }
        Settings settings(file);
        Engine engine;
        DesktopApp desktop(engine, settings);
        QCOMPARE(desktop.chartWindow()->geometry().size(), remembered.size());
    }

    void portInUseOffersSettings()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Settings settings(m_dir.filePath(QStringLiteral("b.ini")));
        Engine engine;
        QString listenError;
        QVERIFY(!engine.start(testConfig(squatter.serverPort()), &listenError));
        QVERIFY(!listenError.isEmpty());

        DesktopApp desktop(engine, settings);
        desktop.start(listenError);
        QVERIFY(desktop.chartWindow()->statusText().startsWith(QStringLiteral("Not serving")));
        QMessageBox *box = visibleMessageBox();
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(listenError));

        QPushButton *openSettings = nullptr;
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == QStringLiteral("Open Settings…"))
                openSettings = qobject_cast<QPushButton *>(button);
        }
        QVERIFY(openSettings);
        openSettings->click();
        QTRY_VERIFY(desktop.settingsDialog() && desktop.settingsDialog()->isVisible());

        // Choose any free port: the server comes up and the choice is stored.
        SettingsDialog *dialog = desktop.settingsDialog();
        dialog->findChild<QSpinBox *>(QStringLiteral("port"))->setValue(0);
        dialog->accept();
        QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
        QVERIFY(engine.server().isListening());
        QCOMPARE(settings.stored().port, quint16(0));
        QVERIFY(desktop.chartWindow()->statusText().startsWith(QStringLiteral("Serving http://127.0.0.1:")));
        engine.shutdown();
    }

    void quitStopsServing()
    {
        Settings settings(m_dir.filePath(QStringLiteral("c.ini")));
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(0), &error), qPrintable(error));
        DesktopApp desktop(engine, settings);
        desktop.start(QString());
        QVERIFY(engine.server().isListening());
        desktop.quit();
        QVERIFY(!engine.server().isListening());
        QVERIFY(!engine.sampler().isActive());
        QVERIFY(!desktop.chartWindow()->isVisible());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
