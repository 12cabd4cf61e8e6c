// Linux RV32 system-call numbers (asm-generic/unistd.h, time64-only ABI), as qemu-riscv32 accepts them.
export const SYS = {
  getcwd: 17, dup: 23, dup3: 24, fcntl: 25, ioctl: 29, mkdirat: 34, unlinkat: 35, ftruncate64: 46, chdir: 49, fchdir: 50, openat: 56, close: 57,
  pipe2: 59, getdents64: 61, llseek: 62, read: 63, write: 64, readv: 65, writev: 66, fsync: 82, fdatasync: 83, exit: 93, exit_group: 94,
  waitid: 95, set_tid_address: 96, sched_yield: 124, kill: 129, tkill: 130, tgkill: 131, rt_sigaction: 134,
  rt_sigprocmask: 135, uname: 160, umask: 166, getpid: 172, getppid: 173, getuid: 174, geteuid: 175, getgid: 176,
  getegid: 177, gettid: 178, brk: 214, munmap: 215, clone: 220, execve: 221, mmap2: 222, renameat2: 276, statx: 291,
  clock_gettime64: 403, clock_nanosleep_time64: 407,
} as const;

export const SYSCALL_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SYS).map(([k, v]) => [v, k]));
