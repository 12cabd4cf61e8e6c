// One uptime experiment end to end: run it, summarise it, and write its files to a directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from './config.js';
import { EngineReconfigurer } from './engine-reconfigurer.js';
import { summarize, type Summary } from './metrics.js';
import { eventsJson, requestsCsv, summaryJson } from './outputs.js';
import { renderPlots } from './plots.js';
import type { Reconfigurer } from './reconfigurer.js';
import { reportHtml } from './report.js';
import { runExperiment, type RunResult } from './runner.js';

export interface UptimeOptions {
  /** Output directory; nothing is written without one. */
  out?: string;
  /** Render the SVG plots and report.html (default true). */
  plots?: boolean;
  reconfigurer?: Reconfigurer;
  onProgress?: (cycle: number, end: number) => void;
}

export interface UptimeResult {
  run: RunResult;
  summary: Summary;
  files: string[];
}

export async function runUptime(config: ExperimentConfig, options: UptimeOptions = {}): Promise<UptimeResult> {
  const run = await runExperiment(config, { reconfigurer: options.reconfigurer ?? new EngineReconfigurer(), onProgress: options.onProgress });
  const summary = summarize(run);
  const files: string[] = [];
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    const write = (name: string, text: string): void => {
      writeFileSync(join(options.out!, name), text);
      files.push(name);
    };
    write('requests.csv', requestsCsv(run));
    write('events.json', eventsJson(run, summary));
    write('summary.json', summaryJson(summary));
    if (options.plots ?? true) {
      const plots = await renderPlots(run, summary);
      for (const p of plots) write(p.file, p.svg);
      write('report.html', reportHtml(summary, plots, config.description));
    }
  }
  return { run, summary, files };
}
