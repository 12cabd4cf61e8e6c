/*
 * Tessera guest runtime: declarations beyond what picolibc's headers provide.
 * Everything here is implemented in workloads/runtime on Linux RV32 system calls.
 */
#ifndef TESSERA_H
#define TESSERA_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Symbolic name of a picolibc errno value ("ENOENT"), for deterministic output. */
const char *errname(int e);

/* One linux_dirent64 record, as getdents64 returns them back to back. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};
int getdents64(int fd, void *buf, size_t len);

/* The raw exit system call (93): ends the calling thread, i.e. the process here. */
__attribute__((noreturn)) void sys_exit(int status);

int rmdir(const char *path);

/* Write a whole buffer (retrying short writes); returns len or -1. */
long write_all(int fd, const void *buf, size_t len);

#endif
