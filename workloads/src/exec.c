/*
 * exec: fork + execve of other guests by relative path ("echo.elf", "hello.elf" must be in the
 * current directory). The parent prints only after waitpid or after reading a pipe, so output is
 * deterministic. Covers: exec with arguments, exec with the child's stdout redirected into a pipe
 * (descriptors survive execve), exit status of the exec'd program, execve of a missing file
 * (ENOENT, no fork needed), and a child whose execve fails and exits 127.
 *
 * qemu-user cannot execve a RISC-V ELF without binfmt_misc (it gets ENOEXEC from the host), so the
 * oracle build (-DTESSERA_INPROCESS_EXEC, see build.sh and README.md) links echo and hello in and
 * replaces execve by a call of their main; the committed ELF uses the real execve.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tessera.h"

#ifdef TESSERA_INPROCESS_EXEC
int tessera_main_echo(int argc, char **argv, char **envp);
int tessera_main_hello(int argc, char **argv, char **envp);

/* What a successful execve does, minus loading the ELF: run the program's main, then exit. */
static int run_execve(const char *path, char *const argv[], char *const envp[])
{
    int (*entry)(int, char **, char **) = NULL;
    if (strcmp(path, "echo.elf") == 0) entry = tessera_main_echo;
    if (strcmp(path, "hello.elf") == 0) entry = tessera_main_hello;
    if (!entry)
        return execve(path, argv, envp); /* the failure cases behave exactly as on a kernel */
    int argc = 0;
    while (argv[argc])
        argc++;
    fflush(stdout);
    exit(entry(argc, (char **)argv, (char **)envp));
}
#else
#define run_execve execve
#endif

static void describe(const char *who, int status)
{
    if (WIFEXITED(status)) printf("%s: exited with %d\n", who, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", who, WTERMSIG(status));
}

int main(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    int status;

    printf("exec: parent starts\n");
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = { "echo.elf", "echo", "says", "hi", NULL };
        run_execve("echo.elf", av, envp);
        printf("execve echo.elf failed: %s\n", errname(errno));
        _exit(127);
    }
    waitpid(pid, &status, 0);
    describe("echo.elf", status);

    /* The exec'd program inherits the pipe as its stdout. */
    int p[2];
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        char *av[] = { "hello.elf", "a", "b", NULL };
        run_execve("hello.elf", av, envp);
        _exit(127);
    }
    close(p[1]);
    char buf[200];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof buf - 1 && (r = read(p[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)r;
    buf[got] = 0;
    close(p[0]);
    waitpid(pid, &status, 0);
    printf("captured from hello.elf (%u bytes): %s", (unsigned)got, buf);
    describe("hello.elf", status);

    char *av[] = { "missing.elf", NULL };
    int rc = execve("missing.elf", av, envp);
    printf("execve(missing.elf) -> %d %s\n", rc, errname(errno));

    pid = fork();
    if (pid == 0) {
        run_execve("missing.elf", av, envp);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    describe("child with failed execve", status);
    printf("exec: parent done\n");
    return 0;
}
