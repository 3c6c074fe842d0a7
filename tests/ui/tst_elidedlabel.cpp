#include "elidedlabel.h"

#include <QHBoxLayout>
#include <QTest>

using namespace ziggie::ui;

class TestElidedLabel : public QObject
{
    Q_OBJECT

private slots:
    void wholeTextWhenItFits()
    {
        ElidedLabel label;
        label.setFullText(QStringLiteral("Serving http://127.0.0.1:54112/"));
        label.resize(label.sizeHint());
        label.show();
        QVERIFY(QTest::qWaitForWindowExposed(&label));
        QCOMPARE(label.text(), label.fullText());
        QVERIFY(!label.isElided());
        QVERIFY(label.toolTip().isEmpty());
        QCOMPARE(label.accessibleName(), label.fullText());
    }

    void elidedWithTheWholeTextAsTooltip()
    {
        ElidedLabel label;
        const QString text = QStringLiteral("Serving http://127.0.0.1:54112/  ·  0 dashboards connected (0 public, 0 authenticated)");
        label.setFullText(text);
        label.show();
        QVERIFY(QTest::qWaitForWindowExposed(&label));
        label.resize(label.sizeHint().width() / 3, label.sizeHint().height());
        QVERIFY(label.isElided());
        QVERIFY(label.text().endsWith(u'…'));
        QVERIFY(text.startsWith(label.text().chopped(1)));
        QCOMPARE(label.toolTip(), text);
        QCOMPARE(label.fullText(), text);

        label.resize(label.sizeHint()); // wide again: whole, no tooltip
        QCOMPARE(label.text(), text);
        QVERIFY(label.toolTip().isEmpty());

        label.resize(label.sizeHint().width() / 3, label.sizeHint().height());
        label.setFullText(QStringLiteral("Not serving")); // short text in a narrow label
        QCOMPARE(label.text(), QStringLiteral("Not serving"));
        QVERIFY(!label.isElided());
    }

    // The layout asks for the whole text but may shrink the label to a few characters.
    void hintsLetLayoutsChoose()
    {
        ElidedLabel label;
        label.setFullText(QString(200, u'x'));
        QVERIFY(label.sizeHint().width() >= label.fontMetrics().horizontalAdvance(label.fullText()));
        QVERIFY(label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance(QString(40, u'x')));

        QWidget window;
        auto *layout = new QHBoxLayout(&window);
        auto *inLayout = new ElidedLabel(&window);
        inLayout->setFullText(label.fullText());
        layout->addWidget(inLayout, 1);
        window.resize(200, 40);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.width() <= 200 + 1);
        QVERIFY(inLayout->isElided());
    }
};

QTEST_MAIN(TestElidedLabel)
#include "tst_elidedlabel.moc"
