/*
 * <dirent.h> for Tessera guests (picolibc ships none for bare targets): opendir/readdir on
 * getdents64. Shadows picolibc's stub header because the runtime's include dir comes first.
 */
#ifndef TESSERA_DIRENT_H
#define TESSERA_DIRENT_H

#include <stdint.h>

#define DT_UNKNOWN 0
#define DT_DIR 4
#define DT_REG 8

struct dirent {
    uint64_t d_ino;
    unsigned char d_type;
    char d_name[256];
};

typedef struct tessera_dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif
