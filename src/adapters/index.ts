// The table of agent dialects: the routes, the error handler's fail-closed answers and the docs come from it.
import type { Dialect } from './dialect.js';
import { claudeDialect } from './claude.js';
import { codexDialect } from './codex.js';
import { cursorDialect } from './cursor.js';
import { geminiDialect } from './gemini.js';
import { copilotDialect } from './copilot.js';

export const DIALECTS: Readonly<Record<string, Dialect>> = {
  claude: claudeDialect,
  codex: codexDialect,
  cursor: cursorDialect,
  gemini: geminiDialect,
  copilot: copilotDialect,
};

export type { Dialect, AgentDecision, DialectContext } from './dialect.js';
