// Public API of lib/tools: running external programs.
export type { RunToolOptions, ToolRun } from './runTool.js';
export { runTool } from './runTool.js';
