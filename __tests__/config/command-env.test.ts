import { z } from 'zod';
import { AuthSchemeVariable, parseEnv, ScimTokenVariable } from '../../src/config/command-env';
import { ConfigError } from '../../src/errors';

const Env = z.object({ DOMO_SCIM_TOKEN: ScimTokenVariable, DOMO_SCIM_AUTH_SCHEME: AuthSchemeVariable });

describe('parseEnv', () => {
  it('returns the trimmed token and the default scheme', () => {
    expect(parseEnv('doctor', Env, { DOMO_SCIM_TOKEN: ' tok\n' })).toEqual({
      DOMO_SCIM_TOKEN: 'tok',
      DOMO_SCIM_AUTH_SCHEME: 'bearer',
    });
  });

  it('lists every problem with its variable, never a value', () => {
    const run = () => parseEnv('export', Env, { DOMO_SCIM_TOKEN: '  ', DOMO_SCIM_AUTH_SCHEME: 'basic-secret-ish' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      /^export: the environment is incomplete:\n {2}- DOMO_SCIM_TOKEN is empty\n {2}- DOMO_SCIM_AUTH_SCHEME Invalid option: expected one of "bearer"\|"developer-token"$/,
    );
    expect(() => parseEnv(undefined, Env, {})).toThrow(
      new ConfigError('the environment is incomplete:\n  - DOMO_SCIM_TOKEN is not set (the Domo access token)'),
    );
  });
});
