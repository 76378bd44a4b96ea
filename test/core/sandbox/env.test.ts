import { describe, expect, it } from 'vitest';
import { isDeniedName, scrubEnv } from '../../../src/core/sandbox/env.js';

describe('scrubEnv', () => {
  const host = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/dev',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'xterm',
    CI: '1',
    GOPATH: '/home/dev/go',
    PYTHONPATH: '/srv/lib',
    MY_API_TOKEN: 'tok-123',
    AWS_SECRET_ACCESS_KEY: 'aws-secret',
    AWS_REGION: 'eu-west-1',
    GITHUB_TOKEN: 'ghp_x',
    OPENAI_API_KEY: 'sk-x',
    DB_PASSWORD: 'hunter2',
    SSH_AUTH_SOCK: '/run/user/1000/ssh-agent',
    npm_config__authToken: 'npm-x',
    EDITOR: 'vim',
    LC_SECRET: 'x',
  };

  it('keeps only allowlisted names and drops every secret-looking one', () => {
    const { env, dropped } = scrubEnv(host);
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/dev',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'xterm',
      CI: '1',
      GOPATH: '/home/dev/go',
      PYTHONPATH: '/srv/lib',
    });
    for (const name of [
      'MY_API_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
      'GITHUB_TOKEN',
      'OPENAI_API_KEY',
      'DB_PASSWORD',
      'SSH_AUTH_SOCK',
      'npm_config__authToken',
      'EDITOR',
      'LC_SECRET',
    ]) {
      expect(dropped).toContain(name);
    }
    expect(JSON.stringify(env)).not.toMatch(/tok-123|aws-secret|ghp_x|sk-x|hunter2/);
  });

  it('passes caller variables through the same deny net', () => {
    const { env, dropped } = scrubEnv({ PATH: '/bin' }, { CI: '1', PYTHONDONTWRITEBYTECODE: '1', SERVICE_TOKEN: 'x', GITHUB_ACTIONS: 'true' });
    expect(env).toEqual({ PATH: '/bin', CI: '1', PYTHONDONTWRITEBYTECODE: '1' });
    expect(dropped).toEqual(['GITHUB_ACTIONS', 'SERVICE_TOKEN']);
  });

  it('drops any value that carries a password in a URL', () => {
    const { env } = scrubEnv({ PATH: '/bin', PYTHONPATH: 'https://user:pw@example.com/x' });
    expect(env.PYTHONPATH).toBeUndefined();
  });

  it('keeps NODE_OPTIONS but strips inspector flags', () => {
    expect(scrubEnv({ NODE_OPTIONS: '--max-old-space-size=4096 --inspect=9229' }).env.NODE_OPTIONS).toBe('--max-old-space-size=4096');
    expect(scrubEnv({ NODE_OPTIONS: '--inspect-brk' }).env.NODE_OPTIONS).toBeUndefined();
  });

  it('always provides a PATH', () => {
    expect(scrubEnv({}).env.PATH).toContain('/usr/bin');
  });

  it.each(['GH_TOKEN', 'STRIPE_KEY', 'API_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'HF_TOKEN', 'SESSION_SECRET', 'PRIVATE_KEY_PATH', 'AZURE_CLIENT_ID'])(
    'denies %s',
    (name) => expect(isDeniedName(name)).toBe(true),
  );

  it.each(['PATH', 'HOME', 'GOPATH', 'KEYBOARD', 'MONKEY', 'LANG', 'GIT_AUTHOR_NAME'])('does not deny %s', (name) => {
    expect(isDeniedName(name)).toBe(false);
  });
});
