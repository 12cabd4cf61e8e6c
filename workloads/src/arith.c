/*
 * arith: integer and M-extension edge cases, computed at run time (operands pass through
 * volatile variables so the compiler cannot fold them). Every result line is checkable against
 * the RISC-V unprivileged spec: division by zero gives -1 (div/divu) and the dividend (rem/remu),
 * INT_MIN / -1 overflows to INT_MIN with remainder 0, mulh* give the high 32 bits of the 64-bit
 * product, shifts use only the low 5 bits of the amount, loads sign- or zero-extend.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static volatile int32_t vs[] = { 0, 1, -1, 2, -2, 7, -7, INT32_MAX, INT32_MIN, 0x12345678, -0x12345678 };
#define NV ((int)(sizeof vs / sizeof vs[0]))

static int32_t op_div(int32_t a, int32_t b) { int32_t r; __asm__ volatile("div %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int32_t op_rem(int32_t a, int32_t b) { int32_t r; __asm__ volatile("rem %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t op_divu(uint32_t a, uint32_t b) { uint32_t r; __asm__ volatile("divu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t op_remu(uint32_t a, uint32_t b) { uint32_t r; __asm__ volatile("remu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t op_mulh(int32_t a, int32_t b) { uint32_t r; __asm__ volatile("mulh %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t op_mulhu(uint32_t a, uint32_t b) { uint32_t r; __asm__ volatile("mulhu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t op_mulhsu(int32_t a, uint32_t b) { uint32_t r; __asm__ volatile("mulhsu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t op_sll(uint32_t a, uint32_t s) { uint32_t r; __asm__ volatile("sll %0,%1,%2" : "=r"(r) : "r"(a), "r"(s)); return r; }
static uint32_t op_srl(uint32_t a, uint32_t s) { uint32_t r; __asm__ volatile("srl %0,%1,%2" : "=r"(r) : "r"(a), "r"(s)); return r; }
static int32_t op_sra(int32_t a, uint32_t s) { int32_t r; __asm__ volatile("sra %0,%1,%2" : "=r"(r) : "r"(a), "r"(s)); return r; }

/* FNV-1a over every result, so one line summarises the whole table. */
static uint32_t digest = 2166136261u;
static void mix(uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        digest ^= (v >> (8 * i)) & 0xff;
        digest *= 16777619u;
    }
}

int main(void)
{
    volatile int32_t zero = 0, m1 = -1, imin = INT32_MIN;

    printf("div by zero: div(7,0)=%ld divu(7,0)=0x%08lx rem(7,0)=%ld remu(7,0)=%lu\n",
           (long)op_div(7, zero), (unsigned long)op_divu(7, (uint32_t)zero),
           (long)op_rem(7, zero), (unsigned long)op_remu(7, (uint32_t)zero));
    printf("div by zero: div(-7,0)=%ld rem(-7,0)=%ld remu(0xffffffff,0)=0x%08lx\n",
           (long)op_div(-7, zero), (long)op_rem(-7, zero), (unsigned long)op_remu(0xffffffffu, (uint32_t)zero));
    printf("overflow: div(INT_MIN,-1)=%ld rem(INT_MIN,-1)=%ld divu(INT_MIN,-1)=%lu\n",
           (long)op_div(imin, m1), (long)op_rem(imin, m1), (unsigned long)op_divu((uint32_t)imin, (uint32_t)m1));
    printf("rounding: div(-7,2)=%ld rem(-7,2)=%ld div(7,-2)=%ld rem(7,-2)=%ld\n",
           (long)op_div(-7, 2), (long)op_rem(-7, 2), (long)op_div(7, -2), (long)op_rem(7, -2));
    printf("mulh(-1,-1)=0x%08lx mulhu(-1,-1)=0x%08lx mulhsu(-1,-1)=0x%08lx\n",
           (unsigned long)op_mulh(m1, m1), (unsigned long)op_mulhu((uint32_t)m1, (uint32_t)m1),
           (unsigned long)op_mulhsu(m1, (uint32_t)m1));
    printf("mulh(INT_MIN,INT_MIN)=0x%08lx mulhu(INT_MIN,INT_MIN)=0x%08lx mulhsu(INT_MIN,0xffffffff)=0x%08lx\n",
           (unsigned long)op_mulh(imin, imin), (unsigned long)op_mulhu((uint32_t)imin, (uint32_t)imin),
           (unsigned long)op_mulhsu(imin, 0xffffffffu));
    printf("mul(0x12345678,0x9abcdef0)=0x%08lx\n", (unsigned long)((uint32_t)vs[9] * 0x9abcdef0u));
    printf("shifts: sll(1,33)=0x%08lx srl(0x80000000,63)=0x%08lx sra(INT_MIN,31)=%ld sra(INT_MIN,32)=%ld\n",
           (unsigned long)op_sll(1, 33), (unsigned long)op_srl(0x80000000u, 63), (long)op_sra(imin, 31),
           (long)op_sra(imin, 32));

    volatile uint8_t b = 0x80;
    volatile uint16_t h = 0x8001;
    volatile int8_t sb = (int8_t)b;
    volatile int16_t sh = (int16_t)h;
    printf("extend: lb(0x80)=%d lbu(0x80)=%u lh(0x8001)=%d lhu(0x8001)=%u\n", (int)sb, (unsigned)b, (int)sh, (unsigned)h);
    volatile int32_t neg = -5;
    printf("compare: slt(-5,1)=%d sltu(-5,1)=%d\n", neg < 1, (uint32_t)neg < 1u);
    int64_t wide = (int64_t)vs[7] * vs[7];
    uint64_t uwide = (uint64_t)(uint32_t)vs[8] * 3u;
    printf("64-bit: INT_MAX^2=%lld (uint64)INT_MIN*3=%llu\n", (long long)wide, (unsigned long long)uwide);
    printf("64-bit div: %lld / %ld = %lld rem %lld\n", (long long)wide, (long)vs[10],
           (long long)(wide / vs[10]), (long long)(wide % vs[10]));

    /* The full table: every pair of edge values through every M operation and shift. */
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            int32_t a = vs[i], c = vs[j];
            mix((uint32_t)(a * c));
            mix(op_mulh(a, c));
            mix(op_mulhu((uint32_t)a, (uint32_t)c));
            mix(op_mulhsu(a, (uint32_t)c));
            mix((uint32_t)op_div(a, c));
            mix(op_divu((uint32_t)a, (uint32_t)c));
            mix((uint32_t)op_rem(a, c));
            mix(op_remu((uint32_t)a, (uint32_t)c));
            mix(op_sll((uint32_t)a, (uint32_t)c));
            mix(op_srl((uint32_t)a, (uint32_t)c));
            mix((uint32_t)op_sra(a, (uint32_t)c));
        }
    printf("table: %d x %d pairs, 11 ops, fnv1a=0x%08lx\n", NV, NV, (unsigned long)digest);
    return 0;
}
