// The QSQLITE driver runs on the system's libsqlite3 here: read through its handle.
#include "rowscan.h"

namespace ziggie::storage {

std::unique_ptr<RowScan> scanRows(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds)
{
    if (auto direct = scanRowsWithSqlite(db, sql, binds))
        return direct;
    return scanRowsWithQtSql(db, sql, binds);
}

} // namespace ziggie::storage
