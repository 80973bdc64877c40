import { ConfigError } from '../../src/errors';
import { LOCAL_SCIM_URL, loadAppEnv } from '../../src/config/app-env';

const TOKEN = { DOMO_SCIM_TOKEN: 'tok-app-env' };

/** Loads an environment, collecting the notices it prints. */
function load(env: NodeJS.ProcessEnv): { url: string; notices: string[] } {
  const notices: string[] = [];
  const loaded = loadAppEnv(env, (line) => notices.push(line));
  return { url: loaded.DOMO_SCIM_URL, notices };
}

function rejection(env: NodeJS.ProcessEnv): ConfigError {
  const notices: string[] = [];
  try {
    loadAppEnv(env, (line) => notices.push(line));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect(notices).toEqual([]);
    return e as ConfigError;
  }
  throw new Error('the environment was accepted');
}

describe('loadAppEnv: DOMO_SCIM_URL', () => {
  test('unset: the local service, with a one-line notice naming the variable and the URL', () => {
    expect(LOCAL_SCIM_URL).toBe('http://127.0.0.1:8765/api/identity/v1/scim');
    expect(load(TOKEN)).toEqual({
      url: LOCAL_SCIM_URL,
      notices: ['DOMO_SCIM_URL is not set: using the local SCIM service at http://127.0.0.1:8765/api/identity/v1/scim'],
    });
  });

  test('set: used as given, without a notice', () => {
    expect(load({ ...TOKEN, DOMO_SCIM_URL: 'https://acme.domo.com/api/identity/v1/scim' })).toEqual({
      url: 'https://acme.domo.com/api/identity/v1/scim',
      notices: [],
    });
  });

  test.each(['', ' ', '\t\n'])('set but blank (%j): a ConfigError naming the variable', (blank) => {
    expect(rejection({ ...TOKEN, DOMO_SCIM_URL: blank }).message).toBe(
      'the cdktf app: the environment is incomplete:\n' +
        '  - DOMO_SCIM_URL is set but empty: set it to the SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim, or unset it to use the local service',
    );
  });

  test('not a URL: a ConfigError naming the variable', () => {
    expect(rejection({ ...TOKEN, DOMO_SCIM_URL: 'acme.domo.com' }).message).toBe(
      'the cdktf app: the environment is incomplete:\n  - DOMO_SCIM_URL must be a URL such as https://acme.domo.com/api/identity/v1/scim',
    );
  });

  test('every problem is listed at once, and nothing is announced for a rejected environment', () => {
    expect(rejection({ DOMO_SCIM_URL: '', DOMO_IDENTITY_SHARDS: '0' }).message).toBe(
      'the cdktf app: the environment is incomplete:\n' +
        '  - DOMO_SCIM_URL is set but empty: set it to the SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim, or unset it to use the local service\n' +
        '  - DOMO_SCIM_TOKEN is not set (the Domo SCIM token; handlers read it at deploy)\n' +
        '  - DOMO_IDENTITY_SHARDS Too small: expected number to be >=1',
    );
    expect(rejection({}).message).toBe(
      'the cdktf app: the environment is incomplete:\n  - DOMO_SCIM_TOKEN is not set (the Domo SCIM token; handlers read it at deploy)',
    );
  });
});

describe('loadAppEnv: DOMO_SCIM_TOKEN', () => {
  test.each(['', '   '])('blank (%j) is rejected by name', (token) => {
    expect(rejection({ DOMO_SCIM_TOKEN: token }).message).toBe(
      'the cdktf app: the environment is incomplete:\n  - DOMO_SCIM_TOKEN is empty',
    );
  });
});
