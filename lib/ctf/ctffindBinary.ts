// Drives the CTFFIND binary through its prompts and reads its outputs into the same CtffindRun as our estimator.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Image2D } from '../image.js';
import { ToolFailedError } from '../errors.js';
import { encodeMrc, readMrc } from '../formats/mrc/index.js';
import { runTool } from '../tools/runTool.js';
import { buildCtffindInput } from './ctffindInput.js';
import { parseCtffindOutput } from './parseCtffind.js';
import type { CtffindRun } from './ctffindRun.js';
import type { CtffindParameters } from './result.js';

export interface CtffindBinaryOptions {
  /** Path of the ctffind executable. */
  bin: string;
  /** Folder for the input copy and outputs. */
  workDir: string;
  /** CTFFIND version (prompt order); detected with `--version` when absent. @default detected, else '4.1.14' */
  version?: string;
  /** @default 600000 */
  timeoutMs?: number;
  /** Kills CTFFIND when aborted (the function host's deadline). */
  signal?: AbortSignal;
}

/** `ctffind --version` → "4.1.14"; null when the program does not say. */
export async function detectCtffindVersion(bin: string): Promise<string | null> {
  try {
    const r = await runTool(bin, ['--version'], { timeoutMs: 20_000 });
    return /(\d+\.\d+\.\d+)/.exec(r.stdout + r.stderr)?.[1] ?? null;
  } catch {
    return null;
  }
}

async function readOutput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new ToolFailedError(`CTFFIND: expected output "${file}" was not written`, { cause: err });
  }
}

/** Runs CTFFIND on `image` (written as MRC with its pixel size) and collects .txt, _avrot.txt and the diagnostic image. */
export async function ctffindWithBinary(image: Image2D, params: CtffindParameters, options: CtffindBinaryOptions): Promise<CtffindRun> {
  const version = options.version ?? (await detectCtffindVersion(options.bin)) ?? '4.1.14';
  const input = path.join(options.workDir, 'micrograph.mrc');
  const output = path.join(options.workDir, 'micrograph_ctf.mrc');
  await writeFile(input, encodeMrc([image], { pixelSizeA: params.pixelSizeA }));
  const stdin = buildCtffindInput(params, version, { input, output });
  const run = await runTool(options.bin, [], { stdin, cwd: options.workDir, env: { LC_ALL: 'C' }, timeoutMs: options.timeoutMs, signal: options.signal });
  const base = output.replace(/\.[^./]+$/, '');
  const txt = (await readOutput(`${base}.txt`)).toString('utf8');
  const avrot = (await readOutput(`${base}_avrot.txt`)).toString('utf8');
  const { version: fileVersion, ...results } = parseCtffindOutput(txt);
  const diag = readMrc(new Uint8Array(await readOutput(output)), output).images[0];
  return {
    results,
    files: [
      { suffix: '.txt', body: txt, contentType: 'text/plain' },
      { suffix: '_avrot.txt', body: avrot, contentType: 'text/plain' },
    ],
    diagnostic: diag,
    software: { implementation: 'CTFFIND', version: fileVersion ?? version },
    timings: { total: run.seconds },
  };
}
