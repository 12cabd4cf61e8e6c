// Reading a config file, JSON or YAML, keeping where each key is so that errors name file:line:col.
// JSON is parsed by JSON.parse (strict); both formats are also read as a YAML document (JSON is YAML
// 1.2) only to map a key path to its position.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigText {
  /** The parsed value (plain JSON data). */
  raw: unknown;
  /** "file:line:col" of the key (or value) at a path, or just "file" when the path is not in the text. */
  locate(path: readonly PropertyKey[]): string;
}

export const isYamlFile = (file: string): boolean => /\.ya?ml$/i.test(file);

export function readConfigFile(file: string): ConfigText {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the config: ${(e as Error).message}`);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, file: string): ConfigText {
  // JSON needs the YAML document only to place an error: it is parsed when one is reported.
  const lines = new LineCounter();
  let doc: Document | undefined;
  const document = (): Document => (doc ??= parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false }));
  const at = (offset: number): string => {
    document();
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  let raw: unknown;
  if (isYamlFile(file)) {
    const errors = document().errors;
    if (errors.length) throw new ConfigError(errors.map((e) => `${at(e.pos[0])}: not valid YAML: ${firstLine(e.message)}`).join('\n'));
    raw = document().toJS({ maxAliasCount: 100 });
  } else raw = parseJson(text, file, at);
  return { raw, locate: (path) => locateIn(document(), path, at) ?? file };
}

/** JSON.parse, with the position of a syntax error as file:line:col. */
function parseJson(text: string, file: string, at: (offset: number) => string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /at position (\d+)/.exec(message);
    const where = pos ? at(Number(pos[1])) : file;
    throw new ConfigError(`${where}: not valid JSON: ${message}`);
  }
}

function locateIn(doc: Document, path: readonly PropertyKey[], at: (offset: number) => string): string | undefined {
  // The deepest existing node on the path; a missing key is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const parentPath = path.slice(0, Math.max(0, n - 1));
    const parent = n === 0 ? doc.contents : doc.getIn(parentPath as unknown[], true);
    if (n > 0 && isMap(parent)) {
      const key = String(path[n - 1]);
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
      continue;
    }
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return at(range[0]);
  }
  return undefined;
}

const firstLine = (s: string): string => s.split('\n')[0];
