// cliPack: a tool's destructive verbs as data, judged by one function; the pre-filter wakes it only on its verbs.
import { describe, expect, it } from 'vitest';
import { cliPack, hasFlag } from '../../src/security/rules/cli.js';
import { makeCommand } from '../../src/security/model.js';
import type { SecurityFinding } from '../../src/security/types.js';

const pack = cliPack('demo', [
  {
    commands: ['tool'],
    rules: [
      { rule: 'demo.wipe', verbs: ['db', 'drop|destroy'], flags: ['--force', '-f'], risk: 'CRITICAL', reason: 'Drops the database.' },
      { rule: 'demo.delete', verbs: ['db', 'drop|destroy'], risk: 'HIGH', reason: 'Drops the database after a prompt.' },
    ],
  },
  { commands: ['other'], rules: [{ rule: 'demo.any', verbs: [/^purge:/], risk: 'MEDIUM', reason: 'Purges.' }] },
]);

function judge(...argv: string[]): string[] {
  const out: SecurityFinding[] = [];
  const rule = pack.rules.find((r) => r.commands.includes(argv[0]));
  rule?.check(makeCommand(argv), out);
  return out.map((f) => `${f.rule}:${f.risk}`);
}

describe('cliPack', () => {
  it('matches verbs in order among the operands, worst rule first, flags in any spelling', () => {
    expect(judge('tool', 'db', 'drop', 'main', '--force')).toEqual(['demo.wipe:CRITICAL']);
    expect(judge('tool', '--profile', 'prod', 'db', 'DESTROY', 'main', '-yf')).toEqual(['demo.wipe:CRITICAL']);
    expect(judge('tool', 'db', 'drop', 'main', '--force=true')).toEqual(['demo.wipe:CRITICAL']);
    expect(judge('tool', 'db', 'drop', 'main')).toEqual(['demo.delete:HIGH']);
    expect(judge('other', 'purge:all')).toEqual(['demo.any:MEDIUM']);
  });

  it('leaves other verbs, help and dry runs alone', () => {
    expect(judge('tool', 'db', 'list')).toEqual([]);
    expect(judge('tool', 'drop', 'db')).toEqual([]);
    expect(judge('tool', 'db', 'drop', '--help')).toEqual([]);
    expect(judge('tool', 'db', 'drop', '--dry-run', '--force')).toEqual([]);
    expect(judge('tool', 'help', 'db', 'drop')).toEqual([]);
    expect(judge('tool', 'db', 'drop', '--', '--force')).toEqual(['demo.delete:HIGH']);
  });

  it('wakes on the last literal verb of each rule, on the command names when a rule has none', () => {
    expect(new Set(pack.keywords)).toEqual(new Set(['drop', 'destroy']));
    expect(pack.rules.map((r) => r.nameIsKeyword)).toEqual([false, true]);
  });

  it('skips the values of value flags, and anchors the verbs at the first operand when asked', () => {
    const aws = cliPack('demo', [{ commands: ['cloud'], anchored: true, valueFlags: ['--profile'], rules: [{ rule: 'demo.rm', verbs: ['svc', /^delete-/], risk: 'HIGH', reason: 'Deletes.' }] }]);
    const run = (...argv: string[]): number => {
      const out: SecurityFinding[] = [];
      aws.rules[0].check(makeCommand(argv), out);
      return out.length;
    };
    expect(run('cloud', '--profile', 'prod', 'svc', 'delete-thing')).toBe(1);
    expect(run('cloud', 'svc', 'list-things', '--name', 'svc', 'delete-me')).toBe(0);
  });

  it('hasFlag reads long flags with values and short clusters, not operands after --', () => {
    expect(hasFlag(['x', '-rf', '/'], '-f')).toBe(true);
    expect(hasFlag(['x', '--recursive=1'], '--recursive')).toBe(true);
    expect(hasFlag(['x', '--', '-f'], '-f')).toBe(false);
    expect(hasFlag(['x', '-f1'], '-f')).toBe(false);
  });
});
