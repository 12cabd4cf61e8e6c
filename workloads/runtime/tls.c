/*
 * Thread-local storage for the single thread of a guest process. picolibc keeps errno (and a
 * few other per-thread variables) in TLS and addresses them tp-relative (local-exec model;
 * RISC-V has no TCB offset: tp points at the start of the TLS block). The block is static
 * (size checked at link time by tessera.ld), so fork's copied address space keeps it valid.
 */
#include <stdint.h>
#include <string.h>
#include "syscall.h"

extern char __tessera_tls_start[];
extern char __tessera_tdata_size[];
extern char __tessera_tls_size[];

static char tls_block[512] __attribute__((aligned(16)));

/* One initialised and one zeroed TLS variable: they keep .tdata/.tbss present for tessera.ld and
   let init_tls check its own work. */
static __thread volatile uint32_t tls_canary = 0x7e55e4a1u;
static __thread volatile uint32_t tls_zero;

static void die(const char *msg)
{
    SYSCALL3(SYS_write, 2, msg, strlen(msg));
    SYSCALL1(SYS_exit_group, 127);
    for (;;) { }
}

void __tessera_init_tls(void)
{
    size_t data = (size_t)(uintptr_t)__tessera_tdata_size;
    size_t total = (size_t)(uintptr_t)__tessera_tls_size;
    memcpy(tls_block, __tessera_tls_start, data);
    memset(tls_block + data, 0, total - data);
    __asm__ volatile("mv tp, %0" : : "r"(tls_block) : "memory");
    if (tls_canary != 0x7e55e4a1u || tls_zero != 0)
        die("tessera runtime: TLS block not initialised correctly\n");
}
