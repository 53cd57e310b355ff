// HOOK_SECURITY_PACKS: a deployment chooses the rule packs that run; the checks of a command's structure always run.
import { describe, expect, it } from 'vitest';
import { createSecurityValidator } from '../../src/security/index.js';
import { PACK_NAMES, selectPacks } from '../../src/security/rules/index.js';
import { loadConfig } from '../../src/config.js';
import { securityOptionsFromConfig } from '../../src/security/from-config.js';

const base = { enabled: true, blocking: true, cacheSize: 0, commandBudgetMs: 10_000 } as const;

describe('security packs', () => {
  it('all packs run by default; a list of names runs only those', async () => {
    const all = await createSecurityValidator(base);
    expect(all.validateCommandSync('git push --force origin main').decision).toBe('ask');
    const fsOnly = await createSecurityValidator({ ...base, packs: ['filesystem'] });
    expect(fsOnly.validateCommandSync('git push --force origin main').decision).toBe('allow');
    expect(fsOnly.validateCommandSync('rm -rf /').decision).toBe('deny');
    expect(fsOnly.validateCommandSync('mkfs.ext4 /dev/sda1').decision).toBe('allow');
  });

  it('`all,-name` and `-name` switch packs off, `+name` adds one back', async () => {
    const noGit = await createSecurityValidator({ ...base, packs: ['-git'] });
    expect(noGit.validateCommandSync('git push --force origin main').decision).toBe('allow');
    expect(noGit.validateCommandSync('rm -rf ~').decision).toBe('deny');
    expect(selectPacks(['all', '-git'])).toEqual(selectPacks(['-git']));
    expect([...(selectPacks(['-git', '-disks', '+git']) ?? [])].sort()).toEqual(PACK_NAMES.filter((p) => p !== 'disks').sort());
    expect(selectPacks(['all'])).toBeUndefined();
    expect(selectPacks([])).toBeUndefined();
  });

  it('structural checks do not belong to a pack: they run whatever is chosen', async () => {
    const none = await createSecurityValidator({ ...base, packs: ['cron'] });
    expect(none.validateCommandSync(':(){ :|:& };:').decision).toBe('deny');
    expect(none.validateCommandSync('echo "unterminated').decision).toBe('ask');
  });

  it('an unknown pack name is an error that names the packs, in the library and from the environment', async () => {
    await expect(createSecurityValidator({ ...base, packs: ['filesystem', 'nope'] })).rejects.toThrow(/unknown security pack "nope".*filesystem/);
    const config = loadConfig({ HOOK_SECURITY_PACKS: 'git, nope' });
    await expect(createSecurityValidator(securityOptionsFromConfig(config))).rejects.toThrow(/"nope"/);
    expect(() => loadConfig({ HOOK_SECURITY_PACKS: 'git,,disks' })).toThrow(/HOOK_SECURITY_PACKS/);
  });
});
