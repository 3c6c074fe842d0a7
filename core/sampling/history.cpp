#include "history.h"

namespace ziggie {

History::History(QObject *parent)
    : QObject(parent)
{
}

void History::append(const Sample &sample)
{
    m_ring[m_next] = sample;
    m_next = (m_next + 1) % Capacity;
    if (m_size < Capacity)
        ++m_size;
    emit appended(sample);
}

QList<Sample> History::samples() const
{
    QList<Sample> out;
    out.reserve(m_size);
    const int first = (m_next - m_size + Capacity) % Capacity;
    for (int i = 0; i < m_size; ++i)
        out.append(m_ring[(first + i) % Capacity]);
    return out;
}

std::optional<Sample> History::latest() const
{
    if (m_size == 0)
        return std::nullopt;
    return m_ring[(m_next - 1 + Capacity) % Capacity];
}

} // namespace ziggie
