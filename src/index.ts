// Library entry: build the service into your own process, or reuse its domain pieces.
export { buildApp, type AppOverrides } from './app.js';
export { loadConfig, testConfig, ConfigError, type Config } from './config.js';
export { startServer } from './start.js';
export { HOOK_TYPES, defaultPriority, type HookType } from './schemas/hook-types.js';
export type { EventStore, StoredEvent, EventFilter } from './store/types.js';
export { MemoryEventStore } from './store/memory-store.js';
export type { SecurityValidator, SecurityVerdict, RiskLevel, Decision, FailCause, PayloadOptions } from './security/types.js';
export { collapseRepeatedNotifications } from './aggregation/builtin-rules.js';
export type { AggregationRule, RuleWindow, RuleResult, AggregateSummary, ToolUsage, ToolCall } from './aggregation/types.js';
