#pragma once
// The small pieces of RFC 6455 and JSON the load tool needs, kept apart from its event loop
// so each can be read on its own: the handshake key and its expected accept value (SHA-1 +
// base64), a top-level scan of one server message, and the contract's timestamp format.
// Plain C++ on purpose: the tool must stay cheaper than the server it measures.

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bench {

inline std::array<uint8_t, 20> sha1(std::string_view text)
{
    uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    std::string m(text);
    const uint64_t bits = uint64_t(text.size()) * 8;
    m.push_back(char(0x80));
    while (m.size() % 64 != 56)
        m.push_back(0);
    for (int i = 7; i >= 0; --i)
        m.push_back(char((bits >> (i * 8)) & 0xff));
    auto rol = [](uint32_t v, int s) { return (v << s) | (v >> (32 - s)); };
    for (size_t block = 0; block < m.size(); block += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; ++i) {
            const auto *p = reinterpret_cast<const uint8_t *>(m.data() + block + i * 4);
            w[i] = uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
        }
        for (int i = 16; i < 80; ++i)
            w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            uint32_t f, k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999u;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1u;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDCu;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6u;
            }
            const uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rol(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    std::array<uint8_t, 20> out{};
    for (int i = 0; i < 20; ++i)
        out[i] = uint8_t(h[i / 4] >> (24 - (i % 4) * 8));
    return out;
}

inline std::string base64(const uint8_t *data, size_t size)
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < size; i += 3) {
        const uint32_t n = uint32_t(data[i]) << 16 | (i + 1 < size ? uint32_t(data[i + 1]) << 8 : 0)
                           | (i + 2 < size ? data[i + 2] : 0);
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        out.push_back(i + 1 < size ? alphabet[(n >> 6) & 63] : '=');
        out.push_back(i + 2 < size ? alphabet[n & 63] : '=');
    }
    return out;
}

// Sec-WebSocket-Accept for a given Sec-WebSocket-Key (RFC 6455 section 4.2.2).
inline std::string acceptFor(std::string_view key)
{
    std::string text(key);
    text += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    const auto digest = sha1(text);
    return base64(digest.data(), digest.size());
}

// What the tool reads from one server message: its top-level keys only, so a sample nested
// in `history` is never mistaken for the message itself, whatever order the keys come in.
struct MessageScan
{
    std::string_view type;
    std::string_view timestamp;
    bool cpu = false;
    bool memory = false;
    bool disk = false;
    bool samplesNonEmpty = false;
};

namespace detail {

inline void skipSpace(std::string_view s, size_t &i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        ++i;
}

// Leaves i after the closing quote; returns the content between the quotes (escapes kept).
inline bool readString(std::string_view s, size_t &i, std::string_view *content)
{
    if (i >= s.size() || s[i] != '"')
        return false;
    const size_t start = ++i;
    while (i < s.size() && s[i] != '"')
        i += s[i] == '\\' ? 2 : 1;
    if (i >= s.size())
        return false;
    *content = s.substr(start, i - start);
    ++i;
    return true;
}

inline bool skipValue(std::string_view s, size_t &i)
{
    if (i >= s.size())
        return false;
    if (s[i] == '"') {
        std::string_view ignored;
        return readString(s, i, &ignored);
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                std::string_view ignored;
                if (!readString(s, i, &ignored))
                    return false;
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0) {
                ++i;
                return true;
            }
            ++i;
        }
        return false;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']')
        ++i;
    return true;
}

} // namespace detail

inline bool scanMessage(std::string_view s, MessageScan *out)
{
    using namespace detail;
    size_t i = 0;
    skipSpace(s, i);
    if (i >= s.size() || s[i] != '{')
        return false;
    ++i;
    for (;;) {
        skipSpace(s, i);
        if (i < s.size() && s[i] == '}')
            return true;
        std::string_view key;
        if (!readString(s, i, &key))
            return false;
        skipSpace(s, i);
        if (i >= s.size() || s[i] != ':')
            return false;
        ++i;
        skipSpace(s, i);
        const size_t valueStart = i;
        if (key == "type" || key == "timestamp") {
            std::string_view value;
            if (!readString(s, i, &value))
                return false;
            (key == "type" ? out->type : out->timestamp) = value;
        } else {
            if (!skipValue(s, i))
                return false;
            if (key == "cpu")
                out->cpu = true;
            else if (key == "memory")
                out->memory = true;
            else if (key == "disk")
                out->disk = true;
            else if (key == "samples") {
                size_t j = valueStart + 1;
                skipSpace(s, j);
                out->samplesNonEmpty = s[valueStart] == '[' && j < s.size() && s[j] != ']';
            }
        }
        skipSpace(s, i);
        if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
        }
        return i < s.size() && s[i] == '}';
    }
}

// "2025-11-10T12:30:45.123456Z" -> microseconds since the Unix epoch; -1 when malformed.
inline int64_t parseTimestampUs(std::string_view t)
{
    auto num = [&](size_t pos, size_t len) -> int64_t {
        int64_t v = 0;
        for (size_t k = pos; k < pos + len; ++k) {
            if (k >= t.size() || t[k] < '0' || t[k] > '9')
                return -1;
            v = v * 10 + (t[k] - '0');
        }
        return v;
    };
    if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':'
        || t[16] != ':' || t.back() != 'Z')
        return -1;
    const int64_t y = num(0, 4), mo = num(5, 2), d = num(8, 2);
    const int64_t hh = num(11, 2), mm = num(14, 2), ss = num(17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || hh < 0 || mm < 0 || ss < 0)
        return -1;
    int64_t micros = 0;
    if (t[19] == '.') {
        const size_t digits = t.size() - 21;
        if (digits == 0 || digits > 9)
            return -1;
        micros = num(20, digits);
        if (micros < 0)
            return -1;
        for (size_t k = digits; k < 6; ++k)
            micros *= 10;
        for (size_t k = 6; k < digits; ++k)
            micros /= 10;
    } else if (t.size() != 20) {
        return -1;
    }
    // Days from civil (H. Hinnant's algorithm), valid for the proleptic Gregorian calendar.
    const int64_t yy = y - (mo <= 2);
    const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    const int64_t yoe = yy - era * 400;
    const int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = era * 146097 + doe - 719468;
    return ((days * 24 + hh) * 60 + mm) * 60 * 1000000 + ss * 1000000 + micros;
}

} // namespace bench
