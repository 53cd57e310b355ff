// Publishing to and pulling from public package registries: an outside action nobody can take back.
// A published version is public and copied by mirrors and caches within minutes, and most registries never let the
// same version be published again, so publishing is HIGH (ask). Unpublishing or yanking is HIGH too: it breaks every
// project that depends on the version, and the whole-package spelling is named as worse in its reason. Moving
// deprecations, owners and access is MEDIUM: it changes what others get, but can be put back.
// Previews (`--dry-run`, `npm pack`, `cargo package`, `twine check`) match no verb or are excused by their flag.
import { cliPack } from './cli.js';
import type { VerbRule } from './cli.js';

const publish = (tool: string, verbs: VerbRule['verbs']): VerbRule => ({
  rule: 'publish.package',
  verbs,
  risk: 'HIGH',
  reason: `${tool} publishes a package to a registry: it is public at once, copied by mirrors, and the version can never be reused.`,
});
const unpublish = (tool: string, verbs: VerbRule['verbs'], flags?: readonly string[], whole = false): VerbRule => ({
  rule: 'publish.unpublish',
  verbs,
  flags,
  risk: 'HIGH',
  reason: whole
    ? `${tool} withdraws a whole published package, every version of it: everything that depends on it breaks.`
    : `${tool} withdraws a published version: every project that depends on it stops installing.`,
});
const metadata = (tool: string, verbs: VerbRule['verbs'], flags?: readonly string[]): VerbRule => ({
  rule: 'publish.metadata',
  verbs,
  flags,
  risk: 'MEDIUM',
  reason: `${tool} changes a published package's deprecation, tags or owners, which every user of it sees.`,
});

export const publishPack = cliPack('publish', [
  {
    commands: ['npm', 'pnpm', 'yarn', 'bun'],
    rules: [
      unpublish('The package manager', ['unpublish'], ['--force', '-f'], true),
      unpublish('The package manager', ['unpublish']),
      { rule: 'publish.visibility', verbs: ['access', 'public'], risk: 'HIGH', reason: 'npm access public makes a private package public: its code is exposed to everyone.' },
      publish('The package manager', ['publish']),
      metadata('The package manager', ['deprecate']),
      metadata('The package manager', ['dist-tag|dist-tags', 'rm|remove']),
      metadata('The package manager', ['owner|author', 'rm|remove']),
      metadata('The package manager', ['access', 'grant|revoke']),
    ],
  },
  { commands: ['lerna', 'changeset'], rules: [publish('The monorepo tool', ['publish'])] },
  { commands: ['np', 'semantic-release'], rules: [{ ...publish('The release tool', []), unless: ['--help', '--dry-run', '--preview', '-d'] }] },
  { commands: ['twine'], rules: [publish('twine', ['upload'])] },
  { commands: ['python', 'python3'], rules: [publish('twine', ['twine', 'upload'])] },
  { commands: ['poetry', 'flit', 'hatch', 'uv', 'pdm'], rules: [publish('The Python packaging tool', ['publish'])] },
  {
    commands: ['cargo'],
    rules: [
      metadata('cargo', ['yank'], ['--undo']),
      unpublish('cargo', ['yank']),
      metadata('cargo', ['owner'], ['--remove', '-r']),
      publish('cargo', ['publish']),
    ],
  },
  { commands: ['gem'], rules: [unpublish('gem', ['yank']), metadata('gem', ['owner'], ['--remove', '-r']), publish('gem', ['push'])] },
  { commands: ['mvn', 'mvnw'], rules: [publish('Maven', ['deploy|deploy:deploy|deploy:deploy-file|release:perform'])] },
  // Gradle's publishing tasks: `publish`, `publishToSonatype`, `:lib:publishAllPublicationsToX`; the local Maven cache is not a registry.
  { commands: ['gradle', 'gradlew'], rules: [publish('Gradle', [/^(?:[\w.-]*:)*publish(?!ToMavenLocal$)\w*$/])] },
  { commands: ['dotnet'], rules: [unpublish('dotnet nuget', ['nuget', 'delete']), publish('dotnet nuget', ['nuget', 'push'])] },
  { commands: ['nuget'], rules: [unpublish('nuget', ['delete']), publish('nuget', ['push'])] },
  { commands: ['vsce', 'ovsx'], rules: [unpublish('The extension tool', ['unpublish']), publish('The extension tool', ['publish'])] },
  { commands: ['dart', 'flutter'], rules: [{ ...publish('pub', ['pub', 'publish']), unless: ['--help', '--dry-run', '-n'] }] },
  { commands: ['mix'], rules: [unpublish('mix hex', ['hex.publish'], ['--revert']), metadata('mix hex', ['hex.retire']), publish('mix hex', ['hex.publish'])] },
  { commands: ['pod'], rules: [unpublish('pod trunk', ['trunk', 'delete']), metadata('pod trunk', ['trunk', 'deprecate']), publish('pod trunk', ['trunk', 'push'])] },
  { commands: ['anaconda'], rules: [publish('anaconda', ['upload'])] },
  { commands: ['helm'], rules: [publish('helm', ['push'])] },
]);
