// Reads what a MotionCor2/MotionCor3 run says about itself on stdout: version, echoed parameters, iterations, hot pixels.
// Every field is null when the text does not say it, so the result never carries numbers the binary did not report.

export interface MotionCor2RunFacts {
  /** "MotionCor2 version 1.4.0" / "MotionCor3 version 1.2.1" → "MotionCor2 1.4.0"; null when not printed. */
  version: string | null;
  /** Global (full-frame) iterations performed: the last number of the first "Iteration N  Error:" block. */
  iterations: number | null;
  /** Error of the last global iteration (pixels, as printed). */
  finalError: number | null;
  /** Echoed "-Iter" and "-Tol" (the limits it ran with). */
  maxIterations: number | null;
  tolerance: number | null;
  /** Last global error below the echoed tolerance; null when either is missing. */
  converged: boolean | null;
  /** Global B-factor from the echoed "-Bft global local" line. */
  bfactor: number | null;
  /** A count of hot/bad pixels if the run printed one. */
  hotPixels: number | null;
}

const NUM = '([-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';

function echoed(lines: string[], tag: string): number[] | null {
  const re = new RegExp(`^${tag}\\s+${NUM}(?:\\s+${NUM})?`);
  for (const l of lines) {
    const m = re.exec(l.trim());
    if (m) return m.slice(1).filter((v): v is string => v !== undefined).map(Number);
  }
  return null;
}

/** The first run of consecutive "Iteration N  Error: e" lines (1, 2, …): the full-frame alignment. */
function firstIterationBlock(lines: string[]): { n: number; err: number }[] {
  const block: { n: number; err: number }[] = [];
  for (const l of lines) {
    const m = new RegExp(`Iteration\\s+(\\d+)\\s+Error:\\s*${NUM}`).exec(l);
    if (!m) continue;
    const n = Number(m[1]);
    if (n === 1 && block.length > 0) break;
    block.push({ n, err: Number(m[2]) });
  }
  return block;
}

function hotPixelCount(text: string): number | null {
  const m = /(?:number of|total)\s+(?:hot|bad|defect)\s*(?:and hot\s+)?pixels?\s*(?:detected|found)?\s*[:=]?\s*(\d+)/i.exec(text)
    ?? /(\d+)\s+(?:hot|bad)\s+pixels?\s+(?:detected|found|corrected)/i.exec(text);
  return m ? Number(m[1]) : null;
}

export function parseMotionCor2Stdout(text: string): MotionCor2RunFacts {
  const lines = text.split(/\r?\n/);
  const v = /(MotionCor[23])\s+(?:version|v)\s*([0-9][0-9A-Za-z._-]*)/i.exec(text);
  const block = firstIterationBlock(lines);
  const last = block.at(-1);
  const iter = echoed(lines, '-Iter');
  const tol = echoed(lines, '-Tol');
  const bft = echoed(lines, '-Bft');
  const tolerance = tol?.[0] ?? null;
  const finalError = last?.err ?? null;
  return {
    version: v ? `${v[1]} ${v[2]}` : null,
    iterations: last?.n ?? null,
    finalError,
    maxIterations: iter?.[0] ?? null,
    tolerance,
    converged: finalError !== null && tolerance !== null ? finalError < tolerance : null,
    bfactor: bft?.[0] ?? null,
    hotPixels: hotPixelCount(text),
  };
}
