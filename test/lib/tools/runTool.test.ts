// runTool: stdin in, output captured, non-zero exit / timeout / missing program → ToolFailedError with a clear message.
import { describe, it, expect } from 'vitest';
import { runTool } from '../../../lib/tools/index.js';
import { ToolFailedError } from '../../../lib/errors.js';

describe('runTool', () => {
  it('pipes stdin and captures stdout', async () => {
    const r = await runTool('sh', ['-c', 'cat; echo done >&2'], { stdin: 'a\nb\n' });
    expect(r).toMatchObject({ stdout: 'a\nb\n', stderr: 'done\n', code: 0 });
  });
  it('a non-zero exit rejects with the code and stderr', async () => {
    const p = runTool('sh', ['-c', 'echo broken >&2; exit 4']);
    await expect(p).rejects.toBeInstanceOf(ToolFailedError);
    await expect(p).rejects.toThrow('tool "sh": exit code 4; output: broken');
  });
  it('a program past its timeout is killed and reported', async () => {
    await expect(runTool('sh', ['-c', 'sleep 5'], { timeoutMs: 100 })).rejects.toThrow('tool "sh": timed out after 0.1 s');
  });
  it('an aborted signal kills the program and rejects with the reason', async () => {
    const controller = new AbortController();
    const run = runTool('sh', ['-c', 'sleep 30'], { signal: controller.signal });
    controller.abort(new Error('deadline'));
    await expect(run).rejects.toThrow('deadline');
  });

  it('a missing program rejects', async () => {
    await expect(runTool('/nonexistent/ctffind', [])).rejects.toThrow('tool "/nonexistent/ctffind": could not start: spawn /nonexistent/ctffind ENOENT');
  });
});
