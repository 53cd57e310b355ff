// Which requests the approval desk holds (CONTRACT §11): an agent's decision event judged ask, and the permission dialog.
import type { DialectInfo } from '../adapters/table.js';
import type { Decision } from '../security/types.js';

/** Agents whose PermissionRequest is the user's own permission dialog, which a dashboard answer can settle. */
const DIALOG_AGENTS: ReadonlySet<string> = new Set(['claude', 'codex']);

/**
 * Held: a decision event (the dialect's own name) judged `ask`, and every Claude Code or Codex PermissionRequest that
 * was not denied outright — the user is being asked there anyway; a dashboard may answer first.
 */
export function shouldHold(info: Pick<DialectInfo, 'name' | 'decisionEvents'>, agentEvent: string, decision: Decision): boolean {
  if (DIALOG_AGENTS.has(info.name) && agentEvent === 'PermissionRequest') return decision !== 'deny';
  return info.decisionEvents.includes(agentEvent) && decision === 'ask';
}
