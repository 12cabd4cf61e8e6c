// Signature subtyping for binding checks, from the bindings runtime's signature registry.
// A signature the registry does not know (the Java ones of real Fractal files) is never an error.
import { signatures } from '../bindings/index.js';
import type { SignatureOracle } from './checks.js';

export const defaultSignatureOracle: SignatureOracle = (sub, sup) =>
  signatures.has(sub) && signatures.has(sup) ? signatures.isSubtype(sub, sup) : undefined;
