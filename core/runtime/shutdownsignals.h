#pragma once
// Turns SIGINT/SIGTERM/SIGHUP (Ctrl+C / console close on Windows) into a Qt signal delivered on
// the main thread, so shutdown can close every client with 1001 instead of dying mid-write.

#include <QObject>

namespace ziggie {

class ShutdownSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShutdownSignals)

public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

signals:
    void requested(int signalNumber);
};

} // namespace ziggie
