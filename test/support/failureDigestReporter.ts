// Prints every failed test (file, name, first error line) after vitest's own summary. CI logs are
// often cut to their tail, and the default reporter puts failure details above the summary.
import type { Reporter, TestModule } from 'vitest/node';

interface SerializedErrorLike {
  readonly message?: string;
  readonly name?: string;
}

function firstLine(error: SerializedErrorLike): string {
  const text = `${error.name ?? 'Error'}: ${error.message ?? ''}`;
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export default class FailureDigestReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedErrorLike>): void {
    const lines: string[] = [];
    for (const mod of testModules) {
      for (const error of mod.errors()) lines.push(`${mod.moduleId}: module error: ${firstLine(error)}`);
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state !== 'failed') continue;
        const cause = result.errors?.[0];
        lines.push(`${mod.moduleId} > ${test.fullName}${cause ? ` — ${firstLine(cause)}` : ''}`);
      }
    }
    for (const error of unhandledErrors) lines.push(`unhandled: ${firstLine(error)}`);
    if (lines.length === 0) return;
    process.stdout.write(`\nFailures (${lines.length}):\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  }
}
