// Curation: per-session thresholds and operator overrides → each movie accepted or rejected, failing criteria named.
export { CurationThresholds, CurationOverride, CurationSettings, curationKey } from './thresholds.js';
export { judgeMovie, describeFailures } from './judge.js';
export type { Criterion, Failure, Judgement, MovieMetrics } from './judge.js';
export { metricsFromResults } from './metrics.js';
export type { StepResultsOfMovie } from './metrics.js';
export { loadCuration, saveThresholds, setOverride, sessionResults, judgeAll, judgeSession } from './curationStore.js';
export type { JudgedMovie } from './curationStore.js';
