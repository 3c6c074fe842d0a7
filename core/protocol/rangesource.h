#pragma once
// Where stored history comes from, as the server sees it: the durable store implements it and
// the engine hands it over, so the server serves ranges without depending on how they are
// kept. Answers are asynchronous: a query never runs on the thread that serves the ticks.

#include "rangerequest.h"

#include <QByteArray>
#include <QObject>

#include <functional>

namespace ziggie {

class RangeSource
{
public:
    enum class Format { Message, Csv };
    using Answer = std::function<void(const QByteArray &body)>;

    virtual ~RangeSource() = default;
    // The answer reaches `answer` on the caller's thread, unless `context` is gone by then.
    virtual void query(const RangeRequest &request, Format format, const QObject *context, Answer answer) = 0;
};

} // namespace ziggie
