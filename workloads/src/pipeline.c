/*
 * pipeline: a shell-like pipeline of four processes,
 *
 *     producer | filter.elf upper | filter.elf rot13 | consumer
 *
 * connected by pipes moved onto stdin/stdout with dup2 (dup3). The producer (a forked child)
 * writes LINES pseudo-random lines; both filters are execve'd (filter.elf from the current
 * directory, else /bin/filter); the consumer (a forked child) reads to EOF and prints the line
 * and byte counts, a CRC-32 and the last lines it received (the filters' wc summaries). Then the
 * parent, after collecting every stage, prints how each ended, in pipeline order. Only the
 * consumer and then the parent print, so the output is deterministic.
 *
 * qemu-user cannot execve a RISC-V ELF: the oracle build (-DTESSERA_INPROCESS_EXEC) links
 * filter.c in and runs its main in the forked child instead (see README.md, "exec under qemu").
 * Usage: pipeline [lines]   (default 200)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tessera.h"

#ifdef TESSERA_INPROCESS_EXEC
int tessera_main_filter(int argc, char **argv, char **envp);

static int run_execve(const char *path, char *const argv[], char *const envp[])
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (strcmp(base, "filter.elf") != 0 && strcmp(path, "/bin/filter") != 0)
        return execve(path, argv, envp);
    int argc = 0;
    while (argv[argc])
        argc++;
    fflush(stdout);
    exit(tessera_main_filter(argc, (char **)argv, (char **)envp));
}
#else
#define run_execve execve
#endif

static const char *const words[] = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
    "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa" };

static uint32_t crc32(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
    }
    return ~crc;
}

static void producer(long lines)
{
    uint32_t x = 12345;
    char buf[128];
    for (long i = 0; i < lines; i++) {
        int len = snprintf(buf, sizeof buf, "line %ld:", i);
        int nw = 2 + (int)(i % 5);
        for (int w = 0; w < nw; w++) {
            x = x * 1103515245u + 12345u;
            len += snprintf(buf + len, sizeof buf - (size_t)len, " %s", words[(x >> 16) % 16]);
        }
        buf[len++] = '\n';
        if (write_all(1, buf, (size_t)len) < 0)
            _exit(1);
    }
}

/* Reads stdin to EOF; prints counts, a CRC-32 and the last KEEP lines. */
static int consumer(void)
{
    enum { KEEP = 4, MAXLINE = 160 };
    static char last[KEEP][MAXLINE];
    static char buf[4096];
    unsigned long lines = 0, bytes = 0;
    uint32_t crc = 0;
    size_t cur = 0;
    ssize_t r;
    while ((r = read(0, buf, sizeof buf)) > 0) {
        bytes += (unsigned long)r;
        crc = crc32(crc, (unsigned char *)buf, (size_t)r);
        for (ssize_t i = 0; i < r; i++) {
            char *line = last[lines % KEEP];
            if (buf[i] == '\n') {
                line[cur] = 0;
                lines++;
                cur = 0;
            } else if (cur + 1 < MAXLINE) {
                line[cur++] = buf[i];
            }
        }
    }
    if (r < 0) {
        printf("consumer: read failed: %s\n", errname(errno));
        return 1;
    }
    printf("consumer: %lu lines, %lu bytes, crc32 %08lx\n", lines, bytes, (unsigned long)crc);
    unsigned long first = lines > KEEP ? lines - KEEP : 0;
    for (unsigned long i = first; i < lines; i++)
        printf("consumer: last[%lu] %s\n", i - first, last[i % KEEP]);
    return 0;
}

static void exec_filter(const char *mode, char **envp)
{
    char *av[] = { "filter.elf", (char *)mode, NULL };
    run_execve("filter.elf", av, envp);
    av[0] = "filter";
    run_execve("/bin/filter", av, envp);
    fprintf(stderr, "pipeline: cannot execve filter.elf or /bin/filter: %s\n", errname(errno));
    _exit(127);
}

int main(int argc, char **argv, char **envp)
{
    long lines = argc > 1 ? atol(argv[1]) : 200;
    enum { STAGES = 4 };
    static const char *const names[STAGES] = { "producer", "filter upper", "filter rot13", "consumer" };
    int pipes[STAGES - 1][2];
    pid_t pids[STAGES];

    printf("pipeline: producer(%ld lines) | filter upper | filter rot13 | consumer\n", lines);
    for (int i = 0; i < STAGES - 1; i++) {
        if (pipe(pipes[i]) < 0) {
            printf("pipeline: pipe: %s\n", errname(errno));
            return 1;
        }
    }
    for (int s = 0; s < STAGES; s++) {
        pids[s] = fork();
        if (pids[s] < 0) {
            printf("pipeline: fork: %s\n", errname(errno));
            return 1;
        }
        if (pids[s] > 0)
            continue;
        /* Stage s reads pipe s-1 and writes pipe s; every other end is closed so EOF arrives. */
        if (s > 0 && dup2(pipes[s - 1][0], 0) < 0) _exit(126);
        if (s < STAGES - 1 && dup2(pipes[s][1], 1) < 0) _exit(126);
        for (int i = 0; i < STAGES - 1; i++) {
            close(pipes[i][0]);
            close(pipes[i][1]);
        }
        switch (s) {
        case 0: producer(lines); _exit(0);
        case 1: exec_filter("upper", envp); break;
        case 2: exec_filter("rot13", envp); break;
        default: fflush(stdout); exit(consumer());
        }
    }
    for (int i = 0; i < STAGES - 1; i++) {
        close(pipes[i][0]);
        close(pipes[i][1]);
    }
    /* Collect every stage before printing: the consumer prints until it exits. */
    int status[STAGES], failed = 0;
    for (int s = 0; s < STAGES; s++) {
        if (waitpid(pids[s], &status[s], 0) != pids[s]) {
            printf("pipeline: waitpid(%s): %s\n", names[s], errname(errno));
            return 1;
        }
    }
    for (int s = 0; s < STAGES; s++) {
        if (WIFEXITED(status[s])) printf("pipeline: %s exited with %d\n", names[s], WEXITSTATUS(status[s]));
        else printf("pipeline: %s killed by signal %d\n", names[s], WTERMSIG(status[s]));
        failed |= status[s] != 0;
    }
    return failed;
}
