// The user address-space layout shared by the loader, the standalone runner and the kernel.
// [0, USER_BASE) is never mapped (NULL dereferences fault); programs load at their ELF addresses
// inside [USER_BASE, STACK_TOP - STACK_MAX); the stack grows down from STACK_TOP.
export const USER_BASE = 0x0000_1000;
/** First address above the user stack; everything at or above it is not user memory. */
export const STACK_TOP = 0x8000_0000;
/** Largest stack (like Linux's default 8 MiB rlimit); the region below it is free for mmap. */
export const STACK_MAX = 8 * 1024 * 1024;
/** Lowest address the stack may grow to. */
export const STACK_LIMIT = STACK_TOP - STACK_MAX;
/** Anonymous mmap regions are placed from here upwards (below STACK_LIMIT). */
export const MMAP_BASE = 0x4000_0000;
