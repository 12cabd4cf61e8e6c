/*
 * The exec family and vfork on top of execve and fork (proc.c). execvp/execlp search PATH, or
 * glibc's default "/bin:/usr/bin" when PATH is unset (guests usually run with an empty
 * environment); like glibc they go on past ENOENT, ENOTDIR and EACCES and report EACCES if some
 * candidate gave it, else the last error. They do not run scripts through /bin/sh on ENOEXEC.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
    if (*file == 0) {
        errno = ENOENT;
        return -1;
    }
    if (strchr(file, '/'))
        return execve(file, argv, envp);
    const char *path = getenv("PATH");
    if (path == NULL)
        path = "/bin:/usr/bin";
    size_t flen = strlen(file);
    int saw_eacces = 0;
    for (const char *p = path;; p++) {
        const char *end = strchrnul(p, ':');
        size_t dlen = (size_t)(end - p);
        char buf[4096];
        if (dlen + 1 + flen + 1 <= sizeof buf) {
            memcpy(buf, p, dlen);
            size_t at = dlen;
            if (dlen > 0) /* an empty PATH entry is the cwd */
                buf[at++] = '/';
            memcpy(buf + at, file, flen + 1);
            execve(buf, argv, envp);
            if (errno == EACCES)
                saw_eacces = 1;
            else if (errno != ENOENT && errno != ENOTDIR)
                return -1;
        }
        if (*end == 0)
            break;
        p = end;
    }
    if (saw_eacces)
        errno = EACCES;
    return -1;
}

int execvp(const char *file, char *const argv[])
{
    return execvpe(file, argv, environ);
}

/* Collects execl's variadic arguments (up to the terminating NULL) into an argv on the stack. */
#define COLLECT_ARGS(arg0, ap, argv)                                 \
    size_t argc_ = 1;                                                \
    va_start(ap, arg0);                                              \
    while (va_arg(ap, const char *) != NULL)                         \
        argc_++;                                                     \
    va_end(ap);                                                      \
    const char *argv[argc_ + 1];                                     \
    argv[0] = arg0;                                                  \
    va_start(ap, arg0);                                              \
    for (size_t i_ = 1; i_ <= argc_; i_++)                           \
        argv[i_] = va_arg(ap, const char *); /* ends with the NULL */

int execl(const char *path, const char *arg0, ...)
{
    va_list ap;
    COLLECT_ARGS(arg0, ap, argv)
    va_end(ap);
    return execve(path, (char *const *)argv, environ);
}

int execlp(const char *file, const char *arg0, ...)
{
    va_list ap;
    COLLECT_ARGS(arg0, ap, argv)
    va_end(ap);
    return execvpe(file, (char *const *)argv, environ);
}

int execle(const char *path, const char *arg0, ...)
{
    va_list ap;
    COLLECT_ARGS(arg0, ap, argv)
    char *const *envp = va_arg(ap, char *const *); /* after the NULL */
    va_end(ap);
    return execve(path, (char *const *)argv, envp);
}

/* A copying fork: the parent does not wait, which a correct vfork program cannot tell apart. */
pid_t vfork(void)
{
    return fork();
}
