// Worker-thread entry of a sweep: plain JavaScript that registers tsx (as bin/tessera.js does), so the
// worker can load the TypeScript sources, then runs jobs posted by the parent (sweep-worker-main.ts).
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker-main.ts');
