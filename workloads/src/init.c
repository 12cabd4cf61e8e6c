/*
 * init: starts several guests at once (fork + execve, "<name>.elf" in the current directory, else
 * /bin/<name>), waits for all of them and prints a summary sorted by command line: how each ended.
 *
 *   init [console|capture] [COMMAND...]     COMMAND is "name args..." in one argument
 *
 * console (default; what `tessera run --init init` shows): children print to the console, so their
 * output interleaves as the scheduler runs them; init prints its summary once all have ended.
 * capture (the oracle case): each child's stdout goes into its own pipe, init reads the pipes one
 * after the other (a child with a full pipe just waits its turn) and only init prints: per child,
 * its exit status, the bytes it wrote, their CRC-32 and its last line. Either way the summary is
 * deterministic under any scheduling. A program that cannot be exec'd exits 127.
 *
 * qemu-user cannot execve a RISC-V ELF: the oracle build (-DTESSERA_INPROCESS_EXEC) links the
 * default programs in and runs their main in the forked child (see README.md, "exec under qemu").
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
int tessera_main_bench(int argc, char **argv, char **envp);
int tessera_main_files(int argc, char **argv, char **envp);
int tessera_main_forkpipe(int argc, char **argv, char **envp);
int tessera_main_sort(int argc, char **argv, char **envp);
int tessera_main_ticker(int argc, char **argv, char **envp);

static const struct { const char *name; int (*entry)(int, char **, char **); } linked[] = {
    { "bench", tessera_main_bench }, { "files", tessera_main_files }, { "forkpipe", tessera_main_forkpipe },
    { "sort", tessera_main_sort }, { "ticker", tessera_main_ticker },
};

/* What a successful execve of a linked-in program does, minus loading the ELF. Other paths
   (and /bin/<name> on the host, which may hold unrelated programs) never reach the host. */
static int run_execve(const char *path, char *const argv[], char *const envp[])
{
    for (size_t i = 0; i < sizeof linked / sizeof linked[0]; i++) {
        char elf[32], bin[32];
        snprintf(elf, sizeof elf, "%s.elf", linked[i].name);
        snprintf(bin, sizeof bin, "/bin/%s", linked[i].name);
        if (strcmp(path, elf) == 0 || strcmp(path, bin) == 0) {
            int argc = 0;
            while (argv[argc])
                argc++;
            fflush(stdout);
            exit(linked[i].entry(argc, (char **)argv, (char **)envp));
        }
    }
    if (strncmp(path, "/bin/", 5) == 0) {
        errno = ENOENT;
        return -1;
    }
    return execve(path, argv, envp);
}
#else
#define run_execve execve
#endif

enum { MAXPROGS = 16, MAXARGS = 8, LASTLINE = 100 };

struct child {
    char command[128];
    pid_t pid;
    int out; /* read end of its stdout pipe (capture mode), else -1 */
    int status;
    unsigned long bytes;
    uint32_t crc;
    char last[LASTLINE];
};

static const char *const defaults[] = { "bench 200", "files", "forkpipe", "sort", "ticker 5 100" };

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

/* In the child: run the command ("name args...") in place of this process. */
static void start(const char *command, char **envp)
{
    char copy[128], *argv[MAXARGS + 1], *save = NULL;
    int argc = 0;
    snprintf(copy, sizeof copy, "%s", command);
    for (char *w = strtok_r(copy, " ", &save); w && argc < MAXARGS; w = strtok_r(NULL, " ", &save))
        argv[argc++] = w;
    argv[argc] = NULL;
    if (argc == 0)
        _exit(127);
    char path[64];
    snprintf(path, sizeof path, "%s.elf", argv[0]);
    char *name = argv[0];
    argv[0] = path;
    run_execve(path, argv, envp);
    snprintf(path, sizeof path, "/bin/%s", name);
    argv[0] = name;
    run_execve(path, argv, envp);
    fprintf(stderr, "init: cannot execve %s.elf or /bin/%s: %s\n", name, name, errname(errno));
    _exit(127);
}

/* Reads a child's captured stdout to EOF: byte count, CRC-32, last non-empty line. */
static void drain(struct child *c)
{
    static char buf[2048];
    char line[LASTLINE];
    size_t len = 0;
    ssize_t r;
    while ((r = read(c->out, buf, sizeof buf)) > 0) {
        c->bytes += (unsigned long)r;
        c->crc = crc32(c->crc, (unsigned char *)buf, (size_t)r);
        for (ssize_t i = 0; i < r; i++) {
            if (buf[i] == '\n') {
                if (len > 0) {
                    line[len] = 0;
                    memcpy(c->last, line, len + 1);
                }
                len = 0;
            } else if (len + 1 < LASTLINE) {
                line[len++] = buf[i];
            }
        }
    }
    close(c->out);
}

static void describe(const struct child *c, int capture)
{
    printf("init: %s: ", c->command);
    if (WIFEXITED(c->status)) printf("exited with %d", WEXITSTATUS(c->status));
    else printf("killed by signal %d", WTERMSIG(c->status));
    if (capture) printf(", %lu bytes, crc32 %08lx, last line \"%s\"", c->bytes, (unsigned long)c->crc, c->last);
    printf("\n");
}

int main(int argc, char **argv, char **envp)
{
    static struct child kids[MAXPROGS];
    int first = 1, capture = 0;
    if (argc > 1 && (strcmp(argv[1], "capture") == 0 || strcmp(argv[1], "console") == 0)) {
        capture = strcmp(argv[1], "capture") == 0;
        first = 2;
    }
    int n = 0;
    if (argc > first) {
        for (int i = first; i < argc && n < MAXPROGS; i++)
            snprintf(kids[n++].command, sizeof kids[0].command, "%s", argv[i]);
    } else {
        for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
            snprintf(kids[n++].command, sizeof kids[0].command, "%s", defaults[i]);
    }

    printf("init: starting %d programs (%s mode)\n", n, capture ? "capture" : "console");
    for (int i = 0; i < n; i++) {
        int p[2] = { -1, -1 };
        if (capture && pipe(p) < 0) {
            printf("init: pipe: %s\n", errname(errno));
            return 1;
        }
        kids[i].pid = fork();
        if (kids[i].pid < 0) {
            printf("init: fork: %s\n", errname(errno));
            return 1;
        }
        if (kids[i].pid == 0) {
            if (capture) {
                dup2(p[1], 1);
                close(p[0]);
                close(p[1]);
                for (int j = 0; j < i; j++)
                    close(kids[j].out); /* earlier children's pipes: their EOF must not wait for us */
            }
            start(kids[i].command, envp);
        }
        kids[i].out = p[0];
        if (capture)
            close(p[1]);
    }
    if (capture)
        for (int i = 0; i < n; i++)
            drain(&kids[i]);
    /* Children end in any order; statuses are matched by pid. */
    for (int left = n; left > 0; left--) {
        int status;
        pid_t pid = wait(&status);
        if (pid < 0) {
            printf("init: wait: %s\n", errname(errno));
            return 1;
        }
        for (int i = 0; i < n; i++)
            if (kids[i].pid == pid)
                kids[i].status = status;
    }
    /* Summary sorted by command line (insertion sort of indices), so the order is fixed. */
    int order[MAXPROGS];
    for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0 && strcmp(kids[order[j - 1]].command, kids[i].command) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    int failed = 0;
    printf("init: all %d programs ended\n", n);
    for (int i = 0; i < n; i++) {
        describe(&kids[order[i]], capture);
        failed += kids[order[i]].status != 0;
    }
    printf("init: %d ok, %d failed\n", n - failed, failed);
    return 0;
}
