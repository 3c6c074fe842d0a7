#include "processname.h"

namespace ziggie::processes {

namespace {

// Length of the valid UTF-8 sequence at the start of `s`, 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF are not valid), or -1 when
// `s` ends inside a sequence that was valid so far.
int sequenceLength(std::string_view s)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80)
        return 1;
    int length = 0;
    unsigned char low = 0x80, high = 0xbf; // allowed range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0)
            low = 0xa0;
        else if (lead == 0xed)
            high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0)
            low = 0x90;
        else if (lead == 0xf4)
            high = 0x8f;
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (std::size_t(i) >= s.size())
            return -1;
        const unsigned char c = byte(std::size_t(i));
        const bool ok = i == 1 ? c >= low && c <= high : c >= 0x80 && c <= 0xbf;
        if (!ok)
            return 0;
    }
    return length;
}

} // namespace

void ProcessName::assign(std::string_view text)
{
    std::size_t size = 0;
    while (!text.empty()) {
        const int length = sequenceLength(text);
        if (length < 0)
            break;
        const std::size_t take = length == 0 ? 1 : std::size_t(length);
        if (size + take > Capacity)
            break;
        const auto c = static_cast<unsigned char>(text.front());
        if (length == 0 || c < 0x20 || c == 0x7f) {
            m_bytes[size++] = '?';
        } else {
            for (std::size_t i = 0; i < take; ++i)
                m_bytes[size++] = text[i];
        }
        text.remove_prefix(take);
    }
    m_size = std::uint8_t(size);
}

} // namespace ziggie::processes
