/*
 * forkpipe: fork, pipes and wait. Only the parent prints, and only after it has read a child's
 * result through a pipe or collected its status with waitpid, so stdout is the same under any
 * scheduling. Covers: 4 worker children computing prime counts (results via pipes, exit codes via
 * wait status, one child leaving through the raw exit call 93), a 200 KiB transfer through a pipe
 * (larger than any pipe buffer, so the writer blocks), EOF when the last writer closes, WNOHANG on
 * a child that cannot have exited yet, kill(SIGKILL) of a spinning child, dup2 of a pipe onto
 * stdout, and wait() with no children left (ECHILD).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tessera.h"

static int count_primes(int lo, int hi)
{
    int c = 0;
    for (int n = lo < 2 ? 2 : lo; n < hi; n++) {
        int p = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0) { p = 0; break; }
        c += p;
    }
    return c;
}

static int read_full(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, (char *)buf + got, len - got);
        if (r <= 0)
            return (int)got;
        got += (size_t)r;
    }
    return (int)got;
}

static void describe(const char *who, int status)
{
    if (WIFEXITED(status)) printf("%s: exited with %d\n", who, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", who, WTERMSIG(status));
    else printf("%s: status 0x%x\n", who, status);
}

int main(void)
{
    enum { WORKERS = 4 };
    int fds[WORKERS][2];
    pid_t pids[WORKERS];
    pid_t self = getpid();

    for (int i = 0; i < WORKERS; i++) {
        if (pipe(fds[i]) < 0) { printf("pipe: %s\n", errname(errno)); return 1; }
        pids[i] = fork();
        if (pids[i] < 0) { printf("fork: %s\n", errname(errno)); return 1; }
        if (pids[i] == 0) {
            close(fds[i][0]);
            int32_t msg[3] = { i, count_primes(i * 5000, (i + 1) * 5000), getpid() };
            write_all(fds[i][1], msg, sizeof msg);
            if (i == 0)
                sys_exit(10); /* the raw exit call ends a single-threaded process too */
            _exit(10 + i);
        }
        close(fds[i][1]);
    }
    int total = 0;
    for (int i = 0; i < WORKERS; i++) {
        int32_t msg[3];
        int got = read_full(fds[i][0], msg, sizeof msg);
        close(fds[i][0]);
        int status = 0;
        pid_t w = waitpid(pids[i], &status, 0);
        printf("worker %d: got=%d index=%ld primes[%d,%d)=%ld pid_matches_fork=%d pid_differs_from_parent=%d waited=%d\n",
               i, got, (long)msg[0], i * 5000, (i + 1) * 5000, (long)msg[1], msg[2] == pids[i], msg[2] != self,
               w == pids[i]);
        char who[16];
        snprintf(who, sizeof who, "worker %d", i);
        describe(who, status);
        total += msg[1];
    }
    printf("primes below %d: %d\n", WORKERS * 5000, total);

    /* Bulk transfer: the child writes 200 KiB, the parent checksums what it reads until EOF. */
    int p[2];
    pipe(p);
    pid_t writer = fork();
    if (writer == 0) {
        close(p[0]);
        static uint8_t block[4096];
        for (int k = 0; k < 50; k++) {
            for (int j = 0; j < 4096; j++)
                block[j] = (uint8_t)(k * 31 + j);
            write_all(p[1], block, sizeof block);
        }
        _exit(0);
    }
    close(p[1]);
    uint8_t buf[1000];
    uint32_t sum = 2166136261u; /* FNV-1a */
    long bytes = 0;
    ssize_t r;
    while ((r = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t j = 0; j < r; j++)
            sum = (sum ^ buf[j]) * 16777619u;
        bytes += r;
    }
    printf("bulk: read %ld bytes, last read=%ld, checksum=0x%08lx\n", bytes, (long)r, (unsigned long)sum);
    close(p[0]);
    int status;
    waitpid(writer, &status, 0);
    describe("writer", status);

    /* WNOHANG: this child blocks reading a pipe that the parent has not written yet. */
    int gate[2], back[2];
    pipe(gate);
    pipe(back);
    pid_t waiter = fork();
    if (waiter == 0) {
        close(gate[1]);
        close(back[0]);
        char c;
        ssize_t n = read(gate[0], &c, 1);
        char reply[2] = { n == 1 ? c : '?', 0 };
        reply[0] = (char)(reply[0] + 1);
        write(back[1], reply, 1);
        n = read(gate[0], &c, 1); /* EOF once the parent closes the write end */
        _exit(n == 0 ? 7 : 8);
    }
    close(gate[0]);
    close(back[1]);
    printf("waitpid(WNOHANG) on a blocked child -> %d\n", (int)waitpid(waiter, &status, WNOHANG));
    write(gate[1], "a", 1);
    char c = 0;
    read(back[0], &c, 1);
    printf("blocked child replied '%c'\n", c);
    close(gate[1]);
    waitpid(waiter, &status, 0);
    describe("gated child (7 = saw EOF)", status);
    close(back[0]);

    /* kill: a child that spins without system calls until killed (needs preemption). */
    int ready[2];
    pipe(ready);
    pid_t spinner = fork();
    if (spinner == 0) {
        close(ready[0]);
        write(ready[1], "r", 1);
        for (volatile uint32_t spin = 0;; spin++) {
        }
    }
    close(ready[1]);
    read(ready[0], &c, 1);
    close(ready[0]);
    printf("kill(spinner, SIGKILL) -> %d\n", kill(spinner, SIGKILL));
    waitpid(spinner, &status, 0);
    describe("spinner", status);

    /* dup2: the child's stdout becomes a pipe; the parent prints what came through. */
    int out[2];
    pipe(out);
    pid_t printer = fork();
    if (printer == 0) {
        close(out[0]);
        dup2(out[1], 1);
        close(out[1]);
        printf("line printed by the child into its stdout\n");
        exit(3);
    }
    close(out[1]);
    char line[128];
    int n = read_full(out[0], line, sizeof line - 1);
    line[n] = 0;
    close(out[0]);
    printf("through dup2: %s", line);
    waitpid(printer, &status, 0);
    describe("printer", status);

    errno = 0;
    pid_t none = wait(&status);
    printf("wait with no children -> %d %s\n", (int)none, errname(errno));
    printf("kill(self, 0) -> %d\n", kill(getpid(), 0));
    return 0;
}
