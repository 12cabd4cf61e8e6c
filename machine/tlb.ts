// Size of the hart's software TLBs (direct-mapped, indexed by the low bits of the virtual page
// number), shared by the hart, the translator's generated code and the interpreter.
export const TLB_ENTRIES = 1024;
export const TLB_MASK = TLB_ENTRIES - 1;
