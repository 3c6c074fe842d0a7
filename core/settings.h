#pragma once
// The settings file: read by the key table (configkeys.h) and checked by the same rules as
// the command line (configrules.h), written through store(). It also holds the API token,
// so it is kept readable by the user only.
//
// Whatever is at the path, the program keeps running: a value the rules refuse is ignored
// with a warning naming the key and the default applies; a path that is not a regular file
// of INI text (a directory, a FIFO, binary data) is not used at all: defaults apply, this
// run's values live in memory, nothing is written there and no mode is changed.

#include "config.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QVariant>

class QSettings;

namespace ziggie {

class Settings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Settings)

public:
    // filePath empty = the user's standard location (QStandardPaths::GenericConfigLocation).
    explicit Settings(const QString &filePath = QString(), QObject *parent = nullptr);
    ~Settings() override;

    QString filePath() const;
    // Why the file is not used (empty when it is); also logged as a warning.
    QString loadError() const { return m_loadError; }

    // What the file holds; a built-in default, with a warning, for every refused value.
    Config stored() const;
    // Writes every Config field, restricts the file to the user, emits changed().
    // Refused, with the reason, when the file is not used (see loadError()).
    bool store(const Config &config, QString *error = nullptr);

    // The stored API token; generates (>= 256 random bits) and stores one when absent.
    // When it cannot be stored, or the stored one breaks the rules, the new one lasts for
    // this run only (and a warning says so); the file keeps what it had.
    QString ensureToken();

    // Free-form keys for the desktop UI (window geometry, remote hosts, ...).
    QVariant value(const QString &key, const QVariant &defaultValue = QVariant()) const;
    void setValue(const QString &key, const QVariant &value);

    static QString defaultFilePath();

signals:
    void changed();

private:
    QVariant rawValue(const QString &key) const;
    bool writeThrough(const QString &key, const QVariant &value);
    bool restrictToUser();

    QString m_filePath;
    QSettings *m_settings = nullptr; // null when the file is not used
    QHash<QString, QVariant> m_memory; // this run's values that the file does not hold
    QString m_loadError;
};

} // namespace ziggie
