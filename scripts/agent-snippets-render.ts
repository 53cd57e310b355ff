// The README's per-agent set-up snippets and fail-closed table, rendered from the dialect table (src/adapters/table.ts).
import { DIALECT_INFO, DIALECT_NAMES, type DialectInfo, type DialectName } from '../src/adapters/table.js';
import { CLAUDE_EVENTS, COMMAND_HOOK_ONLY_EVENTS } from '../src/schemas/hook-types.js';

const forward = (d: DialectInfo, extra = '') => `hookhive forward --dialect ${d.name}${extra}`;

/** One line per event: the snippets stay readable however many events an agent has. */
function hooksObject(entries: [string, unknown][], head: Record<string, unknown> = {}): string {
  const lines = entries.map(([event, value], i) => `    ${JSON.stringify(event)}: ${inline(value)}${i < entries.length - 1 ? ',' : ''}`);
  const headLines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return ['{', ...headLines, '  "hooks": {', ...lines, '  }', '}'].join('\n');
}

/** JSON on one line with a space inside braces, as people write it by hand. */
function inline(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\{(?=")/g, '{ ')
    .replace(/(?<=[^{])\}/g, ' }')
    .replace(/":/g, '": ')
    .replace(/,(?=")/g, ', ');
}

const RENDER: Record<DialectName, (d: DialectInfo) => string> = {
  claude: () =>
    hooksObject(
      CLAUDE_EVENTS.filter((e) => !COMMAND_HOOK_ONLY_EVENTS.includes(e)).map((e) => [
        e,
        [{ hooks: [{ type: 'http', url: 'http://127.0.0.1:8000/hooks/claude', timeout: 5 }] }],
      ]),
    ),
  codex: (d) => hooksObject(d.events.map((e) => [e, [{ hooks: [{ type: 'command', command: forward(d), timeout: 10 }] }]])),
  cursor: (d) => hooksObject(d.events.map((e) => [e, [{ command: forward(d) }]]), { version: 1 }),
  gemini: (d) => hooksObject(d.events.map((e) => [e, [{ hooks: [{ type: 'command', command: forward(d), timeout: 10000 }] }]])),
  copilot: (d) => hooksObject((d.setupEvents ?? d.events).map((e) => [e, [{ type: 'command', bash: forward(d, ` --event ${e}`), timeoutSec: 10 }]]), { version: 1 }),
};

/** The snippet of each marker (`<!-- agent-snippet: NAME -->` before a json block). */
export function renderSnippets(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of DIALECT_NAMES) out[name === 'claude' ? 'claude-http' : name] = RENDER[name](DIALECT_INFO[name]);
  return out;
}

const HOW: Record<DialectName, string> = {
  claude: 'native HTTP hook, or `hookhive forward`',
  codex: '`hookhive forward --dialect codex`',
  cursor: '`hookhive forward --dialect cursor`',
  gemini: '`hookhive forward --dialect gemini`',
  copilot: '`hookhive forward --dialect copilot --event <name>`',
};

/** The rows of the README's agents table (between `<!-- agent-table -->` markers). */
export function renderAgentTable(): string {
  return DIALECT_NAMES.map((n) => {
    const d = DIALECT_INFO[n];
    return `| ${d.title} | \`/hooks/${d.name}\` | ${HOW[n]} | ${d.canFailClosed} |`;
  }).join('\n');
}

/** The README with every snippet block and the agents table replaced by their rendering. */
export function renderReadme(readme: string): string {
  let out = readme.replace(
    /(<!-- agent-table -->\n\| agent .*\n\|[-|]+\n)([\s\S]*?)(\n<!-- \/agent-table -->)/,
    (_m, head: string, _rows: string, tail: string) => `${head}${renderAgentTable()}${tail}`,
  );
  for (const [name, json] of Object.entries(renderSnippets())) {
    const re = new RegExp(`(<!-- agent-snippet: ${name} -->\\n\`\`\`json\\n)([\\s\\S]*?)(\\n\`\`\`)`);
    out = out.replace(re, (_m, head: string, _body: string, tail: string) => `${head}${json}${tail}`);
  }
  return out;
}
