// Linux and the BSDs: a StatusNotifierItem host behind org.kde.StatusNotifierWatcher on the
// session bus, followed by its signals; and on X11 the XEmbed tray selection, polled.
#include "traywatcher.h"

#include <QDBusAbstractInterface>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QGuiApplication>
#include <QTimer>

#if QT_CONFIG(xcb)
#include <xcb/xcb.h>
#endif

namespace ziggie::ui {

namespace {

const QString WatcherService = QStringLiteral("org.kde.StatusNotifierWatcher");
const QString WatcherPath = QStringLiteral("/StatusNotifierWatcher");
constexpr int CallTimeoutMs = 3000;

// The watcher's host signals as Qt signals, as qdbusxml2cpp would declare them.
class StatusNotifierWatcherInterface final : public QDBusAbstractInterface
{
    Q_OBJECT

public:
    StatusNotifierWatcherInterface(const QDBusConnection &bus, QObject *parent)
        : QDBusAbstractInterface(WatcherService, WatcherPath, "org.kde.StatusNotifierWatcher", bus, parent)
    {
    }

signals:
    void StatusNotifierHostRegistered();
    void StatusNotifierHostUnregistered();
};

QDBusMessage hostRegisteredCall()
{
    QDBusMessage call = QDBusMessage::createMethodCall(WatcherService, WatcherPath,
                                                       QStringLiteral("org.freedesktop.DBus.Properties"),
                                                       QStringLiteral("Get"));
    call << WatcherService << QStringLiteral("IsStatusNotifierHostRegistered");
    return call;
}

} // namespace

struct TrayWatcherBackend
{
    explicit TrayWatcherBackend(TrayWatcher *owner);

    // What Qt 6.4 itself asks before it speaks StatusNotifierItem: is a host registered?
    void readHostRegistered();
    void pollXEmbed();

    TrayWatcher *q;
    QDBusConnection bus = QDBusConnection::sessionBus();
    quint64 generation = 0; // answers to older questions are dropped
#if QT_CONFIG(xcb)
    xcb_connection_t *x11 = nullptr;
    xcb_atom_t selection = XCB_ATOM_NONE;
#endif
};

TrayWatcherBackend::TrayWatcherBackend(TrayWatcher *owner)
    : q(owner)
{
    if (bus.isConnected()) {
        // Any change of owner: a new watcher (a panel restarting) may already have its host.
        auto *services = new QDBusServiceWatcher(WatcherService, bus, QDBusServiceWatcher::WatchForOwnerChange, q);
        QObject::connect(services, &QDBusServiceWatcher::serviceOwnerChanged, q,
                         [this](const QString &, const QString &, const QString &newOwner) {
                             if (!newOwner.isEmpty()) {
                                 readHostRegistered();
                                 return;
                             }
                             ++generation;
                             q->set(TrayWatcher::Kind::StatusNotifier, false);
                         });
        auto *watcher = new StatusNotifierWatcherInterface(bus, q);
        QObject::connect(watcher, &StatusNotifierWatcherInterface::StatusNotifierHostRegistered, q,
                         [this] { readHostRegistered(); });
        QObject::connect(watcher, &StatusNotifierWatcherInterface::StatusNotifierHostUnregistered, q,
                         [this] { readHostRegistered(); });
        // Answered at once, so that start() already knows: a panel that is up must not see
        // the chart window pop up first.
        if (bus.interface()->isServiceRegistered(WatcherService)) {
            const QDBusMessage reply = bus.call(hostRegisteredCall(), QDBus::Block, CallTimeoutMs);
            q->m_present[static_cast<int>(TrayWatcher::Kind::StatusNotifier)] =
                reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()
                && reply.arguments().constFirst().value<QDBusVariant>().variant().toBool();
        }
    }

#if QT_CONFIG(xcb)
    // Only on the xcb platform: others (offscreen) may offer the interface without a connection.
    auto *x11App = QGuiApplication::platformName() == u"xcb"
                       ? qGuiApp->nativeInterface<QNativeInterface::QX11Application>()
                       : nullptr;
    if (x11App && x11App->connection()) {
        x11 = x11App->connection();
        // The selection of the screen the display names (":0" is screen 0, ":0.1" screen 1).
        const QByteArray display = qgetenv("DISPLAY");
        const qsizetype dot = display.lastIndexOf('.');
        const int screen = dot > display.lastIndexOf(':') ? display.mid(dot + 1).toInt() : 0;
        const QByteArray name = "_NET_SYSTEM_TRAY_S" + QByteArray::number(screen);
        xcb_intern_atom_reply_t *atom =
            xcb_intern_atom_reply(x11, xcb_intern_atom(x11, 0, uint16_t(name.size()), name.constData()), nullptr);
        if (atom) {
            selection = atom->atom;
            free(atom);
        }
        if (selection != XCB_ATOM_NONE) {
            pollXEmbed();
            auto *timer = new QTimer(q);
            timer->setInterval(TrayWatcher::XEmbedPollMs);
            QObject::connect(timer, &QTimer::timeout, q, [this] { pollXEmbed(); });
            timer->start();
        }
    }
#endif
}

void TrayWatcherBackend::readHostRegistered()
{
    const quint64 asked = ++generation;
    auto *pending = new QDBusPendingCallWatcher(bus.asyncCall(hostRegisteredCall(), CallTimeoutMs), q);
    QObject::connect(pending, &QDBusPendingCallWatcher::finished, q, [this, asked](QDBusPendingCallWatcher *call) {
        call->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *call;
        if (asked == generation)
            q->set(TrayWatcher::Kind::StatusNotifier, reply.isValid() && reply.value().variant().toBool());
    });
}

void TrayWatcherBackend::pollXEmbed()
{
#if QT_CONFIG(xcb)
    xcb_get_selection_owner_reply_t *owner =
        xcb_get_selection_owner_reply(x11, xcb_get_selection_owner(x11, selection), nullptr);
    const bool owned = owner && owner->owner != XCB_WINDOW_NONE;
    free(owner);
    if (!q->m_backend) // still in the constructor: no one listens yet
        q->m_present[static_cast<int>(TrayWatcher::Kind::XEmbed)] = owned;
    else
        q->set(TrayWatcher::Kind::XEmbed, owned);
#endif
}

TrayWatcher::TrayWatcher(QObject *parent)
    : QObject(parent)
{
    m_backend = std::make_unique<TrayWatcherBackend>(this);
}

TrayWatcher::~TrayWatcher() = default;

} // namespace ziggie::ui

#include "traywatcher_unix.moc"
