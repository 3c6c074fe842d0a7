#include "apitoken.h"
#include "options.h"
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
        c.port = 80; // the system decides who may bind it, as on the command line
        QTest::addRow("port below 1024") << c << QString();
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
        c = goodConfig();
        c.token = QStringLiteral("1234567");
        QTest::addRow("7-character token") << c << QStringLiteral("token");
        c = goodConfig();
        c.token = QStringLiteral("12345678"); // what --token accepts, the dialog keeps
        QTest::addRow("8-character token") << c << QString();
        c = goodConfig();
        c.token = QStringLiteral("security-test-token-0123456789abcdef");
        QTest::addRow("token chosen on the command line") << c << QString();
        c = goodConfig();
        c.token = QStringLiteral("has a space in it");
        QTest::addRow("token with spaces") << c << QStringLiteral("token");
        c = goodConfig();
        c.token.clear();
        QTest::addRow("no token") << c << QStringLiteral("token");
        c = goodConfig();
        c.jwtSecret = QStringLiteral("5char");
        QTest::addRow("short JWT secret") << c << QStringLiteral("JWT secret");
        c = goodConfig();
        c.hostNames = {QStringLiteral("dash board")};
        QTest::addRow("bad host name") << c << QStringLiteral("not a host name");
        c = goodConfig();
        c.tlsCertificate = QStringLiteral("/no/such/cert.pem");
        c.tlsKey = QStringLiteral("/no/such/key.pem");
        QTest::addRow("unreadable TLS file") << c << QStringLiteral("cannot be read");
        c = goodConfig();
        c.maxClients = 0;
        QTest::addRow("no clients") << c << QStringLiteral("client limit");
    }

    // Whatever the command line accepts, the dialog accepts, and the other way round, so
    // a configuration started with --token or --port can be saved from the dialog.
    void sameRulesAsTheCommandLine_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("port 80") << QStringLiteral("--port") << QStringLiteral("80") << true;
        QTest::addRow("port 0") << QStringLiteral("--port") << QStringLiteral("0") << true;
        QTest::addRow("interval 0.1") << QStringLiteral("--interval") << QStringLiteral("0.1") << true;
        QTest::addRow("interval 0.09") << QStringLiteral("--interval") << QStringLiteral("0.09") << false;
        QTest::addRow("host ::1") << QStringLiteral("--host") << QStringLiteral("::1") << true;
        QTest::addRow("host name") << QStringLiteral("--host") << QStringLiteral("my-host") << false;
        QTest::addRow("token of 8") << QStringLiteral("--token") << QStringLiteral("abcdefgh") << true;
        QTest::addRow("token of 7") << QStringLiteral("--token") << QStringLiteral("abcdefg") << false;
        QTest::addRow("token with a tab") << QStringLiteral("--token") << QStringLiteral("abcd\tefgh") << false;
        QTest::addRow("secret of 16") << QStringLiteral("--jwt-secret") << QStringLiteral("0123456789abcdef") << true;
        QTest::addRow("secret of 15") << QStringLiteral("--jwt-secret") << QStringLiteral("0123456789abcde") << false;
        QTest::addRow("origin") << QStringLiteral("--allowed-origin") << QStringLiteral("https://a.example") << true;
        QTest::addRow("origin with path") << QStringLiteral("--allowed-origin")
                                          << QStringLiteral("https://a.example/x") << false;
        QTest::addRow("missing disk") << QStringLiteral("--disk") << QStringLiteral("/no/such/folder") << false;
    }
    void sameRulesAsTheCommandLine()
    {
        QFETCH(QString, option);
        QFETCH(QString, value);
        QFETCH(bool, accepted);
        Options options;
        QString error;
        QVERIFY(options.parse({QStringLiteral("ziggie"), option, value}, &error));
        const auto resolved = options.resolve(goodConfig(), QProcessEnvironment(), &error);
        QCOMPARE(bool(resolved), accepted);
        if (!resolved)
            return;
        // The dialog over the resolved configuration: valid as it is...
        SettingsDialog dialog(*resolved, nullptr);
        QVERIFY2(SettingsDialog::validate(dialog.config()).isEmpty(), qPrintable(SettingsDialog::validate(dialog.config())));
        // ...and the command line's refusals are the dialog's.
        Config refused = *resolved;
        if (option == QLatin1String("--token"))
            refused.token.chop(1);
        else if (option == QLatin1String("--jwt-secret"))
            refused.jwtSecret.chop(1);
        else
            return;
        QVERIFY(!SettingsDialog::validate(refused).isEmpty());
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
        child<QLineEdit>(dialog, "diskPath")->setText(QStringLiteral("/no/such/folder/here"));
        dialog.accept();
        QCOMPARE(applied, 0);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.errorText().contains(QStringLiteral("not an existing folder")));
        QVERIFY(child<QLabel>(dialog, "error")->isVisible());

        child<QLineEdit>(dialog, "diskPath")->clear();
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
