// The validator's options from the service configuration: one mapping, shared by the service and `hookhive validate`.
import { configList, type Config } from '../config.js';
import type { SecurityOptions } from './index.js';

export function securityOptionsFromConfig(config: Config, overrides: Partial<SecurityOptions> = {}): SecurityOptions {
  return {
    enabled: config.HOOK_SECURITY_VALIDATION_ENABLED,
    blocking: config.HOOK_DANGEROUS_COMMAND_BLOCKING,
    auditMode: config.HOOK_SECURITY_AUDIT_MODE,
    rulesFile: config.HOOK_SECURITY_RULES_FILE,
    cacheSize: config.HOOK_SECURITY_CACHE_SIZE,
    commandBudgetMs: config.HOOK_COMMAND_BUDGET_MS,
    failDecision: config.HOOK_FAIL_DECISION,
    packs: configList(config.HOOK_SECURITY_PACKS),
    ...overrides,
  };
}
