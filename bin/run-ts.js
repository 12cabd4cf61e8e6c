#!/usr/bin/env node
// Runs one TypeScript file of the project (benchmarks, tools) through tsx: node bin/run-ts.js FILE [args].
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

// The project's tsconfig (decorators), whatever the working directory: tsx would look for one from cwd.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bin/run-ts.js FILE.ts [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(resolve(file)).href);
