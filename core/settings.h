#pragma once
// The settings file: one typed table of keys with defaults (see settings.cpp), read once,
// written through store(). It also holds the API token, so it is kept readable by the
// user only. A malformed or unreadable file never stops the program: defaults are used
// and loadError() says why.

#include "config.h"

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
    // filePath empty = the user's standard location (QStandardPaths::AppConfigLocation).
    explicit Settings(const QString &filePath = QString(), QObject *parent = nullptr);
    ~Settings() override;

    QString filePath() const;
    QString loadError() const { return m_loadError; }

    // What the file holds, with built-in defaults for absent or invalid keys.
    Config stored() const;
    // Writes every Config field, restricts the file to the user, emits changed().
    bool store(const Config &config, QString *error = nullptr);

    // The stored API token; generates (>= 256 random bits) and stores one when absent.
    QString ensureToken();

    // Free-form keys for the desktop UI (window geometry, remote hosts, ...).
    QVariant value(const QString &key, const QVariant &defaultValue = QVariant()) const;
    void setValue(const QString &key, const QVariant &value);

    static QString defaultFilePath();

signals:
    void changed();

private:
    void restrictToUser();

    QSettings *m_settings;
    QString m_loadError;
};

} // namespace ziggie
