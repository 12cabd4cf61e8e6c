// A cached esbuild bundle of one TypeScript entry of the project, so that the CLI starts without
// tsx's module hooks (on Node 20 they run on a separate thread and cost a message round trip per
// module: about 4 s to load cli/main.ts, against about 1 s for the bundle).
// Invariants: the bundle is used only if every one of its input files (and tsconfig.json,
// package.json, this file, the esbuild and Node versions) still has the size and mtime recorded
// when it was built; otherwise it is rebuilt before use. Bundles are immutable files named by
// content hash and the manifest is replaced by rename, so concurrent starts never see a half-written
// or mismatched bundle. Dependencies stay external (resolved from node_modules at run time), and
// `import.meta.url/dirname/filename` keep the value of the original source file. Anything that
// goes wrong returns null and the caller falls back to tsx (TESSERA_BUNDLE_DEBUG=1 prints why).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Inside node_modules so that the bundle resolves the project's dependencies like its sources do. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'tessera');
// Layout: <name>.json (manifest) and <name>-<hash>/entry.mjs + chunk-*.mjs (+ .map), one directory per build.
/** Files that change the bundle without being among esbuild's inputs. */
const EXTRA = ['tsconfig.json', 'package.json', 'bin/bundle-cache.js'];

function stamp(file) {
  const s = statSync(join(ROOT, file));
  return `${s.size}:${s.mtimeMs}`;
}

function loadEsbuild() {
  // esbuild comes with tsx (a dependency of the project): resolve it from there.
  const req = createRequire(createRequire(join(ROOT, 'package.json')).resolve('tsx/package.json'));
  return req('esbuild');
}

/** Replaces import.meta.* by the original file's values (a bundle has one import.meta for all). */
const keepImportMeta = {
  name: 'keep-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const src = readFileSync(args.path, 'utf8');
      if (!src.includes('import.meta')) return { contents: src, loader: 'ts' };
      const contents = src
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

function isFresh(manifest, key) {
  if (manifest.key !== key) return false;
  for (const [file, st] of Object.entries(manifest.inputs)) {
    try {
      if (stamp(file) !== st) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The file URL of an up-to-date bundle of `entry` (a path relative to the project root), building
 * it if needed; null if it cannot be built (the caller then loads the sources through tsx).
 */
export async function bundledEntry(entry) {
  if (process.env.TESSERA_NO_BUNDLE === '1') return null;
  const name = entry.replace(/[^A-Za-z0-9]+/g, '-');
  const manifestPath = join(CACHE, `${name}.json`);
  let esbuild;
  try {
    esbuild = loadEsbuild();
  } catch {
    return null;
  }
  const key = `${entry}|node ${process.versions.node}|esbuild ${esbuild.version}`;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (isFresh(manifest, key)) return pathToFileURL(join(CACHE, manifest.bundle, 'entry.mjs')).href;
  } catch {
    // no manifest yet, or unreadable: build
  }
  try {
    mkdirSync(CACHE, { recursive: true });
    const started = Date.now();
    const result = await esbuild.build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      tsconfig: join(ROOT, 'tsconfig.json'),
      plugins: [keepImportMeta],
      metafile: true,
      write: false,
      // Split at dynamic imports: a command module loaded on demand brings its dependencies with it
      // (in one file, esbuild would hoist every external import to the top of the bundle).
      splitting: true,
      outdir: join(CACHE, `${name}.out`),
      outExtension: { '.js': '.mjs' },
      entryNames: 'entry',
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    const inputs = {};
    // A file written during the build may be in the bundle in either version: then the bundle
    // serves this start only (no manifest), and the next start builds again.
    let settled = true;
    for (const file of [...Object.keys(result.metafile.inputs), ...EXTRA]) {
      const rel = relative(ROOT, resolve(ROOT, file));
      inputs[rel] = stamp(rel);
      if (statSync(join(ROOT, rel)).mtimeMs >= started - 2000) settled = false;
    }
    const outDir = join(CACHE, `${name}.out`);
    const h = createHash('sha1');
    for (const f of result.outputFiles) h.update(relative(outDir, f.path)).update(f.contents);
    const bundle = `${name}-${h.digest('hex').slice(0, 16)}`;
    const tmp = `.${process.pid}.tmp`;
    const tmpDir = join(CACHE, bundle + tmp);
    rmSync(tmpDir, { recursive: true, force: true });
    for (const f of result.outputFiles) {
      const to = join(tmpDir, relative(outDir, f.path));
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, f.contents);
    }
    try {
      renameSync(tmpDir, join(CACHE, bundle));
    } catch {
      // Another start built the same bundle at the same time: keep theirs.
      rmSync(tmpDir, { recursive: true, force: true });
    }
    if (settled) {
      writeFileSync(manifestPath + tmp, JSON.stringify({ key, bundle, inputs }));
      renameSync(manifestPath + tmp, manifestPath);
    }
    pruneOld(name, bundle);
    return pathToFileURL(join(CACHE, bundle, 'entry.mjs')).href;
  } catch (e) {
    if (process.env.TESSERA_BUNDLE_DEBUG === '1') console.error(e);
    return null;
  }
}

/** Deletes older bundles of `name` that are more than an hour old (a running process may still be loading a recent one). */
function pruneOld(name, keep) {
  const hourAgo = Date.now() - 3600_000;
  for (const f of readdirSync(CACHE)) {
    if (!f.startsWith(`${name}-`) || f.startsWith(keep)) continue;
    try {
      if (statSync(join(CACHE, f)).mtimeMs < hourAgo) rmSync(join(CACHE, f), { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
}
