// The TypeScript record format and work function agree with the C server: decoding the committed
// request file and recomputing each reply gives exactly the lines qemu printed for the server case.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGuestCases } from './manifest.js';
import {
  decodeReply,
  decodeRequest,
  encodeRequest,
  RecordFormatError,
  REQUEST_BYTES,
  REQUEST_FLAG_QUIT,
  REQUEST_MAX_WORK,
  serverWork,
} from './requests.js';

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

describe('request records', () => {
  for (const c of loadGuestCases().filter((c) => c.program === 'server')) {
    it(`reproduces the server's replies of case ${c.name}`, () => {
      const scale = c.args.length > 0 ? Number(c.args[0]) : 1;
      const input = readFileSync(c.stdinPath!);
      expect(input.length % REQUEST_BYTES).toBe(0);
      const lines: string[] = [];
      for (let off = 0; off < input.length; off += REQUEST_BYTES) {
        const rq = decodeRequest(input, off);
        if (rq.flags & REQUEST_FLAG_QUIT) break;
        const rejected = rq.work > REQUEST_MAX_WORK;
        const work = rejected ? 0 : rq.work * scale;
        const result = rejected ? 0 : serverWork(rq.seed, work);
        lines.push(`reply id=${rq.id} work=${work} result=${hex(result)} status=${rejected ? 1 : 0}`);
      }
      const printed = c.expectedStdout.toString('utf8').split('\n').filter((l) => l.startsWith('reply '));
      expect(printed).toEqual(lines);
    });
  }

  it('round-trips a request and rejects short records', () => {
    const rq = { id: 0xfffffffe, work: 12, seed: 0x80000001, flags: REQUEST_FLAG_QUIT };
    expect(decodeRequest(encodeRequest(rq))).toEqual(rq);
    expect(() => decodeRequest(new Uint8Array(15))).toThrow(RecordFormatError);
    expect(() => decodeReply(new Uint8Array(16), 4)).toThrow(/offset 4/);
    const two = new Uint8Array(32);
    encodeRequest(rq, two, 16);
    expect(decodeRequest(two, 16)).toEqual(rq);
  });
});
