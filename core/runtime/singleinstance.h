#pragma once
// Keeps one desktop instance per user. The first launch listens on a per-user local
// socket; a later launch by the same user connects to it, asks the first one to bring
// its window forward and exits. Another user's instance has a different key and is
// never touched.

#include <QObject>
#include <QString>

class QLocalServer;

namespace ziggie {

class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    explicit SingleInstance(const QString &key, QObject *parent = nullptr);
    ~SingleInstance() override;

    // "ziggie-<user id>": one key per user of this machine.
    static QString defaultKey();

    // True when this process is now the instance for the key. A socket left behind by a
    // crashed instance (nobody answers on it) is taken over.
    bool claim();
    bool isClaimed() const;

    // Asks the running instance to show its window. True when the request was delivered.
    bool activateRunning(int timeoutMs = 3000);

signals:
    void activationRequested();

private:
    void acceptConnections();

    QString m_key;
    QLocalServer *m_server = nullptr;
};

} // namespace ziggie
