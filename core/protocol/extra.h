#pragma once
// What a client may add to its system_stats frames beyond cpu, memory and disk, by naming it
// in a subscribe message. Nothing is added unless asked for: a client that sends nothing keeps
// the v1 frames byte for byte. Some extras tell what a person is doing (process names) and are
// served only to clients with valid credentials, unless the owner made them public.

#include <QLatin1StringView>
#include <QStringView>
#include <QtGlobal>

#include <array>
#include <optional>

namespace ziggie {

enum class Extra : quint8 { Processes };

inline constexpr std::array<Extra, 1> AllExtras = {Extra::Processes};

// "processes": the extra's name in subscribe messages and its key in frames.
QLatin1StringView extraKey(Extra extra);
std::optional<Extra> extraFromKey(QStringView key);
// Whether only clients with valid credentials (or every client, with the owner's consent) get it.
constexpr bool isPrivate(Extra extra)
{
    return extra == Extra::Processes;
}

class ExtraSet final
{
public:
    static constexpr int Count = 1 << AllExtras.size();

    constexpr ExtraSet() = default;
    constexpr void insert(Extra extra) { m_bits |= bit(extra); }
    constexpr bool contains(Extra extra) const { return (m_bits & bit(extra)) != 0; }
    constexpr bool isEmpty() const { return m_bits == 0; }
    constexpr int index() const { return m_bits; }
    constexpr bool operator==(const ExtraSet &) const = default;

private:
    static constexpr quint16 bit(Extra extra) { return static_cast<quint16>(1u << static_cast<unsigned>(extra)); }

    quint16 m_bits = 0;
};

} // namespace ziggie
