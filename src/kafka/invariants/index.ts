export * from './invariant.js';
export * from './single-leader-per-epoch.js';
export * from './high-watermark-monotonic.js';
export * from './logs-agree.js';
export * from './acknowledged-records.js';
