/*
 * C side of process start: decode the Linux initial stack, set up TLS (errno), run picolibc's
 * constructors, register the stdio flush, call main, exit with its status via exit_group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

extern char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __tessera_init_tls(void);
extern void __libc_init_array(void);
extern void __tessera_stdio_flush_all(void);

__attribute__((noreturn, used)) void __tessera_start(uintptr_t *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    environ = envp;
    __tessera_init_tls();
    atexit(__tessera_stdio_flush_all);
    __libc_init_array();
    exit(main(argc, argv, envp));
}
