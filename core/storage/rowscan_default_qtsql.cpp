// Qt's own builds carry SQLite inside the QSQLITE plugin: its handle is not ours to use.
#include "rowscan.h"

namespace ziggie::storage {

std::unique_ptr<RowScan> scanRows(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds)
{
    return scanRowsWithQtSql(db, sql, binds);
}

} // namespace ziggie::storage
