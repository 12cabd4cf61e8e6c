/*
 * Process calls. fork is clone(SIGCHLD) and waitpid is waitid(95): rv32 Linux has no fork or
 * wait4. Signal numbers differ between picolibc's headers and Linux, so kill() and the wait
 * status are translated. Pending stdio output is flushed before fork and execve so that it is
 * written exactly once.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "syscall.h"
#include "tessera.h"

#define L_SIGCHLD 17
#define L_WNOHANG 1
#define L_WEXITED 4
#define L_P_ALL 0
#define L_P_PID 1
#define L_P_PGID 2
#define L_CLD_EXITED 1
#define L_CLD_KILLED 2
#define L_CLD_DUMPED 3

extern void __tessera_stdio_flush_all(void);

static const struct { int libc, linux_; } signals[] = {
    { SIGHUP, 1 }, { SIGINT, 2 }, { SIGQUIT, 3 }, { SIGILL, 4 }, { SIGTRAP, 5 },
    { SIGABRT, 6 }, { SIGBUS, 7 }, { SIGFPE, 8 }, { SIGKILL, 9 }, { SIGUSR1, 10 },
    { SIGSEGV, 11 }, { SIGUSR2, 12 }, { SIGPIPE, 13 }, { SIGALRM, 14 }, { SIGTERM, 15 },
    { SIGCHLD, 17 }, { SIGCONT, 18 }, { SIGSTOP, 19 }, { SIGTSTP, 20 },
};

static int sig_to_linux(int s)
{
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (signals[i].libc == s)
            return signals[i].linux_;
    return s;
}

static int sig_from_linux(int s)
{
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (signals[i].linux_ == s)
            return signals[i].libc;
    return s;
}

pid_t fork(void)
{
    __tessera_stdio_flush_all();
    return (pid_t)sys_result(SYSCALL5(SYS_clone, L_SIGCHLD, 0, 0, 0, 0));
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    __tessera_stdio_flush_all();
    return (int)sys_result(SYSCALL3(SYS_execve, path, argv, envp));
}

/* siginfo_t as waitid fills it for SIGCHLD (128 bytes on rv32). */
struct l_siginfo {
    int32_t signo, err, code;
    int32_t pid;
    uint32_t uid;
    int32_t status;
    int32_t pad[26];
};
_Static_assert(sizeof(struct l_siginfo) == 128, "siginfo_t is 128 bytes");

pid_t waitpid(pid_t pid, int *status, int options)
{
    int idtype = pid == -1 ? L_P_ALL : pid > 0 ? L_P_PID : L_P_PGID;
    int id = pid > 0 ? pid : pid < -1 ? -pid : 0;
    int lopt = L_WEXITED | ((options & WNOHANG) ? L_WNOHANG : 0);
    struct l_siginfo si;
    memset(&si, 0, sizeof si);
    if (sys_result(SYSCALL5(SYS_waitid, idtype, id, &si, lopt, 0)) < 0)
        return -1;
    if (si.pid == 0)
        return 0; /* WNOHANG and no child has changed state */
    if (status) {
        switch (si.code) {
        case L_CLD_EXITED: *status = (si.status & 0xff) << 8; break;
        case L_CLD_KILLED: *status = sig_from_linux(si.status) & 0x7f; break;
        case L_CLD_DUMPED: *status = (sig_from_linux(si.status) & 0x7f) | 0x80; break;
        default: *status = 0x7f | ((si.status & 0xff) << 8); break; /* stopped */
        }
    }
    return si.pid;
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

pid_t getpid(void)
{
    return (pid_t)SYSCALL0(SYS_getpid);
}

pid_t getppid(void)
{
    return (pid_t)SYSCALL0(SYS_getppid);
}

uid_t getuid(void) { return (uid_t)SYSCALL0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)SYSCALL0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)SYSCALL0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)SYSCALL0(SYS_getegid); }

int kill(pid_t pid, int sig)
{
    return (int)sys_result(SYSCALL2(SYS_kill, pid, sig_to_linux(sig)));
}

int sched_yield(void)
{
    return (int)sys_result(SYSCALL0(SYS_sched_yield));
}

void _exit(int status)
{
    SYSCALL1(SYS_exit_group, status);
    for (;;) { }
}

void sys_exit(int status)
{
    SYSCALL1(SYS_exit, status);
    for (;;) { }
}
