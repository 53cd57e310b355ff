// The command validator as `app.validator`: built from the config (or given by the embedder), closed with the app.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { SecurityValidator } from '../security/types.js';
import { createSecurityValidator } from '../security/index.js';
import { securityOptionsFromConfig } from '../security/from-config.js';

declare module 'fastify' {
  interface FastifyInstance {
    validator: SecurityValidator;
  }
}

export interface SecurityPluginOptions {
  config: Config;
  validator?: SecurityValidator;
}

async function securityPlugin(app: FastifyInstance, opts: SecurityPluginOptions) {
  const validator =
    opts.validator ?? (await createSecurityValidator(securityOptionsFromConfig(opts.config, { registry: app.metrics.registry })));
  app.decorate('validator', validator);
  app.addHook('onClose', async () => validator.close());
}

export default fp(securityPlugin, { name: 'hookhive-security', dependencies: ['hookhive-metrics'] });
