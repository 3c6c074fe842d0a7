#pragma once
// The last History::Capacity samples, oldest first. Owned by Engine; the server and the
// desktop UI read it and follow appended() — neither keeps a history of its own.

#include "sample.h"

#include <QList>
#include <QObject>

#include <array>
#include <optional>

namespace ziggie {

class History final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(History)

public:
    static constexpr int Capacity = 30;

    explicit History(QObject *parent = nullptr);

    void append(const Sample &sample);
    QList<Sample> samples() const; // oldest first, at most Capacity
    std::optional<Sample> latest() const;
    int size() const { return m_size; }

signals:
    void appended(const ziggie::Sample &sample);

private:
    std::array<Sample, Capacity> m_ring;
    int m_next = 0;
    int m_size = 0;
};

} // namespace ziggie
