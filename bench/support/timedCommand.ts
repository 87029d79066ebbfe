// Runs a command under /usr/bin/time -v: wall seconds, peak RSS and output, for the benches that compare against RELION.
import { spawnSync } from 'node:child_process';

/** `input`, when given, is written to the command's stdin (CTFFIND reads its answers there). */
/** `cpuSeconds` (user + system) is the fairer comparison on a loaded machine, where wall time includes waiting for a core. */
export function timedCommand(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv, input?: string): { seconds: number; cpuSeconds: number; maxRssMb: number; out: string } {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { cwd, env, input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const cpuSeconds = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { seconds, cpuSeconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, out: r.stdout + r.stderr };
}
