#include "rowscan.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <cstring>

namespace ziggie::storage {

namespace {
class SqliteRowScan final : public RowScan
{
public:
    explicit SqliteRowScan(sqlite3_stmt *statement)
        : m_statement(statement)
    {
    }
    ~SqliteRowScan() override { sqlite3_finalize(m_statement); }
    SqliteRowScan(const SqliteRowScan &) = delete;
    SqliteRowScan &operator=(const SqliteRowScan &) = delete;

    bool next() override { return sqlite3_step(m_statement) == SQLITE_ROW; }
    qint64 value(int column) const override { return sqlite3_column_int64(m_statement, column); }
    QByteArray text(int column) const override
    {
        const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return QByteArray(bytes, sqlite3_column_bytes(m_statement, column));
    }

private:
    sqlite3_stmt *m_statement;
};

sqlite3 *handleOf(QSqlDatabase &db)
{
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || std::strcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}
} // namespace

std::unique_ptr<RowScan> scanRowsWithSqlite(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds)
{
    sqlite3 *handle = handleOf(db);
    if (!handle)
        return nullptr;
    const QByteArray text = sql.toUtf8();
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(handle, text.constData(), int(text.size()), &statement, nullptr) != SQLITE_OK)
        return nullptr;
    for (int i = 0; i < binds.size(); ++i)
        sqlite3_bind_int64(statement, i + 1, binds[i]);
    return std::make_unique<SqliteRowScan>(statement);
}

} // namespace ziggie::storage
