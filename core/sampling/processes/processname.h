#pragma once
// A process's display name, held inline so the per-pid cache is one flat array: no heap
// allocation per process, whatever the name. Names come from the kernel or the process
// itself (comm, argv[0], szExeFile) and may be any bytes: what is kept is valid UTF-8
// without control characters, cut at a character boundary, so every consumer (JSON,
// QString, a terminal) can use it as is.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ziggie::processes {

class ProcessName final
{
public:
    // Bytes kept; longer names are cut (a Linux comm is at most 15, macOS 32).
    static constexpr std::size_t Capacity = 47;

    ProcessName() = default;
    explicit ProcessName(std::string_view text) { assign(text); }

    // Invalid UTF-8 and control bytes become '?'; a sequence left incomplete at the end
    // (a comm the kernel cut in the middle of a character) is dropped.
    void assign(std::string_view text);

    std::string_view view() const { return {m_bytes.data(), m_size}; }
    bool empty() const { return m_size == 0; }

private:
    std::array<char, Capacity> m_bytes{};
    std::uint8_t m_size = 0;
};

} // namespace ziggie::processes
