// The remote hosts dialog: add, edit, remove, refuse unusable addresses, and never show a
// saved token in clear anywhere in the dialog.

#include "remotehostsdialog.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QTableWidget>
#include <QTest>

using ziggie::FleetHostConfig;
using ziggie::ui::RemoteHostsDialog;

namespace {

const QString Secret = QStringLiteral("s3cret-token-value");

// Every text the dialog shows: table cells, field contents and placeholders.
QStringList visibleTexts(const RemoteHostsDialog &dialog)
{
    QStringList out;
    for (int r = 0; r < dialog.table()->rowCount(); ++r)
        for (int c = 0; c < dialog.table()->columnCount(); ++c)
            out << dialog.table()->item(r, c)->text();
    for (const QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        out << edit->text() << edit->placeholderText() << edit->displayText();
    return out;
}

} // namespace

class TestRemoteHostsDialog : public QObject
{
    Q_OBJECT

private slots:
    void savedTokensAreNeverShown()
    {
        const QList<FleetHostConfig> hosts{
            {QStringLiteral("build"), QUrl(QStringLiteral("http://10.0.0.5:54112")), Secret},
            {QStringLiteral("lab"), QUrl(QStringLiteral("http://10.0.0.6:54112")), QString()}};
        RemoteHostsDialog dialog(hosts, {});
        QCOMPARE(dialog.table()->rowCount(), 2);
        QCOMPARE(dialog.table()->item(0, 2)->text(), RemoteHostsDialog::savedTokenText());
        QCOMPARE(dialog.table()->item(1, 2)->text(), QStringLiteral("none"));
        dialog.table()->selectRow(0);
        QCOMPARE(dialog.nameField()->text(), QStringLiteral("build"));
        QVERIFY(dialog.tokenField()->text().isEmpty());
        QVERIFY(dialog.tokenField()->placeholderText().contains(RemoteHostsDialog::savedTokenText()));
        for (const QString &text : visibleTexts(dialog))
            QVERIFY2(!text.contains(Secret), qPrintable(text));

        // Editing the name without typing a token keeps the saved one.
        dialog.nameField()->setText(QStringLiteral("build-server"));
        QVERIFY(dialog.updateSelected());
        QCOMPARE(dialog.hosts().at(0).name, QStringLiteral("build-server"));
        QCOMPARE(dialog.hosts().at(0).token, Secret);
        for (const QString &text : visibleTexts(dialog))
            QVERIFY2(!text.contains(Secret), qPrintable(text));

        // Typing replaces it; "remove" clears it.
        dialog.table()->selectRow(0);
        dialog.tokenField()->setText(QStringLiteral("new-one"));
        QVERIFY(dialog.updateSelected());
        QCOMPARE(dialog.hosts().at(0).token, QStringLiteral("new-one"));
        dialog.table()->selectRow(0);
        QVERIFY(dialog.clearTokenBox()->isEnabled());
        dialog.clearTokenBox()->setChecked(true);
        QVERIFY(dialog.updateSelected());
        QVERIFY(dialog.hosts().at(0).token.isEmpty());
    }

    void addValidateAndRemove()
    {
        RemoteHostsDialog dialog({}, {75.0, 30000, false});
        QCOMPARE(dialog.alertRule().cpuPercent, 75.0);
        QCOMPARE(dialog.alertRule().sustainMs, 30000);
        QVERIFY(!dialog.alertRule().hostDown);

        dialog.urlField()->setText(QStringLiteral("ftp://10.0.0.7"));
        QVERIFY(!dialog.addFromForm());
        QVERIFY(!dialog.errorText().isEmpty());
        QCOMPARE(dialog.hosts().size(), 0);

        dialog.nameField()->clear();
        dialog.urlField()->setText(QStringLiteral("10.0.0.7:54112")); // scheme optional
        dialog.tokenField()->setText(Secret);
        QVERIFY(dialog.addFromForm());
        QVERIFY(dialog.errorText().isEmpty());
        QCOMPARE(dialog.hosts().size(), 1);
        QCOMPARE(dialog.hosts().at(0).url, QUrl(QStringLiteral("http://10.0.0.7:54112")));
        QCOMPARE(dialog.hosts().at(0).name, QStringLiteral("10.0.0.7"));
        QCOMPARE(dialog.hosts().at(0).token, Secret);
        QVERIFY(dialog.tokenField()->text().isEmpty()); // the typed token is gone once saved

        dialog.table()->selectRow(0);
        dialog.removeSelected();
        QCOMPARE(dialog.hosts().size(), 0);
        QCOMPARE(dialog.table()->rowCount(), 0);
    }
};

QTEST_MAIN(TestRemoteHostsDialog)
#include "tst_remotehostsdialog.moc"
