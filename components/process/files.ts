// Open file descriptions and per-process descriptor tables (POSIX semantics).
// Invariants: an OpenFile's `refs` equals the number of descriptor slots (in all processes) that point
// at it; a description is released (pipe end closed, inode put) exactly when refs drops to 0.
// Descriptor tables are copied on fork, so both processes share descriptions (and their offsets).
// A table's arrays grow on demand up to MAX_FDS (most processes use 3 descriptors): a process table
// of 10,000 rebuilt by a swap allocates 10,000 small tables, not 1.3 million empty slots.
import type { Pipe } from './pipe.js';

export type OpenFileKind = 'console-in' | 'console-out' | 'pipe-read' | 'pipe-write' | 'file' | 'dir' | 'device';

export interface OpenFile {
  kind: OpenFileKind;
  refs: number;
  /** open(2) flags as given (O_ACCMODE, O_APPEND, O_NONBLOCK, ...). */
  flags: number;
  /** Byte offset for files, entry cursor for directories. */
  offset: number;
  /** Inode number for 'file' and 'dir'. */
  ino: number;
  pipe: Pipe | null;
  /** Device name for 'device' (e.g. the request port). */
  device: string | null;
}

export const MAX_FDS = 64;
// open(2) flags: those the filesystem interprets come from its signature; these are the descriptor's.
export { O_ACCMODE, O_RDONLY, O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY } from '../filesystem/signature.js';
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;

export function newOpenFile(kind: OpenFileKind, flags: number, extra: Partial<OpenFile> = {}): OpenFile {
  return { kind, refs: 0, flags, offset: 0, ino: -1, pipe: null, device: null, ...extra };
}

export class FdTable {
  /** Invariant: slots.length === cloexec.length <= MAX_FDS; a descriptor at or past the length is closed. */
  readonly slots: Array<OpenFile | null> = [];
  readonly cloexec: boolean[] = [];

  get(fd: number): OpenFile | null {
    return fd >= 0 && fd < this.slots.length ? this.slots[fd]! : null;
  }

  /** Installs `file` at the lowest free descriptor >= `from`; returns it, or -1 when the table is full. */
  install(file: OpenFile, cloexec = false, from = 0): number {
    for (let fd = from; fd < MAX_FDS; fd++) {
      if (fd >= this.slots.length || this.slots[fd] === null) {
        this.place(fd, file, cloexec);
        return fd;
      }
    }
    return -1;
  }

  /** Puts `file` at `fd` (which must be free). */
  place(fd: number, file: OpenFile, cloexec = false): void {
    while (this.slots.length <= fd) {
      this.slots.push(null);
      this.cloexec.push(false);
    }
    this.slots[fd] = file;
    this.cloexec[fd] = cloexec;
    file.refs++;
  }

  /** Empties `fd`; returns the description if it was open (the caller releases it when refs hits 0). */
  remove(fd: number): OpenFile | null {
    const file = this.get(fd);
    if (!file) return null;
    this.slots[fd] = null;
    this.cloexec[fd] = false;
    file.refs--;
    return file;
  }

  /** A copy for a forked child: same descriptions, one more reference each. */
  fork(): FdTable {
    const child = new FdTable();
    for (let fd = 0; fd < this.slots.length; fd++) {
      const file = this.slots[fd];
      if (file) child.place(fd, file, this.cloexec[fd]);
    }
    return child;
  }

  /** Descriptors marked close-on-exec, for execve to close. */
  closeOnExec(): number[] {
    const fds: number[] = [];
    for (let fd = 0; fd < this.slots.length; fd++) if (this.slots[fd] && this.cloexec[fd]) fds.push(fd);
    return fds;
  }

  /** Every open descriptor with its description. */
  entries(): Array<[number, OpenFile]> {
    const out: Array<[number, OpenFile]> = [];
    for (let fd = 0; fd < this.slots.length; fd++) {
      const file = this.slots[fd];
      if (file) out.push([fd, file]);
    }
    return out;
  }
}
