#include "processname.h"

#include <QTest>

#include <string>

using ziggie::processes::ProcessName;

class TestProcessName : public QObject
{
    Q_OBJECT

private slots:
    void assign_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("ascii") << QByteArray("cc1plus") << QByteArray("cc1plus");
        QTest::newRow("spaces and parentheses") << QByteArray("a) b (c") << QByteArray("a) b (c");
        QTest::newRow("two-byte characters") << QByteArray("Привет") << QByteArray("Привет");
        QTest::newRow("four-byte character") << QByteArray("app-\xf0\x9f\x9a\x80") << QByteArray("app-\xf0\x9f\x9a\x80");
        QTest::newRow("control characters") << QByteArray("evil\nname\x1b[1m\x7f") << QByteArray("evil?name?[1m?");
        QTest::newRow("invalid byte") << QByteArray("lat\xe9n") << QByteArray("lat?n");
        QTest::newRow("overlong slash") << QByteArray("a\xc0\xaf" "b") << QByteArray("a??b");
        QTest::newRow("surrogate") << QByteArray("a\xed\xa0\x80") << QByteArray("a???");
        QTest::newRow("past U+10FFFF") << QByteArray("a\xf4\x90\x80\x80") << QByteArray("a????");
        QTest::newRow("stray continuation") << QByteArray("\x80x") << QByteArray("?x");
        // The kernel cut comm in the middle of a character: the half is dropped.
        QTest::newRow("cut character at the end") << QByteArray("aПривет-\xd0") << QByteArray("aПривет-");
        QTest::newRow("empty") << QByteArray() << QByteArray();
    }
    void assign()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const ProcessName name(std::string_view(input.constData(), std::size_t(input.size())));
        QCOMPARE(QByteArray(name.view().data(), qsizetype(name.view().size())), expected);
        QCOMPARE(name.empty(), expected.isEmpty());
    }

    void longNamesAreCutAtACharacterBoundary()
    {
        const std::string ascii(100, 'x');
        QCOMPARE(ProcessName(ascii).view().size(), ProcessName::Capacity);

        // 46 ASCII bytes, then a two-byte character that no longer fits whole.
        const std::string mixed = std::string(46, 'x') + "\xc3\xa9tail";
        const ProcessName cut(mixed);
        QCOMPARE(cut.view(), std::string_view(mixed).substr(0, 46));
    }

    void reassignReplaces()
    {
        ProcessName name("gnome-shell-calendar-server");
        name.assign("ld");
        QCOMPARE(name.view(), std::string_view("ld"));
    }
};

QTEST_GUILESS_MAIN(TestProcessName)
#include "tst_processname.moc"
