// The request-port record format of the server guest (workloads/src/request.h): fixed-size
// little-endian records, one per read (request) and one per write (reply). Device and load
// generators encode with these helpers so that the C header and TypeScript cannot drift apart
// (requests.test.ts checks them against workloads/input/requests.bin and the server's output).

export const REQUEST_BYTES = 16;
export const REPLY_BYTES = 16;
export const REQUEST_FLAG_QUIT = 1;
/** Requests with more work units than this are answered with status 1 (rejected). */
export const REQUEST_MAX_WORK = 1_000_000;
/** The device path the server opens; if it does not exist the server reads requests from stdin. */
export const REQUEST_DEVICE = '/dev/requests';

export interface GuestRequest {
  id: number;
  work: number;
  seed: number;
  flags: number;
}

export interface GuestReply {
  id: number;
  result: number;
  work: number;
  status: number;
}

export class RecordFormatError extends Error {
  override name = 'RecordFormatError';
}

export function encodeRequest(r: GuestRequest, out: Uint8Array = new Uint8Array(REQUEST_BYTES), offset = 0): Uint8Array {
  const v = new DataView(out.buffer, out.byteOffset + offset, REQUEST_BYTES);
  v.setUint32(0, r.id, true);
  v.setUint32(4, r.work, true);
  v.setUint32(8, r.seed, true);
  v.setUint32(12, r.flags, true);
  return out;
}

export function decodeRequest(bytes: Uint8Array, offset = 0): GuestRequest {
  if (bytes.length - offset < REQUEST_BYTES) {
    throw new RecordFormatError(`request record at offset ${offset}: ${bytes.length - offset} bytes, expected ${REQUEST_BYTES}`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset + offset, REQUEST_BYTES);
  return { id: v.getUint32(0, true), work: v.getUint32(4, true), seed: v.getUint32(8, true), flags: v.getUint32(12, true) };
}

export function decodeReply(bytes: Uint8Array, offset = 0): GuestReply {
  if (bytes.length - offset < REPLY_BYTES) {
    throw new RecordFormatError(`reply record at offset ${offset}: ${bytes.length - offset} bytes, expected ${REPLY_BYTES}`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset + offset, REPLY_BYTES);
  return { id: v.getUint32(0, true), result: v.getUint32(4, true), work: v.getUint32(8, true), status: v.getUint32(12, true) };
}

/** The server's work function (server.c `work`), for load generators that verify replies. */
export function serverWork(seed: number, units: number): number {
  let x = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < units; i++) {
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d) >>> 0;
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b) >>> 0;
    x ^= x >>> 16;
    x = (x + i) >>> 0;
  }
  return x;
}
