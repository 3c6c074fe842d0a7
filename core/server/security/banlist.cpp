#include "banlist.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace ziggie {

BanList::BanList(Clock clock, int capacity)
    : m_clock(std::move(clock))
    , m_capacity(qMax(1, capacity))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

QHostAddress BanList::normalized(const QHostAddress &address)
{
    // ::ffff:10.0.0.1 and 10.0.0.1 are one peer; a scope id does not make another one.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    QHostAddress plain(address);
    plain.setScopeId(QString());
    return plain;
}

bool BanList::isStale(const Entry &entry, qint64 now) const
{
    return entry.bannedUntil <= now && now - entry.lastSeen >= WindowMs;
}

bool BanList::recordFailure(const QHostAddress &address)
{
    const qint64 now = m_clock();
    const QHostAddress key = normalized(address);
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        if (m_entries.size() >= m_capacity)
            makeRoom(now);
        it = m_entries.insert(key, Entry{});
    }
    Entry &entry = *it;
    entry.lastSeen = now;
    if (entry.bannedUntil > now)
        return false;

    entry.failures[entry.next] = now;
    entry.next = (entry.next + 1) % MaxFailures;
    entry.count = qMin(entry.count + 1, MaxFailures);
    // The oldest of the last MaxFailures failures sits where the next one will go.
    if (entry.count < MaxFailures || now - entry.failures[entry.next] >= WindowMs)
        return false;

    entry.bannedUntil = now + BanMs;
    entry.count = 0;
    entry.next = 0;
    return true;
}

void BanList::recordSuccess(const QHostAddress &address)
{
    const auto it = m_entries.find(normalized(address));
    if (it != m_entries.end() && it->bannedUntil <= m_clock())
        m_entries.erase(it);
}

bool BanList::isBanned(const QHostAddress &address) const
{
    return banRemainingMs(address) > 0;
}

qint64 BanList::banRemainingMs(const QHostAddress &address) const
{
    const auto it = m_entries.constFind(normalized(address));
    if (it == m_entries.constEnd())
        return 0;
    return qMax<qint64>(0, it->bannedUntil - m_clock());
}

void BanList::makeRoom(qint64 now)
{
    m_entries.removeIf([&](const auto &item) { return isStale(item.value(), now); });
    if (m_entries.size() < m_capacity)
        return;
    // Still full of live entries (a flood from many addresses): drop the tenth that was
    // quietest, addresses under a ban last, so that one call pays for many insertions.
    std::vector<std::pair<std::pair<bool, qint64>, QHostAddress>> order;
    order.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        order.push_back({{it->bannedUntil > now, it->lastSeen}, it.key()});
    const auto drop = static_cast<std::ptrdiff_t>(qMax<qsizetype>(1, m_entries.size() / 10));
    std::nth_element(order.begin(), order.begin() + drop - 1, order.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (std::ptrdiff_t i = 0; i < drop; ++i)
        m_entries.remove(order[static_cast<size_t>(i)].second);
}

} // namespace ziggie
