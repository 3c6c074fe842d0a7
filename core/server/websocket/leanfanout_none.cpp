// No epoll here: every client stays on its Qt socket (ClientRegistry asks isSupported()).
#include "websocket/leanfanout.h"

namespace ziggie {

struct LeanFanout::Client
{
};

bool LeanFanout::isSupported()
{
    return false;
}

LeanFanout::LeanFanout(Owner &owner, qint64 maxUnsentBytes, qint64 slowGraceMs, qint64 silentLimitMs, QObject *parent)
    : QObject(parent)
    , m_owner(owner)
    , m_maxUnsent(maxUnsentBytes)
    , m_slowGraceMs(slowGraceMs)
    , m_silentLimitMs(silentLimitMs)
{
}

LeanFanout::~LeanFanout() = default;
int LeanFanout::size() const { return 0; }
void LeanFanout::start() {}
void LeanFanout::adopt(int, const QByteArray &, quint32, Endpoint, const QByteArray &) {}
void LeanFanout::broadcast(const std::shared_ptr<const TickFrames> &) {}
void LeanFanout::deliver(quint32, const QByteArray &) {}
void LeanFanout::closeAll(quint16, const QByteArray &) {}

} // namespace ziggie
