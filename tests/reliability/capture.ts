// Per-guest stdout on a shared console: every console write is charged to the root of the writing
// process's tree (the process spawned from outside, ppid 0), so that concurrent guests' outputs can be
// compared with their oracles although the console interleaves them.
import type { TesseraSystem } from '../../boot/system.js';

export interface Capture {
  /** Output of the tree rooted at `pid` so far. */
  of(pid: number): Buffer;
}

export function captureByTree(s: TesseraSystem): Capture {
  const chunks = new Map<number, Buffer[]>();
  const con = s.console;
  const write = con.write.bind(con);
  con.write = (bytes, stream) => {
    if (stream !== 'err') {
      const procs = s.process.list();
      let p = procs.find((x) => x.state === 'running');
      while (p && p.ppid !== 0) {
        const parent = procs.find((x) => x.pid === p!.ppid);
        if (!parent) break;
        p = parent;
      }
      const root = p?.pid ?? 0;
      const list = chunks.get(root) ?? [];
      list.push(Buffer.from(bytes));
      chunks.set(root, list);
    }
    write(bytes, stream);
  };
  return { of: (pid) => Buffer.concat(chunks.get(pid) ?? []) };
}
