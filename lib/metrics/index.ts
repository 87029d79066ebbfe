// Prometheus metrics shared by every unit: the scrape token, the /metrics route, the function host's step metrics.
export * from './metricsToken.js';
export * from './serveMetrics.js';
export * from './stepMetrics.js';
