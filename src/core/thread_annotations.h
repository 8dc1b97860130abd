// Clang's thread-safety annotations (-Wthread-safety): what a mutex guards, what a function needs
// held, written so the compiler checks them (the sanitizer build, clang, turns any breach into an
// error). Empty for other compilers. Use them with core/mutex.h's Mutex and MutexLock.
#pragma once

#if defined(__clang__)
#define STRIKELINE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define STRIKELINE_THREAD_ANNOTATION(x)
#endif

// A type that is a lock (core/mutex.h's Mutex).
#define CAPABILITY(name) STRIKELINE_THREAD_ANNOTATION(capability(name))
// A type that holds a lock for its lifetime (MutexLock).
#define SCOPED_CAPABILITY STRIKELINE_THREAD_ANNOTATION(scoped_lockable)
// A member read or written only with `mutex` held.
#define GUARDED_BY(mutex) STRIKELINE_THREAD_ANNOTATION(guarded_by(mutex))
// A pointer member whose pointee is read or written only with `mutex` held.
#define PT_GUARDED_BY(mutex) STRIKELINE_THREAD_ANNOTATION(pt_guarded_by(mutex))
// A function called with the lock(s) held.
#define REQUIRES(...) STRIKELINE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// A function called without the lock(s) held (it takes them).
#define EXCLUDES(...) STRIKELINE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) STRIKELINE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) STRIKELINE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) STRIKELINE_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
