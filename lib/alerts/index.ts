// Alerts to a Slack/Mattermost incoming webhook and by e-mail: settings, targets and the firing/resolved state machine.
export * from './alertConfig.js';
export * from './alertState.js';
export * from './emailNotify.js';
export * from './notifyTargets.js';
export * from './rejectionStreak.js';
