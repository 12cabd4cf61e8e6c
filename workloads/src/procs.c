/*
 * fork/wait as test programs use them: children ending every way a C program can (return from a
 * function, exit 0/1/42/255/256/-1, _exit with unflushed stdio, abort, raise, a NULL store, an
 * illegal instruction, integer division by zero, which does not trap on RISC-V, being killed by the
 * parent), decoded with WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG; atexit handlers; pipes carrying
 * child results back (several writers, EOF when the last write end closes); getppid in the child;
 * waitpid on a specific pid, on any child, WNOHANG, and ECHILD; exec family failures. Only the parent prints; children
 * report through pipes, so the output does not depend on scheduling.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tessera.h"

static int pfd[2], block[2];
static pid_t parent;

static void report(const char *msg)
{
    write_all(pfd[1], msg, strlen(msg));
}

static void bye(void) { report("atexit handler ran\n"); }

static void child(int how)
{
    volatile int zero = 0;
    switch (how) {
    case 0: exit(0);
    case 1: exit(1);
    case 2: exit(42);
    case 3: exit(255);
    case 4: exit(256);
    case 5: exit(-1);
    case 6: atexit(bye); exit(7);
    case 7: printf("unflushed"); _exit(3); /* the partial line is lost: _exit does not flush stdio */
    case 8: abort();
    case 9: raise(SIGTERM); exit(99);
    case 10: raise(SIGUSR1); exit(99);
    case 11: *(volatile int *)0 = 1; exit(99);
    case 12: __asm__ volatile(".word 0"); exit(99);
    case 13: exit(100 / zero + 10); /* RISC-V: x / 0 = -1, so exit(9) */
    case 14: { char c; close(block[1]); read(block[0], &c, 1); exit(99); } /* blocks until the parent kills it */
    case 15: { char m[64]; snprintf(m, sizeof m, "getppid is the parent: %d\n", getppid() == parent); report(m); exit(0); }
    }
    exit(98);
}

static const char *const what[] = { "exit(0)", "exit(1)", "exit(42)", "exit(255)", "exit(256)", "exit(-1)", "atexit+exit(7)",
                                    "_exit(3)", "abort()", "raise(SIGTERM)", "raise(SIGUSR1)", "NULL store", "illegal insn",
                                    "div by zero", "killed SIGKILL", "getppid" };

static void describe(const char *name, int status)
{
    if (WIFEXITED(status))
        printf("%-16s exited, status %d\n", name, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%-16s killed by signal %s\n", name,
               WTERMSIG(status) == SIGABRT ? "SIGABRT" : WTERMSIG(status) == SIGTERM ? "SIGTERM" : WTERMSIG(status) == SIGKILL ? "SIGKILL"
               : WTERMSIG(status) == SIGSEGV ? "SIGSEGV" : WTERMSIG(status) == SIGILL ? "SIGILL" : WTERMSIG(status) == SIGUSR1 ? "SIGUSR1" : "other");
    else
        printf("%-16s status %#x\n", name, status);
}

int main(void)
{
    printf("parent starts\n");
    parent = getpid();
    if (pipe(pfd) != 0 || pipe(block) != 0)
        return 1;
    pid_t pids[16];
    for (int i = 0; i < 16; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            printf("fork failed: %s\n", errname(errno));
            return 1;
        }
        if (pids[i] == 0) {
            close(pfd[0]);
            child(i);
        }
    }
    close(pfd[1]);
    int status;
    printf("WNOHANG on the blocked child: %d\n", waitpid(pids[14], &status, WNOHANG));
    kill(pids[14], SIGKILL);
    close(block[0]);
    close(block[1]);
    for (int i = 0; i < 16; i++) {
        pid_t r = waitpid(pids[i], &status, 0);
        if (r != pids[i])
            printf("waitpid %d: %d %s\n", i, r, errname(errno));
        else
            describe(what[i], status);
    }
    errno = 0;
    printf("wait with no children: %d %s\n", wait(&status), errname(errno));

    /* The children's reports: read to EOF (every write end is closed now), then print sorted. */
    char buf[512];
    size_t len = 0;
    long n;
    while ((n = read(pfd[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    buf[len] = 0;
    printf("pipe carried %zu bytes:\n", len);
    char *lines[8];
    int nl = 0;
    for (char *t = strtok(buf, "\n"); t && nl < 8; t = strtok(NULL, "\n"))
        lines[nl++] = t;
    for (int i = 0; i < nl; i++)
        for (int j = i + 1; j < nl; j++)
            if (strcmp(lines[j], lines[i]) < 0) {
                char *t = lines[i];
                lines[i] = lines[j];
                lines[j] = t;
            }
    for (int i = 0; i < nl; i++)
        printf("  %s\n", lines[i]);
    close(pfd[0]);

    /* A fan-in: 5 workers each write 2000 bytes in 100-byte pieces; the parent checks sums per worker. */
    int fan[2];
    pipe(fan);
    for (int w = 0; w < 5; w++) {
        if (fork() == 0) {
            close(fan[0]);
            char piece[100];
            for (int k = 0; k < 20; k++) {
                memset(piece, 'a' + w, sizeof piece);
                write_all(fan[1], piece, sizeof piece); /* <= PIPE_BUF: atomic */
            }
            _exit(w);
        }
    }
    close(fan[1]);
    long counts[5] = { 0 };
    long total = 0;
    while ((n = read(fan[0], buf, sizeof buf)) > 0)
        for (long i = 0; i < n; i++, total++)
            if (buf[i] >= 'a' && buf[i] < 'a' + 5)
                counts[buf[i] - 'a']++;
    int exits = 0;
    while (wait(&status) > 0)
        exits += WEXITSTATUS(status);
    printf("fan-in: %ld bytes, per worker %ld %ld %ld %ld %ld, exit codes sum %d\n", total, counts[0], counts[1], counts[2],
           counts[3], counts[4], exits);

    /* The exec family's failures (qemu-user cannot run a RISC-V ELF by execve, so only failures are
       an oracle): execvp searches the default PATH, execl of a directory is EACCES; the child
       reports errno as its exit code. vfork's child only calls _exit. */
    const char *names[3] = { "execvp missing", "execl directory", "execv empty" };
    for (int k = 0; k < 3; k++) {
        pid_t e = k == 0 ? vfork() : fork();
        if (e == 0) {
            char *av[] = { "x", NULL };
            if (k == 0)
                execvp("no-such-program-anywhere", av);
            else if (k == 1)
                execl("/", "x", "y", (char *)NULL);
            else
                execv("", av);
            _exit(errno == ENOENT ? 2 : errno == EACCES ? 13 : 99);
        }
        waitpid(e, &status, 0);
        describe(names[k], status);
    }

    /* Nested: a child forks a grandchild and reports the grandchild's status as its own exit code. */
    pid_t c = fork();
    if (c == 0) {
        pid_t g = fork();
        if (g == 0)
            exit(17);
        int gs;
        waitpid(g, &gs, 0);
        exit(WEXITSTATUS(gs) + 1);
    }
    waitpid(c, &status, 0);
    describe("grandchild+1", status);
    printf("parent ends\n");
    return 0;
}
