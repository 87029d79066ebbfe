// Alerts to a Slack/Mattermost incoming webhook: settings and the firing/resolved state machine.
export * from './alertConfig.js';
export * from './alertState.js';
