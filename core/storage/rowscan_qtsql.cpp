#include "rowscan.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace ziggie::storage {

namespace {
class QtSqlRowScan final : public RowScan
{
public:
    explicit QtSqlRowScan(QSqlQuery query)
        : m_query(std::move(query))
    {
    }
    bool next() override { return m_query.next(); }
    qint64 value(int column) const override { return m_query.value(column).toLongLong(); }
    QByteArray text(int column) const override { return m_query.value(column).toString().toUtf8(); }

private:
    QSqlQuery m_query;
};
} // namespace

std::unique_ptr<RowScan> scanRowsWithQtSql(QSqlDatabase &db, const QString &sql, const QList<qint64> &binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return nullptr;
    for (const qint64 b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return nullptr;
    return std::make_unique<QtSqlRowScan>(std::move(q));
}

} // namespace ziggie::storage
