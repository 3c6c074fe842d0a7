// Windows: console control events arrive on a thread of their own; a queued call hands
// them to the main thread.
#include "shutdownsignals.h"

#include <QMetaObject>

#include <windows.h>

#include <atomic>

namespace ziggie {

namespace {
std::atomic<ShutdownSignals *> g_instance{nullptr};

BOOL WINAPI onConsoleEvent(DWORD type)
{
    ShutdownSignals *self = g_instance.load();
    if (!self)
        return FALSE;
    QMetaObject::invokeMethod(self, [self, type] { emit self->requested(int(type)); }, Qt::QueuedConnection);
    return TRUE;
}
} // namespace

ShutdownSignals::ShutdownSignals(QObject *parent)
    : QObject(parent)
{
    g_instance = this;
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

ShutdownSignals::~ShutdownSignals()
{
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
    g_instance = nullptr;
}

} // namespace ziggie
