// Public API of the Fractal ADL tool chain.
export { AdlError, formatDiagnostic, formatPos, isWarning, type AdlDiagnostic, type AdlErrorKind, type SourcePos } from './errors.js';
export { parseAdl, type ParseResult } from './parser.js';
export type * from './ast.js';
export type { ResolvedNode, ResolvedInterface, ResolvedBinding, ResolvedAttribute, Role, Contingency, Cardinality, Kind } from './model.js';
export { loadAdl, checkAdl, defaultRootName, type AdlModel, type LoadOptions } from './load.js';
export type { SignatureOracle } from './checks.js';
export { toGraph, toJson, toTree, findNode, type GraphNode, type GraphInterface, type GraphBinding } from './graph.js';
export { toDot } from './dot.js';
export { toSvg, dotToSvg } from './svg.js';
export { diff, formatActions, type ReconfigAction } from './diff.js';
export { build, type BuildOptions, type BuiltArchitecture } from './builder.js';
