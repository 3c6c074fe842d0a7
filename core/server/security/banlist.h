#pragma once
// Slows down guessing of the API token or JWT secret: an address that fails authentication
// too often is refused (429) for a while. The server records failures and asks before it
// checks credentials. Memory stays bounded however many addresses an attacker uses.

#include <QHash>
#include <QHostAddress>
#include <QtGlobal>

#include <array>
#include <functional>

namespace ziggie {

class BanList
{
public:
    static constexpr int MaxFailures = 5;
    static constexpr qint64 WindowMs = 5 * 60 * 1000;
    static constexpr qint64 BanMs = 5 * 60 * 1000;
    static constexpr int DefaultCapacity = 10000;

    using Clock = std::function<qint64()>; // monotonic milliseconds

    // Without a clock, a monotonic one (QElapsedTimer) is used.
    explicit BanList(Clock clock = {}, int capacity = DefaultCapacity);

    // A failed authentication from this address. True exactly when it starts a ban (log it
    // then, once). Failures while banned are not counted and return false.
    bool recordFailure(const QHostAddress &address);
    // A successful authentication forgets this address's earlier failures.
    void recordSuccess(const QHostAddress &address);

    bool isBanned(const QHostAddress &address) const;
    // Milliseconds until the ban ends (0 when not banned), e.g. for Retry-After.
    qint64 banRemainingMs(const QHostAddress &address) const;

    int size() const { return static_cast<int>(m_entries.size()); }
    int capacity() const { return m_capacity; }

private:
    struct Entry
    {
        std::array<qint64, MaxFailures> failures{}; // ring of failure times
        int count = 0;                               // valid entries in the ring
        int next = 0;
        qint64 bannedUntil = 0;
        qint64 lastSeen = 0;
    };
    static QHostAddress normalized(const QHostAddress &address);
    bool isStale(const Entry &entry, qint64 now) const;
    void makeRoom(qint64 now);

    Clock m_clock;
    int m_capacity;
    QHash<QHostAddress, Entry> m_entries;
};

} // namespace ziggie
