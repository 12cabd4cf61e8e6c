// The syntax tree of one Fractal ADL file, as written (before argument substitution and
// extends merging). Every node and every attribute value carries its source position.
import type { SourcePos } from './errors.js';

/** An XML attribute value with the position of its name and of its value's first character. */
export interface Attr {
  value: string;
  pos: SourcePos;
  valuePos: SourcePos;
}

export interface InterfaceAst {
  pos: SourcePos;
  name: Attr;
  role?: Attr;
  signature?: Attr;
  contingency?: Attr;
  cardinality?: Attr;
}

export interface BindingAst {
  pos: SourcePos;
  client: Attr;
  server: Attr;
}

export interface AttributeAst {
  pos: SourcePos;
  name: Attr;
  value: Attr;
}

export interface AttributesAst {
  pos: SourcePos;
  signature?: Attr;
  attributes: AttributeAst[];
}

export interface ContentAst {
  pos: SourcePos;
  class: Attr;
}

export interface ControllerAst {
  pos: SourcePos;
  desc: Attr;
}

/** Elements of the standard DTD that Tessera keeps but does not interpret. */
export interface NamedAst {
  pos: SourcePos;
  name: Attr;
}

/** What a `<definition>` and a `<component>` may both contain. */
export interface BodyAst {
  interfaces: InterfaceAst[];
  components: ComponentAst[];
  bindings: BindingAst[];
  content?: ContentAst;
  attributes?: AttributesAst;
  controller?: ControllerAst;
  templateController?: ControllerAst;
  logger?: NamedAst;
  virtualNode?: NamedAst;
}

export interface ComponentAst {
  pos: SourcePos;
  name: Attr;
  definition?: Attr;
  body: BodyAst;
}

export interface DefinitionAst {
  pos: SourcePos;
  file: string;
  name: Attr;
  arguments?: Attr;
  extends?: Attr;
  body: BodyAst;
}

export function emptyBody(): BodyAst {
  return { interfaces: [], components: [], bindings: [] };
}
