import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEPCRUISE = fileURLToPath(new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url));
const UNITS = ['lib', 'functions', 'gateway', 'connector', 'store', 'dashboard', 'cli', 'single-machine'];

interface Violation { rule: { name: string }; from: string; to: string }

/** dependency-cruiser's verdict on `paths` with the project's rules (.dependency-cruiser.cjs). */
function cruise(paths: string[]): Violation[] {
  const r = spawnSync(process.execPath, [DEPCRUISE, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (!r.stdout) throw new Error(`depcruise failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('architecture', () => {
  it('has no import circle and no unit importing another unit (only lib/)', () => {
    expect(cruise(UNITS).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('finds a type-only import circle when there is one', () => {
    expect(cruise(['test/fixtures/architecture']).map((v) => v.rule.name)).toContain('no-circular');
  });

  it('keeps files small: none over 300 lines, median at most 60', () => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.mjs', '*.cjs'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const lengths = files.map((f) => ({ f, n: readFileSync(f, 'utf8').split('\n').length - 1 })).sort((a, b) => a.n - b.n);
    expect(lengths.filter((l) => l.n > 300).map((l) => `${l.f}: ${l.n}`)).toEqual([]);
    expect(lengths[Math.floor((lengths.length - 1) / 2)].n).toBeLessThanOrEqual(60);
  });
});
