// Unit tests of the shell walker: wrappers, dequoting, option spellings, path normalisation, limits.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import type { ConfigurableValidator } from '../../src/security/index.js';
import { parseOptions } from '../../src/security/options.js';
import { classifyPath, normPath } from '../../src/security/paths.js';
import { isBoring } from '../../src/security/prefilter.js';

let v: ConfigurableValidator;
beforeAll(async () => {
  // These tests are about judgement, not time: on a busy machine the 50 ms default budget can run
  // out and answer ask (fail closed). budget.test.ts tests the budget itself.
  v = await createSecurityValidator({ enabled: true, blocking: true, cacheSize: 0, commandBudgetMs: 10_000 });
});

const argvs = (cmd: string): string[][] => v.explain(cmd).commands;

describe('walker', () => {
  it('dequotes words the way bash does', () => {
    for (const cmd of ["r''m -rf x", 'r""m -rf x', '\\rm -rf x', '"rm" -rf x', "'rm' -rf x", "$'\\x72m' -rf x", "$'\\162\\155' -rf x"]) {
      expect(argvs(cmd)[0], cmd).toEqual(['rm', '-rf', 'x']);
    }
    expect(argvs('/bin/rm -rf x')[0]).toEqual(['/bin/rm', '-rf', 'x']);
    expect(argvs('echo a\\ b "c d" \'e f\'')[0]).toEqual(['echo', 'a b', 'c d', 'e f']);
    // \U takes 8 hex digits, beyond Unicode: not a crash (validator.error), just an odd character.
    expect(argvs("echo $'\\U0011ffff' $'\\U0001F600'")[0]).toEqual(['echo', '\ufffd', '\u{1F600}']);
    expect(v.validateCommandSync("echo $'\\U0011ffff'").decision).toBe('allow');
  });

  it('expands braces and marks runtime-only parts', () => {
    expect(argvs('echo {a,b}c')[0]).toEqual(['echo', 'ac', 'bc']);
    expect(argvs('echo "{a,b}"')[0]).toEqual(['echo', '{a,b}']);
    expect(argvs('echo $X "${Y}z"')[0]).toEqual(['echo', '$?', '$?z']);
    expect(argvs('echo $HOME ${HOME}/x')[0]).toEqual(['echo', '~', '~/x']);
  });

  it('walks every list, pipeline, group, loop, function and substitution', () => {
    const cmd = 'a; b && c || d | e & (f); { g; }; for i in $(h); do i; done; while j; do k; done; if l; then m; fi; n() { o; }; p <(q) `r` > "$(s)"';
    const names = argvs(cmd).map((x) => x[0]);
    for (const n of 'abcdefghijklmopqrs') expect(names, n).toContain(n);
  });

  it('sees through wrappers to the command they run', () => {
    const cases: [string, string[]][] = [
      ['sudo -u root -E rm -rf x', ['rm', '-rf', 'x']],
      ['sudo -- rm x', ['rm', 'x']],
      ['doas -u bob rm x', ['rm', 'x']],
      ['env -i A=1 B=2 rm x', ['rm', 'x']],
      ['env -S "rm -f x"', ['rm', '-f', 'x']],
      ['command -p rm x', ['rm', 'x']],
      ['builtin rm x', ['rm', 'x']],
      ['exec -a name rm x', ['rm', 'x']],
      ['nice -n 5 rm x', ['rm', 'x']],
      ['nohup rm x', ['rm', 'x']],
      ['time -p rm x', ['rm', 'x']],
      ['timeout -k 5 10s rm x', ['rm', 'x']],
      ['watch -n 2 rm x', ['rm', 'x']],
      ['echo a b | xargs -n1 rm', ['rm', 'a', 'b']],
      ['find . -exec rm {} \\;', ['rm', './$?']],
      ['find /srv -execdir rm {} +', ['rm', '/srv/$?']],
      ['parallel rm {} ::: a', ['rm', 'a']],
      ['bash -c "rm x"', ['rm', 'x']],
      ['sh -lc "rm x"', ['rm', 'x']],
      ["eval 'rm x'", ['rm', 'x']],
      ['bash <<< "rm x"', ['rm', 'x']],
      ['ssh -p 22 host rm x', ['rm', 'x']],
      ['python3 -c "import os; os.system(\'rm x\')"', ['rm', 'x']],
    ];
    for (const [cmd, want] of cases) expect(argvs(cmd), cmd).toContainEqual(want);
  });

  it('gives xargs -I the piped words, or an unknown value past 4 KB of them', () => {
    expect(argvs('echo a b | xargs -I{} rm -rf {}/x')).toContainEqual(['rm', '-rf', 'a b/x']);
    // Each placeholder would get the whole input: quadratic work, so it is known only at run time.
    const many = 'echo ' + 'abcdefgh '.repeat(500) + '| xargs -I{} rm -rf {}';
    expect(argvs(many)).toContainEqual(['rm', '-rf', '$?']);
    expect(v.validateCommandSync(many).rule).toBe('fs.rm-dynamic');
  });

  it('records the wrapper chain', () => {
    const e = v.explain('sudo env X=1 bash -c "rm x"');
    const i = e.commands.findIndex((c) => c[0] === 'rm');
    expect(e.via[i]).toEqual(['sudo', 'env', 'bash -c']);
  });

  it('does not treat quoted heredoc bodies or data as commands', () => {
    expect(argvs("cat > f <<'EOF'\nrm -rf /\nEOF").map((c) => c[0])).toEqual(['cat']);
    expect(argvs('echo "rm -rf /"').map((c) => c[0])).toEqual(['echo']);
  });

  it('tracks literal cd for relative paths', () => {
    expect(v.validateCommandSync('cd /etc && rm -rf *').rule).toBe('fs.rm-system');
    expect(v.validateCommandSync('cd build && rm -rf *').decision).toBe('allow');
  });
});

describe('options', () => {
  const RM = { short: { r: 'recursive', R: 'recursive', f: 'force' }, long: { recursive: 'recursive', force: 'force', 'no-preserve-root': 'npr' } };
  it('understands every spelling', () => {
    for (const args of [['-rf'], ['-fr'], ['-r', '-f'], ['-R', '-f'], ['--recursive', '--force'], ['--rec', '--forc'], ['-r', '--force']]) {
      const p = parseOptions(['rm', ...args, 'x'], RM, 1);
      expect([...p.flags].sort(), args.join(' ')).toEqual(['force', 'recursive']);
      expect(p.operands).toEqual(['x']);
    }
    expect(parseOptions(['rm', '--', '-rf'], RM, 1).operands).toEqual(['-rf']);
    expect(parseOptions(['x', '--no-pres'], RM, 1).flags.has('npr')).toBe(true);
  });
  it('reads option values in both forms', () => {
    const spec = { short: { n: 'n' }, long: { lines: 'n' }, withValue: ['n'] };
    expect(parseOptions(['h', '-n5'], spec, 1).values.get('n')).toBe('5');
    expect(parseOptions(['h', '-n', '5'], spec, 1).values.get('n')).toBe('5');
    expect(parseOptions(['h', '--lines=5'], spec, 1).values.get('n')).toBe('5');
  });
});

describe('paths', () => {
  it('normalises', () => {
    expect(normPath('/tmp/../etc')).toBe('/etc');
    expect(normPath('/etc/')).toBe('/etc');
    expect(normPath('/etc/*')).toBe('/etc');
    expect(normPath('~')).toBe('/~');
    expect(normPath('~/..')).toBe('/');
    expect(normPath('./a/../b')).toBe('b');
    expect(normPath('*', '/usr')).toBe('/usr');
    expect(normPath('../../x')).toBe('../../x');
  });
  it('classifies', () => {
    expect(classifyPath('/')).toBe('root');
    expect(classifyPath('/~')).toBe('home');
    expect(classifyPath('/home/alice')).toBe('home');
    expect(classifyPath('/etc')).toBe('system');
    expect(classifyPath('/var/log/app/x')).toBe('system-deep');
    expect(classifyPath('/tmp/x')).toBe('scratch');
    expect(classifyPath('/~/.ssh')).toBe('home-secret');
    expect(classifyPath('build')).toBe('other');
  });
});

describe('pre-filter and limits', () => {
  it('skips boring commands and never skips interesting ones', () => {
    expect(isBoring('npm test')).toBe(true);
    expect(isBoring('git status')).toBe(true);
    expect(isBoring('git push -f')).toBe(false);
    expect(isBoring("r''m -rf x")).toBe(false);
    expect(isBoring('ls $X')).toBe(false);
    expect(isBoring('echo "open')).toBe(false);
    expect(isBoring('ls &&')).toBe(false);
  });
  it('never skips an interpreter called by a versioned name', () => {
    // Without its version, `ruby3 -e rmdir` was skipped as boring although the analysis asks about it.
    for (const cmd of ['ruby3 -e rmdir', 'node20 -e unlinkSync', 'python3.12 -c shutil.rmtree', 'perl5 -e unlink', 'lua5.4 -e truncate']) {
      expect(isBoring(cmd), cmd).toBe(false);
      expect(v.validateCommandSync(cmd).decision, cmd).toBe('ask');
    }
  });
  it('answers ask at once for oversized input', async () => {
    const small = await createSecurityValidator({ enabled: true, blocking: true, maxCommandBytes: 100 });
    const verdict = small.validateCommandSync('echo ' + 'a'.repeat(200));
    expect(verdict.decision).toBe('ask');
    expect(verdict.rule).toBe('input.too-large');
  });
  it('answers ask for nesting too deep, without hanging', () => {
    const deep = '$('.repeat(300) + 'ls' + ')'.repeat(300);
    const t0 = performance.now();
    const verdict = v.validateCommandSync(`echo ${deep}`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(verdict.decision).toBe('ask');
    let inline = 'ls';
    for (let i = 0; i < 10; i++) inline = `bash -c ${JSON.stringify(inline)}`;
    expect(v.validateCommandSync(inline).rule).toBe('input.too-deep');
  });
  it('answers ask when the analysis runs over its time budget', async () => {
    const slow = await createSecurityValidator({ enabled: true, blocking: true, commandBudgetMs: 0.001, cacheSize: 0, maxCommandBytes: 1_000_000 });
    const big = Array.from({ length: 20000 }, (_, i) => `echo $X${i} | grep ${i}`).join('; ');
    const verdict = slow.validateCommandSync(big);
    expect(verdict.decision).toBe('ask');
    expect(['parse.timeout', 'analysis.timeout']).toContain(verdict.rule);
    expect(verdict.failClosed).toBe('validator_timeout');
  });
});
