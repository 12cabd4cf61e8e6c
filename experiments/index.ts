// Public API of the uptime experiments: configs, runs, summaries, files, plots, sweeps.
export { ConfigError, configSchema, loadConfigFile, parseConfig, toCycles, type ExperimentConfig, type ExperimentEvent, type RawConfig } from './config.js';
export { generateLoad, type PlannedRequest } from './load.js';
export { ExperimentError, runExperiment, stall, type EventResult, type RequestResult, type RequestStatus, type RunResult, type SegmentInfo } from './runner.js';
export type { ReconfigOutcome, Reconfigurer } from './reconfigurer.js';
export { EngineReconfigurer, summariseRecords } from './engine-reconfigurer.js';
export { latencyStats, percentile, summarize, type EventStats, type LatencyStats, type Summary, type WindowStats } from './metrics.js';
export { eventsJson, REQUESTS_CSV_HEADER, requestsCsv, summaryJson, textSummary } from './outputs.js';
export { renderPlots, renderSvg, type Plot } from './plots.js';
export { reportHtml } from './report.js';
export { runUptime, type UptimeOptions, type UptimeResult } from './uptime.js';
export { loadGrid, mergeSweeps, MergeError, runSweep, shardOf, sweepCsv, type Grid, type Job, type JobRow } from './sweep.js';
