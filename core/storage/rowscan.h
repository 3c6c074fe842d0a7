#pragma once
// A forward-only scan of integer rows from the history file: the one read that must be fast,
// since a year at 600 points walks tens of thousands of rows. Qt SQL hands every value over as
// a QVariant, which costs more than SQLite's own work here; where the QSQLITE driver runs on
// the system's libsqlite3 (Linux), the scan reads through the driver's own sqlite3 handle
// instead (QSqlDriver::handle(), documented for this). CMake picks the default per platform;
// both answer the same, which a test checks.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <memory>

class QSqlDatabase;

namespace ziggie::storage {

class RowScan
{
public:
    virtual ~RowScan() = default;
    virtual bool next() = 0;                 // false at the end or on an error
    virtual qint64 value(int column) const = 0; // of the current row
    virtual QByteArray text(int column) const = 0; // UTF-8
};

// `sql` with `?` placeholders bound to `binds` in order. Nothing when it cannot be prepared.
std::unique_ptr<RowScan> scanRows(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds);
std::unique_ptr<RowScan> scanRowsWithQtSql(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds);
// Nothing when the driver is not on the same libsqlite3 as this program.
std::unique_ptr<RowScan> scanRowsWithSqlite(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds);

} // namespace ziggie::storage
