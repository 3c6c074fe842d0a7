#pragma once
// Hands memory freed after a burst of clients back to the operating system, so a server's
// RSS returns to its baseline instead of staying at its peak (glibc keeps freed heap).

namespace ziggie {
void releaseFreeMemory();
}
