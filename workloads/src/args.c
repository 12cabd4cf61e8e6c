/*
 * The initial stack as a C program sees it: argc, every argv string with its length and bytes
 * (spaces, empty strings, UTF-8, quotes, a long argument), argv[argc] == NULL, envp and environ
 * (the same vector; empty in the oracle's environment), getenv/setenv/unsetenv on top of it, and
 * the stack and argument alignment the psABI promises.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d argv[argc]=%s\n", argc, argv[argc] == NULL ? "NULL" : "non-NULL");
    size_t total = 0;
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        total += n + 1;
        printf("argv[%d] len %zu: [", i, n);
        for (size_t k = 0; k < n && k < 60; k++) {
            unsigned char c = (unsigned char)argv[i][k];
            if (c >= 32 && c < 127)
                putchar(c);
            else
                printf("\\x%02x", c);
        }
        printf("%s]\n", n > 60 ? "..." : "");
    }
    printf("argument bytes %zu\n", total);
    int ne = 0;
    while (envp[ne])
        ne++;
    printf("envc=%d envp==environ %d\n", ne, envp == environ);
    for (int i = 0; i < ne; i++)
        printf("env[%d]=%s\n", i, envp[i]);
    printf("strings contiguous: %d\n", argc < 2 || argv[1] == argv[0] + strlen(argv[0]) + 1);
    printf("getenv(HOME)=%s\n", getenv("HOME") ? getenv("HOME") : "(null)");
    setenv("TESSERA_A", "one", 1);
    setenv("TESSERA_B", "two", 1);
    setenv("TESSERA_A", "uno", 0);
    printf("after setenv: A=%s B=%s\n", getenv("TESSERA_A"), getenv("TESSERA_B"));
    setenv("TESSERA_A", "eins", 1);
    unsetenv("TESSERA_B");
    printf("after overwrite/unset: A=%s B=%s\n", getenv("TESSERA_A"), getenv("TESSERA_B") ? getenv("TESSERA_B") : "(null)");
    printf("uid == euid: %d, gid == egid: %d\n", getuid() == geteuid(), getgid() == getegid());
    printf("sysconf: page %ld clk_tck %ld cpus %ld, unknown -> %ld\n", sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK),
           sysconf(_SC_NPROCESSORS_ONLN), sysconf(12345));
    int local;
    printf("stack 16-aligned at main: %d, argv 4-aligned: %d\n", ((uintptr_t)__builtin_frame_address(0) & 15) == 0,
           ((uintptr_t)argv & 3) == 0);
    (void)local;
    return argc;
}
