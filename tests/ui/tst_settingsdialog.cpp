#include "apitoken.h"
#include "settingsdialog.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(ziggie::Config)

using namespace ziggie;
using namespace ziggie::ui;

namespace {

Config goodConfig()
{
    Config config;
    config.token = generateApiToken();
    return config;
}

template<typename T>
T *child(const QDialog &dialog, const char *name)
{
    T *widget = dialog.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void validate_data()
    {
        QTest::addColumn<Config>("config");
        QTest::addColumn<QString>("reason"); // empty = accepted; else a word of the reason

        QTest::addRow("defaults") << goodConfig() << QString();
        Config c = goodConfig();
        c.intervalMs = 50;
        QTest::addRow("interval too short") << c << QStringLiteral("interval");
        c = goodConfig();
        c.intervalMs = Config::MaxIntervalMs + 1;
        QTest::addRow("interval too long") << c << QStringLiteral("interval");
        c = goodConfig();
        c.port = 80;
        QTest::addRow("privileged port") << c << QStringLiteral("Port 80");
        c = goodConfig();
        c.port = 0;
        QTest::addRow("any free port") << c << QString();
        c = goodConfig();
        c.host = QStringLiteral("not-an-ip");
        QTest::addRow("host not an address") << c << QStringLiteral("not an IP address");
        c = goodConfig();
        c.host = QStringLiteral("203.0.113.7");
        QTest::addRow("host of another computer") << c << QStringLiteral("not an address of this computer");
        c = goodConfig();
        c.host = QStringLiteral("0.0.0.0");
        QTest::addRow("all interfaces") << c << QString();
        c = goodConfig();
        c.host = QStringLiteral("localhost");
        QTest::addRow("localhost") << c << QString();
        c = goodConfig();
        c.diskPath = QStringLiteral("/no/such/folder/here");
        QTest::addRow("missing disk path") << c << QStringLiteral("not an existing folder");
        c = goodConfig();
        c.diskPath = QStringLiteral("relative/dir");
        QTest::addRow("relative disk path") << c << QStringLiteral("absolute");
        c = goodConfig();
        c.diskPath = QDir::tempPath();
        QTest::addRow("existing disk path") << c << QString();
        c = goodConfig();
        c.allowedOrigins = {QStringLiteral("https://dash.example.com"), QStringLiteral("http://192.168.1.20:3000")};
        QTest::addRow("good origins") << c << QString();
        c = goodConfig();
        c.allowedOrigins = {QStringLiteral("ftp://files.example.com")};
        QTest::addRow("origin with wrong scheme") << c << QStringLiteral("not a browser origin");
        c = goodConfig();
        c.allowedOrigins = {QStringLiteral("https://dash.example.com/app")};
        QTest::addRow("origin with path") << c << QStringLiteral("not a browser origin");
        c = goodConfig();
        c.allowedOrigins = {QStringLiteral("dash.example.com")};
        QTest::addRow("origin without scheme") << c << QStringLiteral("not a browser origin");
        c = goodConfig();
        c.token = QStringLiteral("short");
        QTest::addRow("short token") << c << QStringLiteral("token");
    }

    void validate()
    {
        QFETCH(Config, config);
        QFETCH(QString, reason);
        const QString error = SettingsDialog::validate(config);
        if (reason.isEmpty())
            QVERIFY2(error.isEmpty(), qPrintable(error));
        else
            QVERIFY2(error.contains(reason), qPrintable(error));
    }

    void fieldsShowTheCurrentConfig()
    {
        Config config = goodConfig();
        config.intervalMs = 500;
        config.port = 40000;
        config.host = QStringLiteral("0.0.0.0");
        config.diskPath = QDir::tempPath();
        config.allowedOrigins = {QStringLiteral("https://a.example"), QStringLiteral("https://b.example")};
        SettingsDialog dialog(config, nullptr);
        QCOMPARE(child<QDoubleSpinBox>(dialog, "interval")->value(), 0.5);
        QCOMPARE(child<QSpinBox>(dialog, "port")->value(), 40000);
        QVERIFY(child<QRadioButton>(dialog, "lan")->isChecked());
        QCOMPARE(child<QComboBox>(dialog, "lanAddress")->currentText(), QStringLiteral("0.0.0.0"));
        QCOMPARE(child<QPlainTextEdit>(dialog, "origins")->toPlainText(),
                 QStringLiteral("https://a.example\nhttps://b.example"));
        QCOMPARE(dialog.config(), config); // nothing changes by opening and accepting
    }

    void lanShowsAPlainWarning()
    {
        SettingsDialog dialog(goodConfig(), nullptr);
        dialog.show();
        QLabel *warning = child<QLabel>(dialog, "lanWarning");
        QVERIFY(!warning->isVisible());
        child<QRadioButton>(dialog, "lan")->setChecked(true);
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("Anyone on your network")));
        child<QRadioButton>(dialog, "loopback")->setChecked(true);
        QVERIFY(!warning->isVisible());
    }

    void badInputIsRefusedWithTheReason()
    {
        int applied = 0;
        SettingsDialog dialog(goodConfig(), [&applied](const Config &, QString *) { return ++applied, true; });
        dialog.show();
        child<QSpinBox>(dialog, "port")->setValue(443);
        dialog.accept();
        QCOMPARE(applied, 0);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.errorText().contains(QStringLiteral("Port 443")));
        QVERIFY(child<QLabel>(dialog, "error")->isVisible());

        child<QSpinBox>(dialog, "port")->setValue(54112);
        child<QRadioButton>(dialog, "lan")->setChecked(true);
        child<QComboBox>(dialog, "lanAddress")->setCurrentText(QStringLiteral("999.1.1.1"));
        dialog.accept();
        QCOMPARE(applied, 0);
        QVERIFY(dialog.errorText().contains(QStringLiteral("“999.1.1.1” is not an IP address")));
    }

    void goodInputIsApplied()
    {
        QTemporaryDir disk;
        QList<Config> applied;
        const Config original = goodConfig();
        SettingsDialog dialog(original, [&applied](const Config &config, QString *) {
            applied.append(config);
            return true;
        });
        dialog.show();
        child<QDoubleSpinBox>(dialog, "interval")->setValue(0.25);
        child<QSpinBox>(dialog, "port")->setValue(0);
        child<QRadioButton>(dialog, "lan")->setChecked(true);
        child<QComboBox>(dialog, "lanAddress")->setCurrentText(QStringLiteral("0.0.0.0"));
        child<QLineEdit>(dialog, "diskPath")->setText(disk.path());
        child<QPlainTextEdit>(dialog, "origins")->setPlainText(QStringLiteral(" https://dash.example.com/ \n\n"));
        dialog.accept();

        QCOMPARE(applied.size(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        const Config &c = applied.first();
        QCOMPARE(c.intervalMs, 250);
        QCOMPARE(c.port, quint16(0));
        QCOMPARE(c.host, QStringLiteral("0.0.0.0"));
        QCOMPARE(c.diskPath, disk.path());
        QCOMPARE(c.allowedOrigins, QStringList{QStringLiteral("https://dash.example.com")});
        QCOMPARE(c.token, original.token);
    }

    void applyFailureKeepsTheDialogOpen()
    {
        SettingsDialog dialog(goodConfig(), [](const Config &, QString *error) {
            *error = QStringLiteral("127.0.0.1:54112 is already in use");
            return false;
        });
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.errorText(), QStringLiteral("127.0.0.1:54112 is already in use"));
    }

    // With ZIGGIE_SCREENSHOT_DIR set, saves a picture of the dialog for the docs.
    void screenshot()
    {
        const QString dir = qEnvironmentVariable("ZIGGIE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("ZIGGIE_SCREENSHOT_DIR not set");
        Config config = goodConfig();
        config.allowedOrigins = {QStringLiteral("https://dash.example.com")};
        SettingsDialog dialog(config, nullptr);
        dialog.show();
        child<QRadioButton>(dialog, "lan")->setChecked(true);
        dialog.adjustSize();
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(dialog.grab().save(dir + QStringLiteral("/settings-dialog.png")));
    }

    void regenerateMakesANewToken()
    {
        const Config original = goodConfig();
        SettingsDialog dialog(original, nullptr);
        child<QPushButton>(dialog, "regenerateToken")->click();
        const QString token = dialog.config().token;
        QVERIFY(token != original.token);
        QCOMPARE(token.size(), 43);
        QVERIFY(SettingsDialog::validate(dialog.config()).isEmpty());
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
