// The resolved architecture: what a definition means once its arguments are substituted,
// its parents merged and its sub-components' definitions loaded. Positions are kept so that
// checks and the builder can say where a problem comes from.
import type { Attr, InterfaceAst } from './ast.js';
import type { SourcePos } from './errors.js';

export type Role = 'client' | 'server';
export type Contingency = 'mandatory' | 'optional';
/** multicast and gathercast are GCM's (ProActive); Fractal has singleton and collection. */
export type Cardinality = 'singleton' | 'collection' | 'multicast' | 'gathercast';
export type Kind = 'primitive' | 'composite';

export interface ResolvedInterface {
  name: string;
  role: Role;
  signature: string;
  contingency: Contingency;
  cardinality: Cardinality;
  pos: SourcePos;
  ast: InterfaceAst;
}

export interface ResolvedAttribute {
  name: string;
  value: string;
  pos: SourcePos;
}

export interface ResolvedBinding {
  client: string;
  server: string;
  pos: SourcePos;
  clientAttr: Attr;
  serverAttr: Attr;
}

export interface ResolvedNode {
  name: string;
  /** The definition reference as written (after substitution), or null for an inline component. */
  definition: string | null;
  pos: SourcePos;
  kind: Kind;
  content: string | null;
  contentPos?: SourcePos;
  controller: string;
  interfaces: ResolvedInterface[];
  attributesSignature: string | null;
  attributes: ResolvedAttribute[];
  components: ResolvedNode[];
  bindings: ResolvedBinding[];
  /** For a shared component reference (`definition="./a/b"`): the path it designates, from the root. */
  sharedPath?: string[];
  /** Partial mode: definitions of this component that were not found; its interfaces may be incomplete. */
  missing?: string[];
}
