// Both ways of scanning rows read the same numbers from the same file.
#include "historystore.h"
#include "historywriter.h"
#include "rowscan.h"

#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace ziggie;
using namespace ziggie::storage;

class TestRowScan : public QObject
{
    Q_OBJECT

private slots:
    void qtSqlAndSqliteAgree()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("scan.sqlite"));
        {
            HistoryStore store(file, Retention());
            store.start();
            for (qint64 i = 0; i < 500; ++i) {
                Sample s;
                s.timestampUs = (1'767'225'600'000 + i * 2000) * 1000;
                s.cpuPercent = double(i % 101);
                s.memoryTotal = quint64(i) << 28;
                store.record(s);
            }
            store.stop();
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("scan"));
        db.setDatabaseName(file);
        QVERIFY(db.open());
        const QString sql = QStringLiteral("SELECT ts, series, value FROM samples WHERE ts >= ? AND ts < ?");
        const QList<qint64> binds{1'767'225'600'000 + 10'000, 1'767'225'600'000 + 900'000};
        auto viaQt = scanRowsWithQtSql(db, sql, binds);
#ifdef ZIGGIE_DIRECT_SCAN
        auto direct = scanRowsWithSqlite(db, sql, binds);
        QVERIFY(direct);
#else
        auto direct = scanRowsWithQtSql(db, sql, binds);
#endif
        QVERIFY(viaQt);
        int rows = 0;
        while (viaQt->next()) {
            QVERIFY(direct->next());
            for (int c = 0; c < 3; ++c)
                QCOMPARE(direct->value(c), viaQt->value(c));
            ++rows;
        }
        QVERIFY(!direct->next());
        QCOMPARE(rows, 445 * 7);
        viaQt.reset();
        direct.reset();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("scan"));
    }
};

QTEST_GUILESS_MAIN(TestRowScan)
#include "tst_rowscan.moc"
