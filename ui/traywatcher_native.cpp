// Windows and macOS: the notification area and the menu bar are always there.
#include "traywatcher.h"

#include <QSystemTrayIcon>

namespace ziggie::ui {

struct TrayWatcherBackend
{
};

TrayWatcher::TrayWatcher(QObject *parent)
    : QObject(parent)
    , m_backend(std::make_unique<TrayWatcherBackend>())
{
    m_present[static_cast<int>(Kind::Native)] = QSystemTrayIcon::isSystemTrayAvailable();
}

TrayWatcher::~TrayWatcher() = default;

} // namespace ziggie::ui
