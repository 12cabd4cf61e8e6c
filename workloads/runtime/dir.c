/*
 * opendir/readdir/closedir on getdents64. A DIR owns one malloc'd record buffer; readdir walks
 * the linux_dirent64 records in it and refills it when consumed. Order is the kernel's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tessera.h"

struct tessera_dir {
    int fd;
    int pos, len;
    struct dirent ent;
    char buf[2048] __attribute__((aligned(8)));
};

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return NULL;
    DIR *d = malloc(sizeof *d);
    if (!d) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        int n = getdents64(d->fd, d->buf, sizeof d->buf);
        if (n <= 0)
            return NULL; /* 0: end of directory, errno untouched; <0: errno set */
        d->len = n;
        d->pos = 0;
    }
    struct linux_dirent64 *r = (struct linux_dirent64 *)(d->buf + d->pos);
    d->pos += r->d_reclen;
    d->ent.d_ino = r->d_ino;
    d->ent.d_type = r->d_type;
    size_t n = strnlen(r->d_name, sizeof d->ent.d_name - 1);
    memcpy(d->ent.d_name, r->d_name, n);
    d->ent.d_name[n] = 0;
    return &d->ent;
}

int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}
