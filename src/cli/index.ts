#!/usr/bin/env node
// The `hookhive` command: serve | validate | forward. Each loads only what it needs: forward runs once per hook.

const USAGE = `hookhive <command>

  serve                         start the service (same as npm start; env variables configure it)
  validate ["cmd" ...] [--explain]
                                judge shell commands (arguments, or stdin lines); exit 0 allow, 1 ask, 2 deny
  forward [--dialect claude|codex|cursor|gemini|copilot] [--url URL] [--fail-closed]
                                an agent's command hook: relay stdin to the service, answer in the agent's way
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { runFromEnv } = await import('../start.js');
      await runFromEnv();
      return -1; // keep running
    }
    case 'validate': {
      const { loadConfig, ConfigError } = await import('../config.js');
      let config;
      try {
        config = loadConfig();
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`hookhive: ${err.message}\n`);
          return 78; // not 1 or 2: those say what was decided
        }
        throw err;
      }
      const { runValidate } = await import('./validate.js');
      const { securityOptionsFromConfig } = await import('../security/from-config.js');
      // The command always validates, whatever HOOK_SECURITY_VALIDATION_ENABLED says: that is what it is for.
      return runValidate(rest, process, securityOptionsFromConfig(config, { enabled: true }));
    }
    case 'forward': {
      const { runForward } = await import('./forward.js');
      return runForward(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
    default:
      process.stderr.write(`hookhive: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`hookhive: ${err.message}\n`);
    process.exitCode = 1;
  },
);
