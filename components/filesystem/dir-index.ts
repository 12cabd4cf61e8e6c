// Hashed directory index: name -> (inode, slot) per directory, kept in memory so lookups in large
// directories cost no scan and no directory-block reads. Derived data: never part of the exported
// state (a successor rebuilds it lazily), and never ahead of the committed directory contents.
//
// Invariants: `committed` describes exactly the committed entries of each indexed directory. Changes
// made by the running operation are journaled in `pending` (in order) and applied at commit, dropped at
// abort, so a BLOCKED or failed operation leaves the index as it found it. A directory is indexed
// (`build`) only from blocks the running operation has not modified, i.e. committed contents.
// At most `limit` directories are indexed (least recently used are forgotten).

export interface IndexEntry {
  ino: number;
  slot: number;
}

type Pending =
  | { kind: 'build'; dir: number; map: Map<string, IndexEntry> }
  | { kind: 'set'; dir: number; key: string; entry: IndexEntry }
  | { kind: 'clear'; dir: number; key: string }
  | { kind: 'drop'; dir: number };

/** Result of a lookup: an entry, "certainly absent" (null), or "not indexed" (undefined). */
export type IndexAnswer = IndexEntry | null | undefined;

export class DirIndex {
  private readonly committed = new Map<number, Map<string, IndexEntry>>();
  private readonly pending: Pending[] = [];
  /** Directories the running operation has changed (their blocks are not committed contents). */
  private readonly touched = new Set<number>();
  hits = 0;
  builds = 0;

  constructor(private readonly limit = 256) {}

  /** Map key of a name: its bytes as Latin-1 characters. */
  static key(name: Uint8Array): string {
    let k = '';
    for (let i = 0; i < name.length; i++) k += String.fromCharCode(name[i]);
    return k;
  }

  lookup(dir: number, key: string): IndexAnswer {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i];
      if (p.dir !== dir) continue;
      if (p.kind === 'set' && p.key === key) return this.hit(p.entry);
      if (p.kind === 'clear' && p.key === key) return this.hit(null);
      if (p.kind === 'drop') return undefined;
      if (p.kind === 'build') return this.hit(p.map.get(key) ?? null);
    }
    const map = this.committed.get(dir);
    if (map === undefined) return undefined;
    // LRU order of indexed directories
    this.committed.delete(dir);
    this.committed.set(dir, map);
    return this.hit(map.get(key) ?? null);
  }

  /** May `dir` be indexed now (from blocks holding committed contents)? */
  canBuild(dir: number): boolean {
    return !this.touched.has(dir);
  }

  build(dir: number, map: Map<string, IndexEntry>): void {
    this.builds++;
    this.pending.push({ kind: 'build', dir, map });
  }

  set(dir: number, key: string, ino: number, slot: number): void {
    this.touched.add(dir);
    this.pending.push({ kind: 'set', dir, key, entry: { ino, slot } });
  }

  clear(dir: number, key: string): void {
    this.touched.add(dir);
    this.pending.push({ kind: 'clear', dir, key });
  }

  /** The inode stops being this directory (freed): forget its index. */
  drop(dir: number): void {
    this.touched.add(dir);
    this.pending.push({ kind: 'drop', dir });
  }

  commit(): void {
    for (const p of this.pending) {
      if (p.kind === 'build') {
        this.committed.set(p.dir, p.map);
        if (this.committed.size > this.limit) this.committed.delete(this.committed.keys().next().value!);
        continue;
      }
      if (p.kind === 'drop') {
        this.committed.delete(p.dir);
        continue;
      }
      const map = this.committed.get(p.dir);
      if (map === undefined) continue;
      if (p.kind === 'set') map.set(p.key, p.entry);
      else map.delete(p.key);
    }
    this.abort();
  }

  abort(): void {
    this.pending.length = 0;
    this.touched.clear();
  }

  /** Forget everything (after importState: contents may have changed under another implementation). */
  reset(): void {
    this.committed.clear();
    this.abort();
  }

  get size(): number {
    return this.committed.size;
  }

  private hit<T>(x: T): T {
    this.hits++;
    return x;
  }
}
