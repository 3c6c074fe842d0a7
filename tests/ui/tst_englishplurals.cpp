// EnglishPlurals installed as the desktop installs it: a count of one reads in the
// singular, every other count and every text without a count as written.

#include "englishplurals.h"

#include <QCoreApplication>
#include <QTest>

using ziggie::ui::EnglishPlurals;

class TestEnglishPlurals : public QObject
{
    Q_OBJECT

    static QString text(const char *source, int n = -1) { return QCoreApplication::translate("Any", source, nullptr, n); }

private slots:
    void countsOfOneAreSingular()
    {
        EnglishPlurals plurals;
        QVERIFY(QCoreApplication::installTranslator(&plurals));
        QCOMPARE(text("%n dashboards connected", 1), QStringLiteral("1 dashboard connected"));
        QCOMPARE(text("%n dashboards connected", 0), QStringLiteral("0 dashboards connected"));
        QCOMPARE(text("%n dashboards connected", 3), QStringLiteral("3 dashboards connected"));
        QCOMPARE(text("%n logical CPUs", 1), QStringLiteral("1 logical CPU"));
        QCOMPARE(text("%n machines", 1), QStringLiteral("1 machine"));
        QCOMPARE(text("%n not reachable", 1), QStringLiteral("1 not reachable"));
        QCOMPARE(text("Settings…"), QStringLiteral("Settings…"));
    }

    void withoutItEveryCountIsPlural()
    {
        QCOMPARE(text("%n dashboards connected", 1), QStringLiteral("1 dashboards connected"));
    }
};

QTEST_GUILESS_MAIN(TestEnglishPlurals)
#include "tst_englishplurals.moc"
