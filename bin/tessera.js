#!/usr/bin/env node
// Entry point of the `tessera` command. No build step: it runs a bundle of cli/main.ts that
// bin/bundle-cache.js keeps up to date automatically (rebuilt when any source changes), or, when
// that is unavailable (or TESSERA_NO_BUNDLE=1), the TypeScript sources through tsx.
import { fileURLToPath } from 'node:url';
import { bundledEntry } from './bundle-cache.js';

const url = await bundledEntry('cli/main.ts');
if (url !== null) {
  await import(url);
} else {
  const { register } = await import('tsx/esm/api');
  // The project's tsconfig (decorators) whatever the working directory.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../cli/main.ts');
}
