/*
 * Process entry. The kernel (Linux, qemu-user, Tessera) enters _start with sp pointing at the
 * Linux initial stack: argc, argv[0..argc-1], NULL, envp..., NULL, auxv pairs. Registers other
 * than sp are not relied on. gp must be set before any C code because GNU ld relaxes accesses
 * near __global_pointer$ to gp-relative ones.
 */
    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    mv      a0, sp              /* a0 = &argc */
    andi    sp, sp, -16         /* psABI: 16-byte aligned stack at calls */
    li      ra, 0               /* end of the frame chain for debuggers */
    call    __tessera_start     /* never returns */
1:  j       1b
    .size _start, . - _start
