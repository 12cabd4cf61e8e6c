/*
 * dirs: the working directory and descriptor controls. mkdir a tree, chdir into it, create files by
 * relative paths, getcwd (printed relative to the starting directory: qemu answers with the host's
 * path), chdir("..") and fchdir through a directory descriptor, the chdir/fchdir/getcwd errnos,
 * fcntl (F_DUPFD lowest-free rule, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL with O_APPEND
 * seen by write), fsync/fdatasync, ftruncate shrinking and growing (read back), umask. Prints only
 * facts that do not depend on the host (no absolute paths, no initial umask value). Cleans up.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tessera.h"

#define CHECK(what, expr) report(what, (long)(expr))
static void report(const char *what, long r)
{
    if (r < 0) printf("%s -> -1 %s\n", what, errname(errno));
    else printf("%s -> %ld\n", what, r);
}

static char start[1024];

/* The cwd as a suffix of the starting directory ("." for the start itself). */
static void show_cwd(const char *when)
{
    char buf[1024];
    if (!getcwd(buf, sizeof buf)) {
        printf("getcwd (%s) -> %s\n", when, errname(errno));
        return;
    }
    size_t n = strlen(start);
    if (n == 0 && strcmp(buf, "/") == 0) printf("getcwd (%s): .\n", when); /* started at the root */
    else if (strncmp(buf, start, n) != 0) printf("getcwd (%s): outside the start directory\n", when);
    else printf("getcwd (%s): .%s\n", when, buf + n);
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) printf("write %s failed: %s\n", path, errname(errno));
    if (fd >= 0) close(fd);
}

static void cat_file(const char *path)
{
    char buf[128];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("cat %s -> %s\n", path, errname(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    printf("cat %s: \"%s\"", path, buf);
    printf(" (%ld bytes)\n", (long)n);
}

/* Bytes as text, NULs shown as \0. */
static void dump(const char *what, const char *buf, ssize_t n)
{
    printf("%s (%ld): \"", what, (long)n);
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == 0) printf("\\0");
        else putchar(buf[i]);
    }
    printf("\"\n");
}

static void cwd_tests(void)
{
    char small[4];
    CHECK("mkdir dtree", mkdir("dtree", 0755));
    CHECK("mkdir dtree/a", mkdir("dtree/a", 0755));
    CHECK("mkdir dtree/a/b", mkdir("dtree/a/b", 0755));
    CHECK("chdir dtree", chdir("dtree"));
    show_cwd("in dtree");
    write_file("top.txt", "top level\n");
    CHECK("chdir a/b", chdir("a/b"));
    show_cwd("in dtree/a/b");
    write_file("deep.txt", "deep file\n");
    write_file("../mid.txt", "middle\n");
    CHECK("chdir ../..", chdir("../.."));
    show_cwd("back in dtree");
    cat_file("a/b/deep.txt");
    cat_file("a/mid.txt");
    cat_file("top.txt");
    CHECK("chdir .", chdir("."));
    CHECK("chdir a/./b/../b/", chdir("a/./b/../b/"));
    show_cwd("after a/./b/../b/");
    CHECK("chdir ..", chdir(".."));
    CHECK("chdir ..", chdir(".."));
    show_cwd("after two ..");

    const char *r = getcwd(small, 1);
    printf("getcwd(buf, 1) -> %s %s\n", r ? "ok" : "NULL", errname(errno));
    r = getcwd(small, 0);
    printf("getcwd(buf, 0) -> %s %s\n", r ? "ok" : "NULL", errname(errno));

    CHECK("chdir top.txt (a file)", chdir("top.txt"));
    CHECK("chdir a/b/deep.txt/", chdir("a/b/deep.txt/"));
    CHECK("chdir missing", chdir("missing"));
    CHECK("chdir missing/x", chdir("missing/x"));
    CHECK("chdir \"\"", chdir(""));
    show_cwd("after failed chdirs");

    int dfd = open("a", O_RDONLY | O_DIRECTORY);
    CHECK("open a O_DIRECTORY", dfd >= 0 ? 0 : -1);
    int ffd = open("top.txt", O_RDONLY);
    CHECK("chdir /", chdir("/"));
    CHECK("fchdir(a)", fchdir(dfd));
    show_cwd("after fchdir");
    cat_file("mid.txt");
    CHECK("fchdir(file)", fchdir(ffd));
    CHECK("fchdir(-1)", fchdir(-1));
    CHECK("fchdir(999)", fchdir(999));
    close(dfd);
    close(ffd);
    CHECK("fchdir(closed)", fchdir(dfd));
    CHECK("chdir ..", chdir(".."));
    show_cwd("after .. from a");

    /* The cwd survives renaming the directory: getcwd follows the new name. */
    CHECK("chdir a/b", chdir("a/b"));
    CHECK("rename ../../a ../../renamed", rename("../../a", "../../renamed"));
    show_cwd("after renaming a");
    CHECK("chdir ../..", chdir("../.."));
    CHECK("rename back", rename("renamed", "a"));

    CHECK("unlink a/b/deep.txt", unlink("a/b/deep.txt"));
    CHECK("unlink a/mid.txt", unlink("a/mid.txt"));
}

static void fcntl_tests(void)
{
    int fd = open("f.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("open f.txt", fd >= 0 ? 0 : -1);
    /* The lowest free descriptor at or above the argument (40: qemu-user keeps a few low host descriptors). */
    int d10 = fcntl(fd, F_DUPFD, 40);
    printf("F_DUPFD 40 -> %d\n", d10);
    int d10b = fcntl(fd, F_DUPFD, 40);
    printf("F_DUPFD 40 again -> %d\n", d10b);
    int low = fcntl(fd, F_DUPFD, 0);
    printf("F_DUPFD 0 is the lowest free: %s\n", low == fd + 1 ? "yes" : "no");
    int dc = fcntl(fd, F_DUPFD_CLOEXEC, 50);
    printf("F_DUPFD_CLOEXEC 50 -> %d\n", dc);
    CHECK("F_GETFD fd", fcntl(fd, F_GETFD));
    CHECK("F_GETFD cloexec dup", fcntl(dc, F_GETFD));
    CHECK("F_SETFD fd FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
    CHECK("F_GETFD fd", fcntl(fd, F_GETFD));
    CHECK("F_GETFD F_DUPFD'd (not shared)", fcntl(d10, F_GETFD));
    CHECK("F_SETFD fd 0", fcntl(fd, F_SETFD, 0));
    CHECK("F_GETFD fd", fcntl(fd, F_GETFD));
    CHECK("F_DUPFD -1", fcntl(fd, F_DUPFD, -1));
    CHECK("F_GETFD -1", fcntl(-1, F_GETFD));
    CHECK("F_GETFL 999", fcntl(999, F_GETFL));

    int fl = fcntl(fd, F_GETFL);
    printf("F_GETFL: accmode %s append %d nonblock %d\n",
           (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "other", !!(fl & O_APPEND), !!(fl & O_NONBLOCK));
    write(fd, "0123456789", 10);
    lseek(fd, 0, SEEK_SET);
    write(fd, "ab", 2);
    CHECK("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
    fl = fcntl(d10, F_GETFL);
    printf("F_GETFL (shared description): append %d\n", !!(fl & O_APPEND));
    lseek(fd, 0, SEEK_SET);
    write(fd, "XY", 2);
    CHECK("offset after append", lseek(fd, 0, SEEK_CUR));
    /* F_SETFL cannot change the access mode. */
    CHECK("F_SETFL O_RDONLY", fcntl(fd, F_SETFL, O_RDONLY));
    fl = fcntl(fd, F_GETFL);
    printf("F_GETFL: accmode %s append %d\n", (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "other", !!(fl & O_APPEND));
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    dump("f.txt", buf, n);

    int p[2];
    CHECK("pipe", pipe(p));
    CHECK("F_SETFL pipe O_NONBLOCK", fcntl(p[0], F_SETFL, O_NONBLOCK));
    fl = fcntl(p[0], F_GETFL);
    printf("pipe F_GETFL: nonblock %d\n", !!(fl & O_NONBLOCK));
    CHECK("read empty nonblocking pipe", read(p[0], buf, 1));
    CHECK("F_SETFL pipe 0", fcntl(p[0], F_SETFL, 0));
    write(p[1], "z", 1);
    CHECK("read pipe", read(p[0], buf, 1));

    CHECK("fsync file", fsync(fd));
    CHECK("fdatasync file", fdatasync(fd));
    CHECK("fsync -1", fsync(-1));
    CHECK("fsync closed", fsync(999));
    CHECK("fsync pipe", fsync(p[0]));
    CHECK("fdatasync pipe", fdatasync(p[1]));
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("fsync directory", fsync(dfd));
    close(dfd);
    close(p[0]);
    close(p[1]);
    close(d10);
    close(d10b);
    close(low);
    close(dc);

    /* ftruncate: shrink, grow (zeros), offset unchanged, errors. */
    CHECK("ftruncate 5", ftruncate(fd, 5));
    struct stat st;
    fstat(fd, &st);
    printf("size after shrink: %ld\n", (long)st.st_size);
    n = pread(fd, buf, sizeof buf, 0);
    dump("after shrink", buf, n);
    CHECK("ftruncate 9", ftruncate(fd, 9));
    fstat(fd, &st);
    printf("size after grow: %ld\n", (long)st.st_size);
    n = pread(fd, buf, sizeof buf, 0);
    dump("after grow", buf, n);
    CHECK("offset unchanged", lseek(fd, 0, SEEK_CUR));
    CHECK("ftruncate 0", ftruncate(fd, 0));
    fstat(fd, &st);
    printf("size after 0: %ld\n", (long)st.st_size);
    CHECK("ftruncate -1", ftruncate(fd, -1));
    CHECK("ftruncate bad fd", ftruncate(999, 1));
    int ro = open("f.txt", O_RDONLY);
    CHECK("ftruncate read-only fd", ftruncate(ro, 1));
    close(ro);
    dfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("ftruncate directory", ftruncate(dfd, 0));
    close(dfd);
    CHECK("ftruncate pipe", pipe(p) == 0 ? ftruncate(p[1], 0) : -1);
    close(p[0]);
    close(p[1]);
    close(fd);
    CHECK("unlink f.txt", unlink("f.txt"));
}

static void umask_tests(void)
{
    mode_t initial = umask(027);
    printf("initial umask is a permission mask: %s\n", (initial & ~0777) == 0 ? "yes" : "no");
    printf("umask(077) -> %03o\n", (unsigned)umask(077));
    printf("umask(01777) -> %03o\n", (unsigned)umask(01777));
    printf("umask(initial) -> %03o\n", (unsigned)umask(initial));
    printf("restored: %s\n", umask(initial) == initial ? "yes" : "no");
}

int main(void)
{
    if (!getcwd(start, sizeof start)) {
        printf("getcwd -> %s\n", errname(errno));
        return 1;
    }
    printf("getcwd is absolute: %s\n", start[0] == '/' ? "yes" : "no");
    if (strcmp(start, "/") == 0) start[0] = 0; /* so that suffixes start with '/' */
    cwd_tests();
    show_cwd("for fcntl"); /* cwd_tests ends in dtree */
    fcntl_tests();
    umask_tests();
    CHECK("chdir ..", chdir(".."));
    show_cwd("at the end");
    CHECK("unlink dtree/top.txt", unlink("dtree/top.txt"));
    CHECK("rmdir dtree/a/b", rmdir("dtree/a/b"));
    CHECK("rmdir dtree/a", rmdir("dtree/a"));
    CHECK("rmdir dtree", rmdir("dtree"));
    return 0;
}
