// Writes the server guest's test inputs (request records, see src/request.h):
//   requests.bin      24 requests (one over the work limit), a quit request, one never served
//   requests-eof.bin  5 requests and end of input, no quit
// Run: node workloads/input/requests.mjs
import { writeFileSync } from 'node:fs';

const records = [];
let seed = 1;
for (let id = 1; id <= 24; id++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  const work = id === 7 ? 2_000_000 : (seed >>> 8) % 5000; // id 7 exceeds REQUEST_MAX_WORK: rejected
  records.push([id, work, seed, 0]);
}
records.push([999, 0, 0, 1]); // quit
records.push([1000, 10, 10, 0]); // after quit: never served
function write(name, recs) {
  const buf = Buffer.alloc(recs.length * 16);
  recs.forEach((r, i) => r.forEach((v, j) => buf.writeUInt32LE(v, i * 16 + j * 4)));
  writeFileSync(new URL(`./${name}`, import.meta.url), buf);
}
write('requests.bin', records);
write('requests-eof.bin', records.slice(0, 5));
