// Comment-only lines leave the dashboard's scripts and styles on their way out; code, strings
// and template literals that merely contain comment marks stay as they are.
#include "http/leantext.h"

#include <QTest>

using namespace ziggie;

class TestLeanText : public QObject
{
    Q_OBJECT

private slots:
    void commentLinesGo()
    {
        const QByteArray source = "// a file comment\n"
                                  "/**\n"
                                  " * JSDoc\n"
                                  " * @param x\n"
                                  " */\n"
                                  "export function f(x) {\n"
                                  "\n"
                                  "    // why\n"
                                  "  return `${x} // not a comment`; // trailing stays\n"
                                  "}\n"
                                  "/* one line */\n"
                                  ".a { color: red; } /* after code: stays */\n";
        QCOMPARE(withoutCommentLines(source), QByteArray("export function f(x) {\n"
                                                         "  return `${x} // not a comment`; // trailing stays\n"
                                                         "}\n"
                                                         ".a { color: red; } /* after code: stays */\n"));
    }

    void aBlockThatEndsInCodeStays()
    {
        const QByteArray source = "/* a */ const x = 1;\n/* b\n c */ const y = 2;\n";
        QCOMPARE(withoutCommentLines(source), source);
    }

    void anUnclosedBlockStays()
    {
        const QByteArray source = "/* never closed\nconst z = 3;\n";
        QCOMPARE(withoutCommentLines(source), source);
    }
};

QTEST_MAIN(TestLeanText)
#include "tst_leantext.moc"
