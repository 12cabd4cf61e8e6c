// Public API of the reconfiguration engine.
export { ReconfigurationEngine, validateState, type EngineOptions, type SwapOptions } from './engine.js';
export { ReconfigurationError, NotReconfigurableError, ScriptError, type ReconfigStep } from './errors.js';
export { describeAction, fromDiff, buildNode, pathOf, reconfigurationOfController, type PlanAction } from './plan.js';
export { formatRecord, stateSize, Journal, type SwapRecord, type PhaseTiming, type ReplacementInfo, type ReconfigEvent } from './record.js';
export { STRATEGIES, strategyOf, threadCounting, quiescence, callersOf, SafeStateTimeout, type SafeStateStrategy, type SafeState, type SafeStateRequest } from './strategies.js';
export { adlDefinitionLoader, describeSuccessor, type SuccessorSpec, type DefinitionLoader } from './successor.js';
export { parseScript, planScript, runScript, type ScriptContext, type ScriptStep, type ScriptResult } from './script/index.js';
