#!/usr/bin/env node
// Entry point of the `tessera` command: loads the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

// The project's tsconfig (decorators), whatever the working directory: tsx would look for one from cwd.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../cli/main.ts');
