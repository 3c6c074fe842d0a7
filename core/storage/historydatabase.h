#pragma once
// One SQLite connection (through Qt SQL) to the history file, for the thread that owns it: the
// writer's, which creates and migrates the file and moves a corrupt one aside, or a reader's.
// The schema is versioned (PRAGMA user_version) and grows by migrations only.

#include <QSqlDatabase>
#include <QString>

class QSqlError;

namespace ziggie::storage {

class HistoryDatabase final
{
    Q_DISABLE_COPY_MOVE(HistoryDatabase)

public:
    static constexpr int SchemaVersion = 2;
    enum class Mode { Write, Read };

    explicit HistoryDatabase(QString connectionName);
    ~HistoryDatabase();

    // Write: creates the folder and file if need be, migrates, and — when SQLite says the file is
    // not a database or is corrupt — renames it (and its -wal/-shm) to <path>.corrupt-<time>,
    // says so in `movedAside`, and starts a fresh one. Read: opens an existing file read-only.
    bool open(const QString &path, Mode mode, QString *error, QString *movedAside = nullptr);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QSqlDatabase &db() { return m_db; }

    // The statement's error as one line for the log and /health, naming the file.
    QString describe(const QSqlError &error) const;
    static bool isCorruption(const QSqlError &error);

private:
    bool connect(const QString &path, Mode mode, QString *error);
    bool migrate(QString *error);
    bool exec(const char *sql, QString *error);

    QString m_name;
    QString m_path;
    QSqlDatabase m_db;
};

} // namespace ziggie::storage
