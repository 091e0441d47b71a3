// Happens-before annotations for ThreadSanitizer where a hand-over goes through uninstrumented code.
// Debian's Qt is not built with -fsanitize=thread, so the locks QThreadPool uses to pass a runnable to a
// pool thread (a futex inside libQt6Core) are invisible to TSan, and the job's own objects would look
// racy. tsanRelease(p) before the hand-over and tsanAcquire(p) after it tell TSan what Qt's lock already
// guarantees. Outside a TSan build both are empty inline functions.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define HINT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define HINT_TSAN 1
#endif
#endif

#ifdef HINT_TSAN
extern "C" {
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
}
#endif

namespace hint::bridge {

// Everything this thread did so far happens before whatever a later tsanAcquire(sync) thread does next.
inline void tsanRelease([[maybe_unused]] const void* sync)
{
#ifdef HINT_TSAN
    __tsan_release(const_cast<void*>(sync));
#endif
}

inline void tsanAcquire([[maybe_unused]] const void* sync)
{
#ifdef HINT_TSAN
    __tsan_acquire(const_cast<void*>(sync));
#endif
}

}  // namespace hint::bridge
