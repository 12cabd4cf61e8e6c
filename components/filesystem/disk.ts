// The block disk as the filesystem needs it (signature `machine.BlockDisk`, client interface `disk`).
// Structural on purpose: the kernel adapts the machine's block-disk device to it.
//
// Contract:
// - `submit` queues a transfer of `count` sectors starting at `sector` and returns a request id: an
//   integer >= 0 never reused by this disk while the kernel runs (ids survive component swaps).
// - The disk may read (write op) or fill (read op) `buffer` at any time until it completes the request;
//   the filesystem does not touch that buffer meanwhile (writes are submitted from a private snapshot).
// - Completion is delivered later, never from inside `submit`: the kernel calls the bound filesystem's
//   `diskComplete(id)`, which returns the wait channels to wake. Ids a filesystem does not know (a
//   request re-issued after a swap, or issued by a rolled-back successor) are ignored.
// - The filesystem never has two requests in flight for the same block, so completion order between
//   requests does not matter for correctness.

export type DiskOp = 'read' | 'write';

export interface DiskRequest {
  op: DiskOp;
  /** First sector (sectorSize bytes each). */
  sector: number;
  /** Number of sectors; buffer.length === count * sectorSize. */
  count: number;
  buffer: Uint8Array;
}

export interface BlockDisk {
  /** Bytes per sector (methods, not fields: a client port forwards only the signature's methods). */
  sectorSize(): number;
  sectorCount(): number;
  /** Starts a transfer; returns its request id (>= 0). */
  submit(req: DiskRequest): number;
}

export const BLOCK_DISK_SIGNATURE = 'machine.BlockDisk';
export const BLOCK_DISK_METHODS = ['sectorSize', 'sectorCount', 'submit'] as const;
