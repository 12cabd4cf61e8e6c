import { describe, expect, it } from 'vitest';
import { straceSyscalls } from './strace.js';

describe('straceSyscalls (qemu -strace log → system call set)', () => {
  it('reads one name per call, sorted and without repeats', () => {
    const log = '9075 write(1,0x17250,71) = 71\n9075 brk(NULL) = 0x00019000\n9075 write(1,0x17250,3) = 3\n9075 exit_group(0)\n';
    expect(straceSyscalls(log)).toEqual(['brk', 'exit_group', 'write']);
  });

  it('keeps a name whose line another process interrupted (seen in CI: "x00000000write")', () => {
    // A child's pieces land between the parent's: the last argument and the next name are glued.
    const log = [
      '9075 clone(0x11,child_stack=0x00000000,parent_tidptr=0x00000000,tls=0x00000000,9077 child_tidptr=0x00000000write(1,0x40800e40,18))',
      ' = 18',
      '9077 pipe2(0x40800f00,0) = 0',
      '',
    ].join('\n');
    expect(straceSyscalls(log)).toEqual(['clone', 'pipe2', 'write']);
  });

  it('splits a shorter hex value only at a name the log also shows on its own', () => {
    expect(straceSyscalls('1 sync() = 0\n2 f(0x1fsync() = 0\n')).toEqual(['f', 'sync']);
    expect(() => straceSyscalls('2 f(0x1fsync() = 0\n')).toThrow(/cannot tell the system call in "x1fsync\("/);
  });

  it('names the time64 calls qemu 7.2 prints as unknown', () => {
    const log = '7 Unknown syscall 403\n7 Unknown syscall 407\n7 Unknown syscall 500\n';
    expect(straceSyscalls(log)).toEqual(['clock_gettime64', 'clock_nanosleep_time64', 'unknown_500']);
  });
});
