// Signature subtyping for binding checks. The bindings runtime's signature registry knows
// Tessera's signatures; until it answers, unknown signatures are never an error.
import type { SignatureOracle } from './checks.js';

export const defaultSignatureOracle: SignatureOracle = () => undefined;
